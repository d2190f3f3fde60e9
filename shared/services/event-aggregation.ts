import { type BrandEconomics, COUNTED_EVENT_TYPES, incrementsOf } from '../domain/aggregates';
import type { BrandConfig } from '../domain/catalog';
import type { ImpactFactors } from '../domain/impact';
import type { AggregateStore, CountedEvent } from '../ports/aggregate-store';
import type { PassportEventDetail } from '../schemas/events';

export interface EventAggregationDependencies {
  aggregates: AggregateStore;
  /** The brand's configuration; undefined for a brand that has none. */
  brandConfig: (brand: string) => Promise<BrandConfig | undefined>;
  factors: ImpactFactors;
}

/** What became of a batch of events. */
export interface AggregationOutcome {
  counted: string[];
  /** Counted before: a redelivery, which changed nothing. */
  duplicates: string[];
  /** Not counted now; delivering them again is safe. */
  failed: string[];
}

const COUNTED: ReadonlySet<string> = new Set(COUNTED_EVENT_TYPES);

/**
 * Keeps the report aggregates from the passport events: each event's increments
 * (`shared/domain/aggregates.ts`) are recorded with its id, once. The product, the return reason
 * and the times of earlier steps come from the passport, read once per event (one batch read per
 * batch of events): they are fixed once written, so reading them late gives what the event would
 * have carried, whatever order the events arrive in.
 */
export class EventAggregation {
  constructor(private readonly deps: EventAggregationDependencies) {}

  async aggregate(events: readonly PassportEventDetail[]): Promise<AggregationOutcome> {
    const counted = events.filter((event) => COUNTED.has(event.type));
    if (counted.length === 0) return { counted: [], duplicates: [], failed: [] };
    const facts = await this.deps.aggregates.passportFacts(counted.map((event) => event.passportId));
    const economics = new Map<string, BrandEconomics>();
    for (const brand of new Set(counted.map((event) => event.brand))) economics.set(brand, this.economicsOf(await this.deps.brandConfig(brand)));

    // An event whose passport cannot be read is not counted now; its redelivery will be.
    const failed = counted.filter((event) => !facts.has(event.passportId)).map((event) => event.eventId);
    const recordable: CountedEvent[] = counted
      .filter((event) => facts.has(event.passportId))
      .map((event) => ({
        eventId: event.eventId,
        passportId: event.passportId,
        seq: event.seq,
        brand: event.brand,
        increments: incrementsOf(event, facts.get(event.passportId)!, economics.get(event.brand)!),
      }));
    const { duplicates } = await this.deps.aggregates.record(recordable);
    const repeated = new Set(duplicates);
    return { counted: recordable.map((event) => event.eventId).filter((id) => !repeated.has(id)), duplicates, failed };
  }

  private economicsOf(config: BrandConfig | undefined): BrandEconomics {
    return {
      factors: this.deps.factors,
      ...(config?.timeZone ? { timeZone: config.timeZone } : {}),
      ...(config?.payouts?.voucherCostRatio !== undefined ? { voucherCostRatio: config.payouts.voucherCostRatio } : {}),
      ...(config?.labelCost ? { labelCost: config.labelCost } : {}),
      ...(config?.impactOverrides ? { impactOverrides: config.impactOverrides } : {}),
    };
  }
}
