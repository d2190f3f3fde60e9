import type { AggregateDimension, AggregateIncrement, PassportFacts, SaleImpact } from '../domain/aggregates';
import type { AggregateItem } from '../domain/reports';

/** One event's increments, under the event's id (`{passportId}/{seq}`). */
export interface CountedEvent {
  eventId: string;
  passportId: string;
  seq: number;
  brand: string;
  increments: AggregateIncrement[];
  /** A `Sold` event's: the impact its sale claimed (`sale` is `saleKeyOf` its channel and order), kept with the event. */
  saleImpact?: { sale: string; impact: SaleImpact };
}

/** A sale of a passport, as `saleKeyOf` names it. */
export interface PassportSale {
  passportId: string;
  sale: string;
}

/**
 * A brand's report aggregates. Recording an event adds its increments and remembers its id in
 * one transaction, so an event counts once however often it is delivered: a repeat changes
 * nothing and is answered as a duplicate.
 */
export interface AggregateStore {
  /**
   * Records the events, each exactly once.
   * @returns the ids of the events that were recorded before (and changed nothing now).
   * @throws when a write failed; events not named in the error may have been recorded, and
   * recording them again is safe.
   */
  record(events: readonly CountedEvent[]): Promise<{ duplicates: string[] }>;
  /** The brand's aggregate items of one dimension for the months `from`…`to` (both `YYYY-MM`). */
  read(brand: string, dimension: AggregateDimension, from: string, to: string): Promise<AggregateItem[]>;
  /**
   * The impact each of these sales claimed when its `Sold` event was counted, by `passportSaleKey`: `kept`
   * holds those that parse, `unreadable` names those that do not; a sale not counted, or counted before
   * 6 December, is in neither.
   */
  saleImpacts(sales: readonly PassportSale[]): Promise<{ kept: Map<string, SaleImpact>; unreadable: Set<string> }>;
  /** The passports' facts the aggregation needs, by id; a missing passport is missing from the map. */
  passportFacts(ids: readonly string[]): Promise<Map<string, PassportFacts>>;
}
