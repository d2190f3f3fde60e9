import * as z from 'zod/mini';
import { isoDate, schema } from './common';

// The shape of `data/impact-factors.json` and of a brand's own LCA factors. Every figure carries
// its source, year and unit, so a report can show which factor produced which number.

const Text = /* @__PURE__ */ schema(() => z.string().check(z.trim(), z.minLength(1)));
const Year = /* @__PURE__ */ schema(() => z.int().check(z.gte(1900), z.lte(2100)));

/** The unit every avoided figure is expressed in; a per-year or per-tonne figure is converted first. */
export const AVOIDED_UNIT = 'kg CO2e / item';

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
  parcel: z.strictObject({ kgCo2ePerParcel: z.number().check(z.nonnegative()), ...Citation }),
  /** The road-freight intensity, applied to the parcel's tonne-km when the distance is known. */
  road: z.strictObject({ kgCo2ePerTonneKm: z.number().check(z.nonnegative()), ...Citation }),
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
      });
    }),
  ),
  transport: TransportFactorsSchema,
}));

export type ImpactFactor = z.infer<typeof ImpactFactorSchema>;
export type TransportFactors = z.infer<typeof TransportFactorsSchema>;
export type ImpactFactors = z.infer<typeof ImpactFactorsSchema>;
