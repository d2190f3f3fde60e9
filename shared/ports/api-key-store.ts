/** A brand shop's API key as stored: the SHA-256 of the key, never the key. */
export interface ApiKeyRecord {
  keyId: string;
  keyHash: string;
  brand: string;
  name: string;
  createdAt: string;
}

export interface ApiKeyStore {
  putApiKey(record: ApiKeyRecord): Promise<void>;
  findByHash(keyHash: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(brand: string): Promise<ApiKeyRecord[]>;
  /** @returns `false` when the brand has no such key. */
  deleteApiKey(brand: string, keyId: string): Promise<boolean>;
}
