import * as z from 'zod/mini';
import { GRADES } from '../domain/catalog';
import { PASSPORT_STATES } from '../domain/lifecycle';

/** Integer minor units (cents) and an ISO 4217 currency. */
export const MoneySchema = z.object({
  amount: z.int(),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/)),
});

export const ValueRangeSchema = z.object({
  min: z.int().check(z.nonnegative()),
  max: z.int().check(z.nonnegative()),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/)),
});

export const GradeSchema = z.enum(GRADES);
export const PassportStateSchema = z.enum(PASSPORT_STATES);

/** A brand's slug as it appears in paths: lower-case letters, digits and dashes. */
export const BrandSlugSchema = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a brand slug (a-z, 0-9, -)'));

/** A ULID, the id of passports and quotes. */
export const UlidSchema = z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID'));

/** RFC 9457 problem details, as every error of the API is answered. */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.optional(z.string()),
  instance: z.optional(z.string()),
  /** Seconds until the request may succeed (429), also sent as the `Retry-After` header. */
  retryAfter: z.optional(z.int().check(z.positive())),
  errors: z.optional(
    z.array(z.object({ in: z.enum(['body', 'query', 'path', 'header']), path: z.array(z.union([z.string(), z.number()])), message: z.string() })),
  ),
});
export type Problem = z.infer<typeof ProblemSchema>;
