import type { BrandCatalog, Grade } from '../domain/catalog';
import type { LedgerEntry } from '../domain/ledger';
import type { PassportState } from '../domain/lifecycle';
import type { OfferByGrade } from '../domain/offer';
import type { Passport, PassportEvent, PassportEventType } from '../domain/passport';

/** An instant offer, kept until it is used for a take-back or expires. */
export interface QuoteRecord {
  quoteId: string;
  brand: string;
  sku: string;
  answers: Record<string, string>;
  grade: Grade;
  value: { min: number; max: number; currency: string };
  /** What the rules offered for every grade when the quote was made (quotes since 7 December 2026), for grading. */
  grades?: OfferByGrade;
  validUntil: string;
  createdAt: string;
  /** The take-back that used the quote; a quote serves one take-back only. */
  usedBy?: string;
}

type OptionalPassportField = { [K in keyof Passport]-?: undefined extends Passport[K] ? K : never }[keyof Passport];

/** What a transition writes besides the new state: changed fields and the event that explains them. */
export interface TransitionRequest {
  to: PassportState;
  /**
   * The states the caller read the passport in; in any other it was changed since, and the move is
   * refused as a concurrent change even where the lifecycle would allow it (a second grader must
   * not turn GRADED into COUNTER_OFFERED).
   */
  from?: readonly PassportState[];
  /**
   * The version the caller read the passport at, where its decision rests on more than the state
   * (a route, a grade): a passport changed since, even in the same state, is refused as a
   * concurrent change, so the caller decides again on what is there now.
   */
  version?: number;
  at: string;
  event: { type: PassportEventType; data: Record<string, unknown> };
  /** Fields of the passport to set with the transition. */
  set?: Partial<Omit<Passport, 'id' | 'brand' | 'state' | 'version' | 'createdAt' | 'updatedAt'>>;
  /** Optional fields of the passport to remove with the transition. */
  remove?: OptionalPassportField[];
  /** Ledger entries the move books, written in its transaction with the passport's brand and category. */
  ledger?: LedgerEntry[];
}

/** What an amendment writes: changed fields and the event that explains them, in the same state. */
export interface AmendRequest {
  /** The states in which the amendment applies; in any other it is refused as a conflict. */
  in: readonly PassportState[];
  /**
   * The version the caller read the passport at, where the change was computed from that read (a
   * list it appends to): if the passport changed since, nothing is written (ConcurrentChangeError).
   */
  version?: number;
  at: string;
  event: { type: PassportEventType; data: Record<string, unknown> };
  set?: TransitionRequest['set'];
  remove?: OptionalPassportField[];
}

/** A counter a new passport must stay under: one mailbox's take-backs at one brand on one day. */
export interface RecipientDailyCap {
  /** The hash of the mailbox of the customer's e-mail address (`mailboxHash`), never the address. */
  recipientHash: string;
  /** Names the day counted (see `labelEmailDay`). */
  day: string;
  limit: number;
  /** When the counter may be forgotten. */
  expiresAt: Date;
}

/** The address had its day's take-backs at this brand already: nothing was written. */
export class RecipientCapReachedError extends Error {
  override readonly name = 'RecipientCapReachedError';
}

/** A passport and its events, read: what the pages and the checks that change nothing take. */
export interface PassportReads {
  getPassport(id: string): Promise<Passport | undefined>;
  /** The passport's events, oldest first. */
  getTimeline(id: string): Promise<PassportEvent[]>;
}

/**
 * The passports and their events. Every write that changes a passport's state is
 * conditional on the state it read, and writes the event in the same transaction.
 */
export interface PassportRecords extends PassportReads {
  /**
   * Moves the passport to `request.to` if the lifecycle allows it from the state it is in now and
   * nobody moved it in between.
   * @throws NotFoundError, ConflictError (not allowed from the current state), ConcurrentChangeError
   *   (lost a race, or not in `from`).
   */
  transition(id: string, request: TransitionRequest): Promise<Passport>;
  /**
   * Changes fields of the passport without moving it, with the event that explains the change, if
   * it is in one of `request.in` and nobody changed it in between.
   * @throws NotFoundError, ConflictError (in another state, or lost a race).
   */
  amend(id: string, request: AmendRequest): Promise<Passport>;
  /** Appends an event that does not change the state (e.g. an e-mail sent). */
  appendEvent(id: string, at: string, event: { type: PassportEventType; data: Record<string, unknown> }): Promise<PassportEvent>;
  /**
   * Claims a side effect that must happen at most once per passport (an e-mail, a voucher):
   * `true` for the first caller of a key, `false` for every later one. With `leaseMs`, a claim
   * older than that counts as abandoned (its holder crashed without releasing it) and is taken over.
   */
  claimOnce(id: string, key: string, at: string, leaseMs?: number): Promise<boolean>;
  /** Gives a claim back after its side effect failed, so that a retry may claim it again. */
  releaseClaim(id: string, key: string): Promise<void>;
}

/**
 * The passports with the brands' configuration they are taken back, graded and paid under. A
 * service that never reads a configuration takes {@link PassportRecords}, so that its Lambda does
 * not carry (and build at every cold start) the configuration's schemas.
 */
export interface PassportStore extends PassportRecords, BrandCatalogs {}

/**
 * {@link PassportStore} with the take-back's beginning: its quotes and its new passports. Only the
 * quote and the request write these, so only their functions carry them.
 */
export interface TakeBackRecords extends PassportStore {
  saveQuote(quote: QuoteRecord): Promise<void>;
  /** The quote, if it exists and belongs to the brand. */
  getQuote(brand: string, quoteId: string): Promise<QuoteRecord | undefined>;

  /**
   * Stores a new passport in REQUESTED with its first event, and marks the quote used by it; with
   * a cap, counts the passport against it in the same transaction; with the customer's hash
   * (`mailboxHash`; `customerEmailHash` until the evening of 7 December 2026), files it among the customer's take-backs there too.
   * @throws ConflictError when the quote was used already; RecipientCapReachedError when the cap's
   *   counter is at its limit.
   */
  createPassport(
    passport: Passport,
    event: { type: PassportEventType; data: Record<string, unknown> },
    cap?: RecipientDailyCap,
    customerHash?: string,
  ): Promise<PassportEvent>;
}

/** The brands' catalogs alone: what the catalog route reads. */
export interface BrandCatalogs {
  /**
   * A brand's catalog (configuration, products and questions), parsed with its schema.
   * @throws BrandConfigUnreadableError when the stored configuration does not parse.
   */
  getCatalog(brand: string): Promise<BrandCatalog | undefined>;
}

/** Claims (as {@link PassportRecords.claimOnce}) that a move of their passport must not overtake. */
export interface GuardedClaims {
  /**
   * `claimOnce` with a lease, in one transaction with a check that the passport is in none of `states`: a claim is
   * taken before any move into them, or not at all (`'moved'`: the passport is in one of them, or gone).
   */
  claimOnceUnless(id: string, key: string, at: string, leaseMs: number, states: readonly [PassportState, ...PassportState[]]): Promise<boolean | 'moved'>;
  /**
   * `claimOnce` with a lease, in one transaction with a check that the passport's personal data is not erased: a claim
   * is taken before the erasure, or not at all (`'erased'`: erased, or gone).
   */
  claimOnceUnlessErased(id: string, key: string, at: string, leaseMs: number): Promise<boolean | 'erased'>;
}
