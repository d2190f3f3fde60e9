import { type DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type BatchGetCommandOutput, DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { AGGREGATE_DIMENSIONS, type AggregateDimension, type AggregateIncrement, mergeIncrements, type PassportFacts, passportSaleKey, type SaleImpact } from '../../domain/aggregates';
import type { AggregateItem } from '../../domain/reports';
import type { AggregateStore, CountedEvent, PassportSale } from '../../ports/aggregate-store';
import { type CountedFactor, CountedFactorSchema, StoredSaleImpactSchema } from '../../schemas/reports';
import { RecordedImpactSchema } from '../../schemas/impact-factors';
import { aggregatePartition, aggregateSk, countedEventKey, passportKey, saleImpactKey } from './keys';
import type { TransactItem } from './passport-store';
import { queryAll } from './query-all';
import { pauseBeforeAttempt } from './stored-item';

/** DynamoDB's limit of writes in one transaction. */
const TRANSACTION_ITEMS = 100;
/** BatchGetItem's limit of keys in one request. */
const BATCH_GET_KEYS = 100;
/** How often a transaction is tried again when another one wrote the same counter at that moment. */
const CONFLICT_ATTEMPTS = 8;
const DESCRIPTIVE = ['PK', 'SK', 'entity', 'dimension', 'month', 'value', 'name'];
/** The attributes of an aggregate item that hold the factors its `factor_{key}` counters count items of (`factorOf_{key}`). */
const FACTOR_PREFIX = 'factorOf_';
/** The passport attributes the aggregation reads. */
const FACTS = ['id', 'product', 'createdAt', 'receipt', 'grading', 'returnReason', 'impact'];

/**
 * The report aggregates on the platform's table (`B#{brand}#AGG`, one item per dimension × month
 * × value), as the reports read them: the report route, the monthly reports and the reconciliation
 * build this alone, without the recording below.
 */
export class DynamoDbAggregateReader implements Pick<AggregateStore, 'read'> {
  protected readonly doc: DynamoDBDocumentClient;

  constructor(protected readonly tableName: string, client: DynamoDBClient) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async read(brand: string, dimension: AggregateDimension, from: string, to: string): Promise<AggregateItem[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :first AND :last',
      // `#` sorts before every character of a month, `~` after every character of a value: the whole of each month.
      ExpressionAttributeValues: { ':pk': aggregatePartition(brand), ':first': `${dimension}#${from}#`, ':last': `${dimension}#${to}#\uffff` },
    });
    return items.flatMap((item) => (isDimension(item.dimension) ? [aggregateItemOf(item, item.dimension)] : []));
  }
}

/**
 * The aggregates as the aggregation keeps them. Events are recorded in transactions of up to 100
 * writes: one conditional put of a marker per event (`P#{passportId}` / `COUNTED#{seq}`), and one ADD per aggregate item the
 * events change, their increments merged; a `Sold` event's also puts the impact its sale claimed
 * (`P#{passportId}` / `SALE_IMPACT#{channel}#{orderId}`). A marker that exists already cancels the
 * transaction; its event is set aside as a duplicate and the others are written again without it.
 */
export class DynamoDbAggregateStore extends DynamoDbAggregateReader implements AggregateStore {
  async record(events: readonly CountedEvent[]): Promise<{ duplicates: string[] }> {
    const unique = [...new Map(events.map((event) => [event.eventId, event])).values()];
    const duplicates: string[] = [];
    for (const group of transactionGroups(unique)) duplicates.push(...(await this.recordGroup(group)));
    return { duplicates };
  }

  private async recordGroup(group: CountedEvent[]): Promise<string[]> {
    const duplicates: string[] = [];
    let pending = group;
    for (let attempt = 1; pending.length > 0; attempt++) {
      try {
        await this.doc.send(new TransactWriteCommand({ TransactItems: this.writesOf(pending) }));
        return duplicates;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const counted = pending.filter((_event, index) => reasons[index]?.Code === 'ConditionalCheckFailed');
        if (counted.length > 0) {
          duplicates.push(...counted.map((event) => event.eventId));
          pending = pending.filter((event) => !counted.includes(event));
          continue;
        }
        // Two transactions adding to the same counter at once: DynamoDB cancels one of them.
        if (attempt >= CONFLICT_ATTEMPTS || !reasons.some((reason) => reason.Code === 'TransactionConflict')) throw error;
        await pauseBeforeAttempt(attempt, 10, 40);
      }
    }
    return duplicates;
  }

  /** The markers first, in the order of the events, so a cancellation reason's index names its event. */
  private writesOf(events: readonly CountedEvent[]): TransactItem[] {
    const markers = events.map(
      (event): TransactItem => ({
        Put: {
          TableName: this.tableName,
          Item: { ...countedEventKey(event.passportId, event.seq), entity: 'CountedEvent', eventId: event.eventId },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      }),
    );
    const saleImpacts = events.flatMap(({ passportId, eventId, saleImpact }): TransactItem[] =>
      saleImpact
        ? [{ Put: { TableName: this.tableName, Item: { ...saleImpactKey(passportId, saleImpact.sale), entity: 'SaleImpact', eventId, ...saleImpact.impact } } }]
        : [],
    );
    const updates = [...brandsOf(events)].flatMap(([brand, ofBrand]) =>
      mergeIncrements(ofBrand.flatMap((event) => event.increments)).map((increment) => this.counterUpdate(brand, increment)),
    );
    return [...markers, ...saleImpacts, ...updates];
  }

  private counterUpdate(brand: string, increment: AggregateIncrement): TransactItem {
    const names: Record<string, string> = { '#entity': 'entity', '#dimension': 'dimension', '#month': 'month', '#value': 'value' };
    const values: Record<string, unknown> = { ':entity': 'Aggregate', ':dimension': increment.dimension, ':month': increment.month, ':value': increment.value };
    const set = ['#entity = :entity', '#dimension = :dimension', '#month = :month', '#value = :value'];
    if (increment.name) {
      names['#name'] = 'name';
      values[':name'] = increment.name;
      set.push('#name = :name');
    }
    Object.entries(increment.factors ?? {}).forEach(([key, factor], index) => {
      names[`#f${index}`] = `${FACTOR_PREFIX}${key}`;
      values[`:f${index}`] = factor;
      set.push(`#f${index} = :f${index}`);
    });
    const add = Object.entries(increment.counters).map(([counter, delta], index) => {
      names[`#c${index}`] = counter;
      values[`:c${index}`] = delta;
      return `#c${index} :c${index}`;
    });
    return {
      Update: {
        TableName: this.tableName,
        Key: { PK: aggregatePartition(brand), SK: aggregateSk(increment.dimension, increment.month, increment.value) },
        UpdateExpression: `SET ${set.join(', ')} ADD ${add.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  }

  async saleImpacts(sales: readonly PassportSale[]): Promise<{ kept: Map<string, SaleImpact>; unreadable: Set<string> }> {
    // Each item's key, back to the name the caller asked for it by.
    const asked = new Map(
      sales.map(({ passportId, sale }) => {
        const key = saleImpactKey(passportId, sale);
        return [`${key.PK}\u0000${key.SK}`, { key, sale: passportSaleKey(passportId, sale) }];
      }),
    );
    const kept = new Map<string, SaleImpact>();
    const unreadable = new Set<string>();
    for (const item of await this.batchGet([...asked.values()].map(({ key }) => key), ['PK', 'SK', 'month', 'counters'])) {
      const { sale } = asked.get(`${String(item.PK)}\u0000${String(item.SK)}`)!;
      const parsed = StoredSaleImpactSchema.safeParse(item);
      if (parsed.success) kept.set(sale, parsed.data);
      else unreadable.add(sale);
    }
    return { kept, unreadable };
  }

  async passportFacts(ids: readonly string[]): Promise<Map<string, PassportFacts>> {
    const facts = new Map<string, PassportFacts>();
    for (const item of await this.batchGet([...new Set(ids)].map(passportKey), FACTS)) facts.set(String(item.id), factsOf(item));
    return facts;
  }

  /** The items of these keys that exist (consistent reads), with the attributes named. */
  private async batchGet(keys: readonly Record<string, unknown>[], attributes: readonly string[]): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    for (let start = 0; start < keys.length; start += BATCH_GET_KEYS) {
      let pending: Record<string, unknown>[] | undefined = keys.slice(start, start + BATCH_GET_KEYS);
      while (pending && pending.length > 0) {
        const result: BatchGetCommandOutput = await this.doc.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: {
                Keys: pending,
                ProjectionExpression: attributes.map((_name, index) => `#f${index}`).join(', '),
                ExpressionAttributeNames: Object.fromEntries(attributes.map((name, index) => [`#f${index}`, name])),
                ConsistentRead: true,
              },
            },
          }),
        );
        items.push(...(result.Responses?.[this.tableName] ?? []));
        pending = result.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return items;
  }
}

/**
 * Consecutive events in groups whose markers, sales' impacts and merged counter updates fit one
 * transaction. An event alone always fits: it changes at most a handful of items.
 */
function transactionGroups(events: readonly CountedEvent[]): CountedEvent[][] {
  const groups: CountedEvent[][] = [];
  let group: CountedEvent[] = [];
  let counters = new Set<string>();
  /** The group's writes besides its counters: a marker per event, and each sale's impact. */
  let puts = 0;
  for (const event of events) {
    const touched = event.increments.map((increment) => `${event.brand}#${increment.dimension}#${increment.month}#${increment.value}`);
    const grown = new Set([...counters, ...touched]);
    const own = event.saleImpact ? 2 : 1;
    if (group.length > 0 && puts + own + grown.size > TRANSACTION_ITEMS) {
      groups.push(group);
      group = [];
      counters = new Set(touched);
      puts = 0;
    } else {
      counters = grown;
    }
    puts += own;
    group.push(event);
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

function brandsOf(events: readonly CountedEvent[]): Map<string, CountedEvent[]> {
  const byBrand = new Map<string, CountedEvent[]>();
  for (const event of events) byBrand.set(event.brand, [...(byBrand.get(event.brand) ?? []), event]);
  return byBrand;
}

function isDimension(value: unknown): value is AggregateDimension {
  return (AGGREGATE_DIMENSIONS as readonly unknown[]).includes(value);
}

function aggregateItemOf(item: Record<string, unknown>, dimension: AggregateDimension): AggregateItem {
  const counters: Record<string, number> = Object.create(null);
  const factors: Record<string, CountedFactor> = Object.create(null);
  for (const [attribute, value] of Object.entries(item)) {
    if (!DESCRIPTIVE.includes(attribute) && typeof value === 'number') counters[attribute] = value;
    if (attribute.startsWith(FACTOR_PREFIX)) {
      // A factor that does not parse is left out: the report lists its items with the category's factor now.
      const factor = CountedFactorSchema.safeParse(value);
      if (factor.success) factors[attribute.slice(FACTOR_PREFIX.length)] = factor.data;
    }
  }
  return {
    dimension,
    month: String(item.month),
    value: String(item.value),
    counters,
    ...(typeof item.name === 'string' ? { name: item.name } : {}),
    ...(Object.keys(factors).length > 0 ? { factors } : {}),
  };
}

function factsOf(item: Record<string, unknown>): PassportFacts {
  const product = item.product as PassportFacts['product'];
  const receipt = item.receipt as { at?: string } | undefined;
  const grading = item.grading as { at?: string } | undefined;
  // Written with the grading by the platform itself; one that does not parse counts as none recorded (graded before).
  const impact = RecordedImpactSchema.safeParse(item.impact);
  return {
    product: { sku: product.sku, name: product.name, category: product.category, weightGrams: product.weightGrams },
    createdAt: String(item.createdAt),
    ...(receipt?.at ? { receipt: { at: receipt.at } } : {}),
    ...(grading?.at ? { grading: { at: grading.at } } : {}),
    ...(typeof item.returnReason === 'string' ? { returnReason: item.returnReason } : {}),
    ...(impact.success ? { impact: impact.data } : {}),
  };
}
