import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, type DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { BrandCatalog } from '../../domain/catalog';
import { ConcurrentChangeError, ConflictError, NotFoundError } from '../../domain/errors';
import { ledgerLineOf } from '../../domain/ledger';
import { assertTransition, type PassportState } from '../../domain/lifecycle';
import { RECENT_ERASURE_SECONDS } from '../../domain/photos';
import type { Passport, PassportEvent, PassportEventType } from '../../domain/passport';
import { DynamoDbBrandConfigReader, DynamoDbBrandConfigStore } from './brand-config-store';
import {
  type AmendRequest,
  type GuardedClaims,
  type PassportReads,
  type PassportRecords,
  type PassportStore,
  type QuoteRecord,
  RecipientCapReachedError,
  type RecipientDailyCap,
  type TakeBackRecords,
  type TransitionRequest,
} from '../../ports/passport-store';
import {
  claimKey,
  customerTakeBackKey,
  EVENT_PREFIX,
  eventKey,
  passportKey,
  quoteKey,
  recentErasureKey,
  recipientDayKey,
  shipmentKey,
  stateQueueKey,
} from './keys';
import { ledgerLinePut } from './ledger-store';
import { queryAll } from './query-all';
import { pauseBeforeAttempt, withoutKeys } from './stored-item';

type Item = Record<string, unknown>;
/** One write of a DynamoDB transaction. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type EventInput = { type: PassportEventType; data: Record<string, unknown> };

/** Quotes stay readable a while after they expire, so that a late customer hears "expired", not "unknown". */
const QUOTE_RETENTION_SECONDS = 30 * 24 * 3600;
/** How often an append or a creation retries when a concurrent writer got there first. */
const APPEND_ATTEMPTS = 5;

/** A passport and its events on the one DynamoDB table (DESIGN.md §5), read consistently. */
export class DynamoDbPassportReads implements PassportReads {
  protected readonly doc: DynamoDBDocumentClient;

  constructor(protected readonly tableName: string, client: DynamoDBClient) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async getPassport(id: string): Promise<Passport | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: passportKey(id), ConsistentRead: true }),
    );
    return Item ? (withoutKeys(Item, 'ttl') as unknown as Passport) : undefined;
  }

  async getTimeline(id: string): Promise<PassportEvent[]> {
    const items = await this.queryAll({ PK: passportKey(id).PK, prefix: EVENT_PREFIX });
    return items.map((item) => withoutKeys(item, 'ttl') as unknown as PassportEvent);
  }

  protected async queryAll(query: { PK: string; prefix?: string }): Promise<Item[]> {
    return queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: query.prefix ? 'PK = :pk AND begins_with(SK, :prefix)' : 'PK = :pk',
      ExpressionAttributeValues: query.prefix ? { ':pk': query.PK, ':prefix': query.prefix } : { ':pk': query.PK },
      ConsistentRead: true,
    });
  }
}

/**
 * The PassportRecords: {@link DynamoDbPassportReads} with the writes. State changes are
 * transactions of "update the passport if it is still at the version I read" and "put the event
 * of that version", so two writers can never both move a passport and state and history can never
 * disagree. A class is kept whole in a bundle, so the functions that only read a passport (the
 * staff's passport page, the label, the tracking page) carry none of the transactions.
 */
export class DynamoDbPassportRecords extends DynamoDbPassportReads implements PassportRecords {
  /**
   * Moves the passport; `alongside` are further writes of the same transaction (a repair job, a
   * listing), which commit with the move or not at all, as do the request's ledger lines (after
   * `alongside`, so the indexes of its items stay as they are). When one of them fails its condition,
   * the TransactionCanceledException is rethrown for the caller to read.
   */
  async transition(id: string, request: TransitionRequest, alongside: TransactItem[] = []): Promise<Passport> {
    const current = await this.getPassport(id);
    if (!current) throw new NotFoundError(`No passport ${id}.`);
    if (request.from && !request.from.includes(current.state)) {
      throw new ConcurrentChangeError(`The passport is ${current.state}, not ${request.from.join(' or ')}; it was not moved to ${request.to}.`, {
        currentState: current.state,
      });
    }
    if (request.version !== undefined && request.version !== current.version) {
      throw new ConcurrentChangeError(`The passport was changed since version ${request.version}; it was not moved to ${request.to}.`, {
        currentState: current.state,
      });
    }
    assertTransition(current.state, request.to);
    const { from: _from, version: _version, to, ...change } = request;
    return this.writeChange(current, { ...change, state: to }, alongside);
  }

  /** Amends the passport in its state; `alongside` as for {@link transition}. */
  async amend(id: string, request: AmendRequest, alongside: TransactItem[] = []): Promise<Passport> {
    const current = await this.getPassport(id);
    if (!current) throw new NotFoundError(`No passport ${id}.`);
    if (!request.in.includes(current.state)) {
      throw new ConflictError(`A passport in state ${current.state} cannot take a ${request.event.type} event.`, { currentState: current.state });
    }
    if (request.version !== undefined && request.version !== current.version) {
      throw new ConcurrentChangeError(`The passport was changed since version ${request.version}; the ${request.event.type} was not written.`);
    }
    const { in: _in, version: _version, ...change } = request;
    return this.writeChange(current, { ...change, state: current.state }, alongside);
  }

  private async writeChange(
    current: Passport,
    change: Omit<TransitionRequest, 'to' | 'from'> & { state: PassportState },
    alongside: TransactItem[],
  ): Promise<Passport> {
    const { id } = current;
    const next: Passport = { ...current, ...change.set, state: change.state, version: current.version + 1, updatedAt: change.at };
    for (const field of change.remove ?? []) delete next[field];
    const event: PassportEvent = { ...change.event, passportId: id, brand: current.brand, seq: next.version, at: change.at, state: change.state };
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: passportItem(next),
                ConditionExpression: '#version = :read AND #state = :state',
                ExpressionAttributeNames: { '#version': 'version', '#state': 'state' },
                ExpressionAttributeValues: { ':read': current.version, ':state': current.state },
              },
            },
            { Put: this.eventPut(event) },
            ...this.shipmentIndexPut(current, next),
            ...this.recentErasurePut(current, next),
            ...alongside,
            ...(change.ledger ?? []).map((entry) => ledgerLinePut(this.tableName, ledgerLineOf(current, entry))),
          ],
        }),
      );
    } catch (error) {
      if (cancelledBy(error, 0) || cancelledBy(error, 1) || collided(error)) {
        const now = await this.getPassport(id);
        throw new ConcurrentChangeError(`The passport was changed concurrently and is now ${now?.state}; the ${change.event.type} was not written.`, {
          currentState: now?.state,
        });
      }
      throw error;
    }
    return next;
  }

  /** The write that finds the passport by its label's shipment number, when the change gives it one. */
  private shipmentIndexPut(current: Passport, next: Passport): TransactItem[] {
    const shipmentNo = next.label?.shipmentNo;
    if (!shipmentNo || shipmentNo === current.label?.shipmentNo) return [];
    return [{ Put: { TableName: this.tableName, Item: { ...shipmentKey(next.brand, shipmentNo), entity: 'Shipment', passportId: next.id } } }];
  }

  /**
   * The write that lists the passport among its brand's recent erasures for an hour, when the change erases its
   * customer's data: the deletion of photos uploaded after an erasure finds it there, whatever its state. In the
   * erasure's own transaction, so that no erasure goes unlisted (until 7 December 2026 the deletion read the cancelled
   * take-backs only, and missed a passport erased in another state within an upload address's 15 minutes).
   */
  private recentErasurePut(current: Passport, next: Passport): TransactItem[] {
    if (!next.erasure || current.erasure) return [];
    const { at } = next.erasure;
    const ttl = Math.floor(Date.parse(at) / 1000) + RECENT_ERASURE_SECONDS;
    return [{ Put: { TableName: this.tableName, Item: { ...recentErasureKey(next.brand, at, next.id), entity: 'RecentErasure', passportId: next.id, brand: next.brand, erasedAt: at, ttl } } }];
  }

  async appendEvent(id: string, at: string, input: EventInput): Promise<PassportEvent> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.getPassport(id);
      if (!current) throw new NotFoundError(`No passport ${id}.`);
      const event: PassportEvent = { ...input, passportId: id, brand: current.brand, seq: current.version + 1, at, state: current.state };
      try {
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.tableName,
                  Key: passportKey(id),
                  UpdateExpression: 'SET #version = :next',
                  ConditionExpression: '#version = :read',
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':read': current.version, ':next': event.seq },
                },
              },
              { Put: this.eventPut(event) },
            ],
          }),
        );
        return event;
      } catch (error) {
        if (attempt >= APPEND_ATTEMPTS || !(cancelledBy(error, 0) || cancelledBy(error, 1) || collided(error))) throw error;
      }
    }
  }

  async claimOnce(id: string, key: string, at: string, leaseMs?: number): Promise<boolean> {
    // Names this caller, so that a put the SDK sent again after its answer was lost finds its own claim.
    const holder = randomUUID();
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, ...claimPut(id, key, at, leaseMs, holder) }));
      return true;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    return holdsClaim(this.doc, this.tableName, id, key, holder);
  }

  async releaseClaim(id: string, key: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: claimKey(id, key) }));
  }

  protected eventPut(event: PassportEvent): NonNullable<TransactItem['Put']> {
    return {
      TableName: this.tableName,
      Item: { ...eventKey(event.passportId, event.seq), entity: 'PassportEvent', ...event },
      ConditionExpression: 'attribute_not_exists(PK)',
    };
  }
}

/** A passport as stored: its keys, and the keys of its brand's work queue for its state (GSI1). */
function passportItem(passport: Passport): Item {
  return { ...passportKey(passport.id), entity: 'Passport', ...stateQueueKey(passport.brand, passport.state, passport.updatedAt), ...passport };
}

/** Whether a transaction failed because the condition of its item at `index` did not hold. */
export function cancelledBy(error: unknown, index: number): boolean {
  return (
    error instanceof TransactionCanceledException &&
    error.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed'
  );
}

/**
 * Whether a transaction was cancelled because another transaction was writing the same item at
 * that moment: DynamoDB then answers TransactionConflict instead of evaluating the condition.
 */
function collided(error: unknown): boolean {
  return error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict');
}

/**
 * Claims taken only while their passport is in none of some states, in one transaction with that check: apart from
 * {@link DynamoDbPassportRecords}, so that only the functions that take one carry it.
 */
export class DynamoDbGuardedClaims implements GuardedClaims {
  private readonly doc: DynamoDBDocumentClient;

  constructor(private readonly tableName: string, client: DynamoDBClient) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  async claimOnceUnless(id: string, key: string, at: string, leaseMs: number, states: readonly [PassportState, ...PassportState[]]): Promise<boolean | 'moved'> {
    const values = Object.fromEntries(states.map((state, index) => [`:state${index}`, state]));
    const claimed = await this.claimChecking(id, key, at, leaseMs, {
      ConditionExpression: `attribute_exists(PK) AND NOT (#state IN (${Object.keys(values).join(', ')}))`,
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: values,
    });
    return claimed === 'refused' ? 'moved' : claimed;
  }

  async claimOnceUnlessErased(id: string, key: string, at: string, leaseMs: number): Promise<boolean | 'erased'> {
    const claimed = await this.claimChecking(id, key, at, leaseMs, { ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(erasure)' });
    return claimed === 'refused' ? 'erased' : claimed;
  }

  /** The claim, in one transaction with `check` on its passport: `'refused'` when the check does not hold. */
  private async claimChecking(
    id: string,
    key: string,
    at: string,
    leaseMs: number,
    check: Pick<NonNullable<TransactItem['ConditionCheck']>, 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>,
  ): Promise<boolean | 'refused'> {
    const holder = randomUUID();
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, ...claimPut(id, key, at, leaseMs, holder) } },
            { ConditionCheck: { TableName: this.tableName, Key: passportKey(id), ...check } },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (cancelledBy(error, 1)) return 'refused';
      if (!cancelledBy(error, 0)) throw error;
    }
    return holdsClaim(this.doc, this.tableName, id, key, holder);
  }
}

/** {@link DynamoDbPassportRecords} with the brands' configuration, read through {@link DynamoDbBrandConfigReader}. */
export class DynamoDbPassportStore extends DynamoDbPassportRecords implements PassportStore {
  private readonly configs: DynamoDbBrandConfigReader;

  constructor(tableName: string, client: DynamoDBClient) {
    super(tableName, client);
    this.configs = new DynamoDbBrandConfigReader(tableName, client);
  }

  async getCatalog(brand: string): Promise<BrandCatalog | undefined> {
    return this.configs.getCatalog(brand);
  }
}

/**
 * {@link DynamoDbPassportStore} with the take-back's quotes and new passports: the quote's and the
 * request's functions. A class is kept whole in a bundle, so the other functions carry none of it.
 */
export class DynamoDbTakeBackStore extends DynamoDbPassportStore implements TakeBackRecords {
  async saveQuote(quote: QuoteRecord): Promise<void> {
    const ttl = Math.floor(Date.parse(quote.validUntil) / 1000) + QUOTE_RETENTION_SECONDS;
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { ...quoteKey(quote.quoteId), entity: 'Quote', ttl, ...quote } }),
    );
  }

  async getQuote(brand: string, quoteId: string): Promise<QuoteRecord | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: quoteKey(quoteId) }));
    if (!Item || Item.brand !== brand) return undefined;
    return withoutKeys(Item, 'ttl') as unknown as QuoteRecord;
  }

  async createPassport(passport: Passport, event: EventInput, cap?: RecipientDailyCap, customerHash?: string): Promise<PassportEvent> {
    const stored: PassportEvent = { ...event, passportId: passport.id, brand: passport.brand, seq: 1, at: passport.createdAt, state: passport.state };
    const transaction: TransactWriteCommandInput = {
      TransactItems: [
        {
          Put: {
            TableName: this.tableName,
            Item: passportItem({ ...passport, version: 1 }),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        { Put: this.eventPut(stored) },
        {
          Update: {
            TableName: this.tableName,
            Key: quoteKey(passport.offer.quoteId),
            UpdateExpression: 'SET usedBy = :id',
            ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(usedBy)',
            ExpressionAttributeValues: { ':id': passport.id },
          },
        },
        ...(cap ? [this.capCount(passport.brand, cap)] : []),
        // Last: the items above are named by their index when a condition fails.
        ...(customerHash
          ? [{ Put: { TableName: this.tableName, Item: { ...customerTakeBackKey(passport.brand, customerHash, passport.id), entity: 'CustomerTakeBack' } } }]
          : []),
      ],
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.doc.send(new TransactWriteCommand(transaction));
        return stored;
      } catch (error) {
        if (cancelledBy(error, 2)) throw new ConflictError('This quote was used for a take-back already; ask for a new quote.');
        if (cap && cancelledBy(error, 3)) throw new RecipientCapReachedError(`${cap.limit} take-backs for this address today`);
        // Requests of one address at once write the same counter; a collision wrote nothing, so try again.
        if (attempt >= APPEND_ATTEMPTS || !collided(error)) throw error;
        await pauseBeforeAttempt(attempt, 10, 40);
      }
    }
  }

  /** Adds one to the day's counter of the address, if it is below the cap; the counter forgets itself after `expiresAt`. */
  private capCount(brand: string, cap: RecipientDailyCap): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: recipientDayKey(brand, cap.recipientHash, cap.day),
        UpdateExpression: 'SET #count = if_not_exists(#count, :zero) + :one, #ttl = :ttl, entity = :entity',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
        ExpressionAttributeNames: { '#count': 'takeBacks', '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':zero': 0,
          ':one': 1,
          ':limit': cap.limit,
          ':ttl': Math.floor(cap.expiresAt.getTime() / 1000),
          ':entity': 'RecipientDay',
        },
      },
    };
  }
}

/**
 * {@link DynamoDbTakeBackStore} that also seeds a brand's configuration: the local cloud's demo
 * brand, the benchmarks' and the tests' brands. No function seeds, so none carries the saves.
 */
export class DynamoDbSeedingPassportStore extends DynamoDbTakeBackStore {
  private readonly seeds: DynamoDbBrandConfigStore;

  constructor(tableName: string, client: DynamoDBClient) {
    super(tableName, client);
    this.seeds = new DynamoDbBrandConfigStore(tableName, client);
  }

  /** Saves a brand's whole catalog as the platform's own version, unless it is stored as it is already. */
  async putCatalog(catalog: BrandCatalog): Promise<void> {
    await this.seeds.seed(catalog, new Date().toISOString());
  }
}

/** A claim's put: taken when none is held, or (with `leaseMs`) when the one held is older than its lease. */
function claimPut(id: string, key: string, at: string, leaseMs: number | undefined, holder: string) {
  const Item = { ...claimKey(id, key), entity: 'Claim', claimedAt: at, holder };
  if (leaseMs === undefined) return { Item, ConditionExpression: 'attribute_not_exists(PK)' };
  const abandonedBefore = new Date(Date.parse(at) - leaseMs).toISOString();
  return { Item, ConditionExpression: 'attribute_not_exists(PK) OR claimedAt < :abandonedBefore', ExpressionAttributeValues: { ':abandonedBefore': abandonedBefore } };
}

/** Whether `holder` holds the claim: a write the SDK sent again after its answer was lost finds its own. */
async function holdsClaim(doc: DynamoDBDocumentClient, tableName: string, id: string, key: string, holder: string): Promise<boolean> {
  const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: claimKey(id, key), ConsistentRead: true }));
  return Item?.holder === holder;
}
