import shipped from '../../data/impact-factors.json' with { type: 'json' };
import type { BrandConfig } from '../domain/catalog';
import { currentRoute } from '../domain/graded-payout';
import { type ImpactFactors, impactOfPassport, loadImpactFactors } from '../domain/impact';
import type { Passport, PassportEvent } from '../domain/passport';
import type { PassportImpactView } from '../schemas/payouts';

let checked: ImpactFactors | undefined;

/**
 * The project's impact factors (`data/impact-factors.json`), checked with their schema once, on
 * first use: a function that imports this module but shows no impact (the take-back's request,
 * its label) neither carries the file nor parses it when it starts.
 */
export function impactFactors(): ImpactFactors {
  checked ??= loadImpactFactors(shipped);
  return checked;
}

/**
 * The CO2e a passport saves as the customer is shown it: the published factor of its category
 * or the brand's own, for the route it is on (none for recycling), net of the return parcel.
 * From its grading on, the factor and parcel recorded then, whatever the brand's factors are now.
 *
 * @example
 * passportImpact(passport, timeline, catalog.config).avoidedKgCo2e; // 24.5
 */
export function passportImpact(passport: Passport, timeline: readonly PassportEvent[], config: BrandConfig): PassportImpactView {
  const route = currentRoute(timeline);
  const { avoidedKgCo2e, grossKgCo2e, transportKgCo2e, factor, transport } = impactOfPassport({
    category: passport.product.category,
    weightGrams: passport.product.weightGrams,
    factors: impactFactors(),
    overrides: config.impactOverrides ?? [],
    ...(route ? { route } : {}),
    ...(passport.impact ? { recorded: passport.impact } : {}),
  });
  return { avoidedKgCo2e: grams(avoidedKgCo2e), grossKgCo2e: grams(grossKgCo2e), transportKgCo2e: grams(transportKgCo2e) ?? 0, unit: 'kg CO2e', factor, transport };
}

/** Rounded to the gram, so 24.6 − 0.1 reads 24.5 and not 24.500000000000004. */
function grams<T extends number | null>(kg: T): T {
  return (kg === null ? null : Math.round(kg * 1000) / 1000) as T;
}
