/**
 * The CO2e one passport saves: the avoided emissions of using the item again, from a published
 * factor of its category or the brand's own LCA, less the emissions of its return parcel.
 */
import { ImpactFactorsSchema, isPlausibleAvoidedFigure, type ImpactFactor, type ImpactFactors, type RecordedImpact } from '../schemas/impact-factors';
import { localeTag, type EmailLocale } from './emails/format';
import { ValidationError, type FieldIssue } from './errors';
import type { Route } from './routing';

export type { ImpactFactor, ImpactFactors, RecordedImpact };

const GRAMS_PER_TONNE = 1_000_000;

export interface PassportImpactInput {
  category: string;
  weightGrams: number;
  /** Road distance from the customer to the warehouse; without it only the last-mile parcel figure counts. */
  distanceKm?: number;
  /** The loaded data file (`loadImpactFactors`). */
  factors: ImpactFactors;
  /** The brand's own LCA factors; one for a category replaces the data file's. */
  overrides?: readonly ImpactFactor[];
  /** The route decided at grading. An item routed to recycling is not reused, so no reuse factor applies. */
  route?: Route;
  /**
   * The passport's impact as fixed at its grading (`impactToRecord`): when given, its factor and transport stand instead
   * of today's factors and overrides, so a figure the customer was told stays what it was.
   */
  recorded?: RecordedImpact;
}

export interface PassportImpact {
  /** The CO2e saved, as shown to the customer and summed in reports: the net figure, or null when there is none. */
  avoidedKgCo2e: number | null;
  /** What the factor says reusing one item avoids, before transport. */
  grossKgCo2e: number | null;
  /** The return parcel's emissions. */
  transportKgCo2e: number;
  /** Gross less transport; null whenever the gross figure is. */
  netKgCo2e: number | null;
  /** The factor that produced the gross figure; `origin: 'none'` when none applies. */
  factor: {
    category: string;
    origin: 'kreislauf' | 'brand' | 'none';
    source: string | null;
    year: number | null;
    basis: string | null;
    confidence: ImpactFactor['confidence'];
    note: string;
  };
  transport: { method: string; source: string };
}

/**
 * Validates the impact factor data file (`data/impact-factors.json`) and returns it typed.
 *
 * @throws ValidationError naming each malformed entry by its category, with the issue paths.
 * @example
 * const factors = loadImpactFactors(JSON.parse(await readFile('data/impact-factors.json', 'utf8')));
 * factors.categories.find((factor) => factor.category === 'laptop')?.avoidedKgCo2e; // 27
 */
export function loadImpactFactors(json: unknown): ImpactFactors {
  const parsed = ImpactFactorsSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues: FieldIssue[] = parsed.error.issues.map((issue) => ({
    path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
    message: issue.message,
  }));
  const problems = issues.map((issue) => `${describeEntry(json, issue.path)}: ${issue.message}`);
  throw new ValidationError(`The impact factors are malformed: ${problems.join('; ')}`, issues);
}

function describeEntry(json: unknown, path: (string | number)[]): string {
  const [section, index, ...rest] = path;
  if (section !== 'categories' || typeof index !== 'number') return path.join('.') || 'the file';
  const entry: unknown = (json as { categories?: unknown[] }).categories?.[index];
  const category = (entry as { category?: unknown } | undefined)?.category;
  const name = typeof category === 'string' ? `entry "${category}"` : `entry ${index}`;
  return rest.length > 0 ? `${name} at ${rest.join('.')}` : name;
}

/**
 * The CO2e one passport saves. Net = the factor's avoided emissions per item − the return
 * parcel's emissions (the last-mile parcel figure, plus weight × distance × road intensity when a
 * distance is given). A brand's override replaces the data file's factor for its category, unless it
 * is past `MAX_AVOIDED_KG_CO2E_PER_ITEM`; the factor and transport `recorded` at grading replace both.
 * Where no figure is published, or the item is recycled, every avoided figure is null and the
 * factor's note says why: never a guess. The repair's own emissions are not subtracted, as no published
 * figure exists for them.
 *
 * @throws ValidationError when the weight or the distance is negative or not a number.
 * @example
 * impactOfPassport({ category: 'smartphone', weightGrams: 192, factors }).netKgCo2e; // 24.5
 * impactOfPassport({ category: 'tablet', weightGrams: 478, factors }).netKgCo2e; // null
 */
export function impactOfPassport({
  category,
  weightGrams,
  distanceKm,
  factors,
  overrides = [],
  route,
  recorded,
}: PassportImpactInput): PassportImpact {
  assertQuantity('weightGrams', weightGrams);
  if (distanceKm !== undefined) assertQuantity('distanceKm', distanceKm);

  const { avoidedKgCo2e: gross, applied } =
    recorded && route !== 'RECYCLE' ? { avoidedKgCo2e: recorded.grossKgCo2e, applied: recorded.factor } : factorFor(category, factors, overrides, route);
  const transport = recorded
    ? { kgCo2e: recorded.transportKgCo2e, ...recorded.transport }
    : returnTransport(weightGrams, distanceKm, factors.transport);
  const net = gross === null ? null : gross - transport.kgCo2e;
  return {
    avoidedKgCo2e: net,
    grossKgCo2e: gross,
    transportKgCo2e: transport.kgCo2e,
    netKgCo2e: net,
    factor: applied,
    transport: { method: transport.method, source: transport.source },
  };
}

/**
 * The impact to keep with a passport when it is graded: its category's reuse factor (whatever route it takes then, as
 * an override may send a recycled item to resale) and its return parcel's emissions, as they are now. From then on
 * `impactOfPassport` computes with these (`recorded`), so its customer's page, its e-mails and the reports keep the
 * figure the customer was told when the brand changes a factor later.
 *
 * @example
 * impactToRecord({ category: 'smartphone', weightGrams: 192, factors }).grossKgCo2e; // 24.6
 */
export function impactToRecord(input: Omit<PassportImpactInput, 'route' | 'recorded'>): RecordedImpact {
  const { grossKgCo2e, transportKgCo2e, factor, transport } = impactOfPassport({ ...input, route: 'RESELL' });
  return { grossKgCo2e, transportKgCo2e, factor, transport };
}

function factorFor(
  category: string,
  factors: ImpactFactors,
  overrides: readonly ImpactFactor[],
  route: PassportImpactInput['route'],
): { avoidedKgCo2e: number | null; applied: PassportImpact['factor'] } {
  const none = (note: string) => ({
    avoidedKgCo2e: null,
    applied: { category, origin: 'none' as const, source: null, year: null, basis: null, confidence: null, note },
  });
  const from = (factor: ImpactFactor, origin: 'kreislauf' | 'brand') => ({
    avoidedKgCo2e: factor.avoidedKgCo2e,
    applied: {
      category,
      origin,
      source: factor.source,
      year: factor.year,
      basis: factor.basis,
      confidence: factor.confidence,
      note: factor.note,
    },
  });

  if (route === 'RECYCLE') {
    return none(
      `An item routed to recycling is not used again, so the reuse factor of "${category}" does not apply, and no published figure for recycling it is on record.`,
    );
  }
  // A brand's figure past the bound was saved before the bound was checked (7 December 2026): a unit mistake, not
  // a claim to publish, so the published factor stands in for it.
  const override = overrides.find((factor) => factor.category === category && isPlausibleAvoidedFigure(factor.avoidedKgCo2e));
  if (override) return from(override, 'brand');
  const published = factors.categories.find((factor) => factor.category === category);
  if (published) return from(published, 'kreislauf');
  return none(`The impact factors have no entry for category "${category}", so no figure is given.`);
}

function returnTransport(
  weightGrams: number,
  distanceKm: number | undefined,
  transport: ImpactFactors['transport'],
): { kgCo2e: number; method: string; source: string } {
  const { parcel, road, method } = transport;
  if (distanceKm === undefined) {
    return { kgCo2e: parcel.kgCo2ePerParcel, method: 'last-mile parcel', source: parcel.source };
  }
  const tonneKm = (weightGrams / GRAMS_PER_TONNE) * distanceKm;
  return {
    kgCo2e: parcel.kgCo2ePerParcel + tonneKm * road.kgCo2ePerTonneKm,
    method: `last-mile parcel + road freight (${method.name})`,
    source: `${parcel.source}; ${road.source}; ${method.source}`,
  };
}

function assertQuantity(field: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new ValidationError(`${field} must be a non-negative number, got ${value}`, [
      { path: [field], message: 'Expected a non-negative number' },
    ]);
  }
}

/**
 * A factor's source as a customer reads it, with its year. Published sources are cited with their year already
 * ("... (September 2022)"); a brand's own LCA may not be, and the reader should always see how old the figure is.
 *
 * @example
 * factorCitation('MIT life-cycle study of running shoes (2013)', 2013); // 'MIT life-cycle study of running shoes (2013)'
 * factorCitation('Demo Outfitters LCA', 2025); // 'Demo Outfitters LCA (2025)'
 */
export function factorCitation(source: string, year: number | null): string {
  return year === null || source.includes(String(year)) ? source : `${source} (${year})`;
}

/**
 * A mass of CO2e for display, rounded to 0.1 kg in the customer's number format.
 *
 * @example
 * formatKg(24.487, 'de'); // '24,5 kg'
 * formatKg(24.487, 'en'); // '24.5 kg'
 */
export function formatKg(kg: number, locale: EmailLocale): string {
  const number = new Intl.NumberFormat(localeTag(locale), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return `${number.format(kg)} kg`;
}
