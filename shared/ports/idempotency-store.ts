/** The response a request produced, kept to be answered again to a repeat of the request. */
export interface StoredResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

/** What is remembered of one `Idempotency-Key` within its caller's scope. */
export interface IdempotencyRecord {
  /** SHA-256 of the caller scope and the key. */
  scopedKeyHash: string;
  /** SHA-256 of the request the key was first used with. */
  fingerprint: string;
  /** A random token of the request that holds the key: only it may complete or release the record. */
  owner: string;
  status: 'IN_PROGRESS' | 'COMPLETED';
  /** Epoch seconds after which an IN_PROGRESS record of a request that died may be taken over. */
  lockedUntil: number;
  /** Epoch seconds after which the key is forgotten (the table's TTL attribute). */
  expiresAt: number;
  response?: StoredResponse;
}

/**
 * Where idempotency records live. Every write is conditional, so concurrent requests with one key
 * cannot both hold it, and a request can only ever complete or release the record it claimed.
 */
export interface IdempotencyStore {
  /**
   * Claims the key for `record.owner` unless a live record holds it.
   * @returns `undefined` when claimed, else the record that holds the key (read consistently).
   */
  claim(record: IdempotencyRecord, nowSeconds: number): Promise<IdempotencyRecord | undefined>;
  /** Stores the response and marks the record COMPLETED, if `owner` still holds it. */
  complete(scopedKeyHash: string, owner: string, response: StoredResponse): Promise<void>;
  /** Deletes the record if `owner` still holds it and it is not COMPLETED; anyone else's record stays. */
  release(scopedKeyHash: string, owner: string): Promise<void>;
}
