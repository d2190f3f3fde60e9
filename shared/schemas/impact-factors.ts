import * as z from 'zod/mini';
import { isoDate, schema } from './common';

// The shape of `data/impact-factors.json` and of a brand's own LCA factors. Every figure carries
// its source, year and unit, so a report can show which factor produced which number.

const Text = /* @__PURE__ */ schema(() => z.string().check(z.trim(), z.minLength(1)));
const Year = /* @__PURE__ */ schema(() => z.int().check(z.gte(1900), z.lte(2100)));

/** The unit every avoided figure is expressed in; a per-year or per-tonne figure is converted first. */
export const AVOIDED_UNIT = 'kg CO2e / item';

// The most a figure may be, each about ten times the largest one of its kind on record
// (/work/shared/reference/impact-factors.md, the sources of data/impact-factors.json): past them a figure is a unit
// mistake, not a product. A figure typed in grams (24600 for 24.6) would otherwise become a public climate claim.

/**
 * The most one item's reuse may avoid: 1,000 kg CO2e. The largest per-item figures on record are about 100 kg to make
 * a new bicycle, 84 kg for a new smartphone and 55 kg avoided by a reused sofa; the largest factor in use is 27 kg (a
 * laptop). Any factor of 1 kg or more typed in grams lands above it (the smallest in use, a garment's 1.8 kg, as 1800).
 */
export const MAX_AVOIDED_KG_CO2E_PER_ITEM = 1000;
/** The most the last mile of one return parcel may emit: 2.5 kg CO2e, about ten times the 0.23 kg of 2018. */
export const MAX_KG_CO2E_PER_PARCEL = 2.5;
/** The most road freight may emit per tonne-km: 7.5 kg CO2e, about ten times a small rigid truck's 0.71 kg. */
export const MAX_KG_CO2E_PER_TONNE_KM = 7.5;

/** What a figure past {@link MAX_AVOIDED_KG_CO2E_PER_ITEM} is told. */
export const AVOIDED_BOUND_MESSAGE = `must be at most ${MAX_AVOIDED_KG_CO2E_PER_ITEM} kg CO2e per item, ten times the largest published figure: typed in grams?`;

/** Whether an avoided figure is within {@link MAX_AVOIDED_KG_CO2E_PER_ITEM}; no figure (null) always is. */
export function isPlausibleAvoidedFigure(kgCo2e: number | null): boolean {
  return kgCo2e === null || kgCo2e <= MAX_AVOIDED_KG_CO2E_PER_ITEM;
}

export const ImpactFactorSchema = /* @__PURE__ */ schema(() => z
  .strictObject({
    category: z.string().check(z.regex(/^[a-z][a-z0-9-]*$/, 'must be a category code (a-z, 0-9, -)')),
    /** Emissions avoided when one item of the category is used again; null when no figure is published. */
    avoidedKgCo2e: z.nullable(z.number().check(z.nonnegative())),
    /** How the figure is applied, e.g. "per item reused". */
    basis: Text,
    unit: z.literal(AVOIDED_UNIT),
    /** The publication year of the figure; for a derived figure, the year of its oldest input. */
    year: Year,
    source: Text,
    /** How far the figure can be trusted; null exactly when there is no figure. */
    confidence: z.nullable(z.enum(['high', 'medium', 'low'])),
    /** How the figure was derived, or why there is none. */
    note: Text,
  })
  .check(
    z.refine((factor) => (factor.avoidedKgCo2e === null) === (factor.confidence === null), {
      message: 'confidence must be null exactly when avoidedKgCo2e is null',
      path: ['confidence'],
    }),
  ));

const Citation = { unit: Text, year: Year, source: Text, note: Text };

export const TransportFactorsSchema = /* @__PURE__ */ schema(() => z.strictObject({
  /** How the return parcel's emissions are computed, and the standard that defines the method. */
  method: z.strictObject({ name: Text, year: Year, source: Text, note: Text }),
  /** The last-mile figure, counted once for every return parcel. */
  parcel: z.strictObject({ kgCo2ePerParcel: z.number().check(z.nonnegative(), z.lte(MAX_KG_CO2E_PER_PARCEL)), ...Citation }),
  /** The road-freight intensity, applied to the parcel's tonne-km when the distance is known. */
  road: z.strictObject({ kgCo2ePerTonneKm: z.number().check(z.nonnegative(), z.lte(MAX_KG_CO2E_PER_TONNE_KM)), ...Citation }),
}));

export const ImpactFactorsSchema = /* @__PURE__ */ schema(() => z.strictObject({
  version: z.int().check(z.positive()),
  updated: isoDate(),
  categories: z.array(ImpactFactorSchema).check(
    z.minLength(1),
    z.superRefine((factors, context) => {
      factors.forEach((factor, index) => {
        if (factors.findIndex((other) => other.category === factor.category) !== index) {
          context.addIssue({
            code: 'custom',
            message: `category "${factor.category}" appears more than once`,
            path: [index, 'category'],
          });
        }
        // The data file's own figures are held to the bound here; a brand's are when it saves them
        // (`implausibleImpactFactors`), so that a configuration stored before the bound stays readable.
        if (!isPlausibleAvoidedFigure(factor.avoidedKgCo2e)) {
          context.addIssue({ code: 'custom', message: AVOIDED_BOUND_MESSAGE, path: [index, 'avoidedKgCo2e'] });
        }
      });
    }),
  ),
  transport: TransportFactorsSchema,
}));

/** A factor as a passport's figures applied it: whose it is, where it was published, how far it can be trusted. */
export const AppliedFactorSchema = /* @__PURE__ */ schema(() => z.object({
  category: z.string(),
  /** `none` when no factor applies (none is published, or the item is recycled). */
  origin: z.enum(['kreislauf', 'brand', 'none']),
  source: z.nullable(z.string()),
  year: z.nullable(z.int()),
  basis: z.nullable(z.string()),
  confidence: z.nullable(z.enum(['high', 'medium', 'low'])),
  note: z.string(),
}));

/**
 * A passport's impact as fixed when it was graded (since 7 December 2026): the reuse factor of its category and its
 * return parcel's emissions as they were then. Its customer's tracking page and e-mails and the reports use these from
 * then on, so a factor the brand changes later does not rewrite a figure its customer was already told.
 */
export const RecordedImpactSchema = /* @__PURE__ */ schema(() => z.object({
  /** What reusing the item avoids, before transport; null where no figure was published. */
  grossKgCo2e: z.nullable(z.number()),
  transportKgCo2e: z.number(),
  factor: AppliedFactorSchema,
  transport: z.object({ method: z.string(), source: z.string() }),
}));

export type ImpactFactor = z.infer<typeof ImpactFactorSchema>;
export type TransportFactors = z.infer<typeof TransportFactorsSchema>;
export type ImpactFactors = z.infer<typeof ImpactFactorsSchema>;
export type RecordedImpact = z.infer<typeof RecordedImpactSchema>;
