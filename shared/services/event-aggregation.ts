import { type BrandEconomics, COUNTED_EVENT_TYPES, incrementsOf, passportSaleKey, saleImpactOf, saleKeyOf } from '../domain/aggregates';
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
 * have carried, whatever order the events arrive in. A sale's impact is kept with it when it is
 * counted, and its return (`SaleReturned`) takes back what was kept (read once per batch), not
 * what the brand's factors would give by then.
 */
export class EventAggregation {
  constructor(private readonly deps: EventAggregationDependencies) {}

  async aggregate(events: readonly PassportEventDetail[]): Promise<AggregationOutcome> {
    const counted = events.filter((event) => COUNTED.has(event.type));
    if (counted.length === 0) return { counted: [], duplicates: [], failed: [] };
    const facts = await this.deps.aggregates.passportFacts(counted.map((event) => event.passportId));
    const returned = counted.flatMap((event) => (event.type === 'SaleReturned' ? [{ passportId: event.passportId, sale: saleKeyOf(event.data) }] : []));
    const saleImpacts = returned.length > 0 ? await this.deps.aggregates.saleImpacts(returned) : { kept: new Map(), unreadable: new Set<string>() };
    /** A return's sale among the batch's kept impacts; none for any other event. */
    const saleOfReturn = (event: PassportEventDetail) => (event.type === 'SaleReturned' ? passportSaleKey(event.passportId, saleKeyOf(event.data)) : '');
    const economics = new Map<string, BrandEconomics>();
    for (const brand of new Set(counted.map((event) => event.brand))) economics.set(brand, this.economicsOf(await this.deps.brandConfig(brand)));

    // An event whose passport cannot be read is not counted now; its redelivery will be. So is a
    // return whose sale's kept impact does not parse (the others are counted).
    const countable = (event: PassportEventDetail) => facts.has(event.passportId) && !saleImpacts.unreadable.has(saleOfReturn(event));
    const failed = counted.filter((event) => !countable(event)).map((event) => event.eventId);
    const recordable: CountedEvent[] = counted
      .filter(countable)
      .map((event) => {
        const passportFacts = facts.get(event.passportId)!;
        const brandEconomics = economics.get(event.brand)!;
        const returnedSale = saleImpacts.kept.get(saleOfReturn(event));
        return {
          eventId: event.eventId,
          passportId: event.passportId,
          seq: event.seq,
          brand: event.brand,
          increments: incrementsOf(event, passportFacts, brandEconomics, returnedSale),
          ...(event.type === 'Sold' ? { saleImpact: { sale: saleKeyOf(event.data), impact: saleImpactOf(event, passportFacts, brandEconomics) } } : {}),
        };
      });
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
