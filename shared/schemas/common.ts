import * as z from 'zod/mini';
import { _coercedNumber, _isoDate, _isoDateTime } from 'zod/v4/core';
import { GRADES, MAX_AMOUNT } from '../domain/catalog';
import { PASSPORT_STATES } from '../domain/lifecycle';
import { REJECTION_REASONS } from '../domain/parcel-rejection';
import { contactDataRefusalOf } from '../domain/contact-data';
import { isPlainText, NOT_PLAIN_TEXT_MESSAGE, oneLineRefusalOf } from '../domain/plain-text';
import { SALE_RETURN_REASONS } from '../domain/sale-return';
import { FAILED_ROUTE_STEPS, HELD_PAYOUT_PROBLEMS, STALLED_STEPS, UNASSIGNED_PROBLEMS } from '../domain/attention';

/**
 * Builds a schema declared at module level, marked at each call with `/* @__PURE__ *\/` so that
 * esbuild may leave it out: a Lambda bundle then holds, and builds at every cold start, only the
 * schemas its handler reaches, not every schema of the modules it imports. Without the mark a
 * schema with a `.check(…)` (a method call, which esbuild must assume has effects) stays in every
 * bundle that imports its module. Only for schemas: building one must have no effect but its value.
 *
 * @example
 * export const UlidSchema = /* @__PURE__ *\/ schema(() => z.string().check(z.regex(ULID)));
 */
export const schema = <T>(build: () => T): T => build();

/**
 * A schema that reads stored items is held to the type its port or domain declares: `Assert<Same<z.infer<typeof S>, T>>`
 * does not compile unless each type is assignable to the other.
 */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type Assert<T extends true> = T;

// zod/mini's namespaces (`z.iso`, `z.coerce`, `z.regexes`) are objects: reaching into one keeps every
// schema or pattern it holds in each Lambda bundle (about 8 KB). These build the same schemas from
// zod's tree-shakable parts; use them instead of `z.iso.datetime()`, `z.iso.date()` and `z.coerce.number()`.

/** The same schema as `z.iso.datetime()`: an ISO 8601 date and time in UTC (`…Z`). */
export const isoDateTime = () => _isoDateTime(z.ZodMiniISODateTime, {});
/** The same schema as `z.iso.date()`: an ISO 8601 calendar date (`YYYY-MM-DD`). */
export const isoDate = () => _isoDate(z.ZodMiniISODate, {});
/** The same schema as `z.coerce.number()`, for query parameters (which arrive as text). */
export const coercedNumber = () => _coercedNumber(z.ZodMiniNumber, {});

/**
 * A page's size in a query parameter: a whole number from 1 to `max` written in decimal digits, `fallback` when absent
 * (`Number()` alone, as `z.coerce.number()` reads text, takes `0x10` as 16, `1e2` as 100 and ` 5` as 5). The OpenAPI
 * document describes it by what it is read as: an integer from 1 to `max`.
 */
export const pageSize = (max: number, fallback: number) =>
  z._default(
    z.pipe(
      z.string().check(z.refine((text) => /^\d{1,7}$/.test(text), 'must be a whole number in decimal digits')),
      // Digits alone reach `Number()`.
      (coercedNumber() as unknown as z.ZodMiniType<number, string>).check(z.int(), z.gte(1, 'must be at least 1'), z.lte(max, `must be at most ${max}`)),
    ),
    fallback,
  );

/**
 * A check for text that is printed on one line of something outside the platform: a name or an address on a DHL label
 * and in an e-mail's greeting, an account holder in a bank file. A CR/LF in a name would start a new line of a plain-text
 * e-mail ("Eve\r\nBcc: …"), a NUL reach DHL's order, a bidi override reverse an address on the label, a zero-width space
 * make one name look like another; none of them is part of a name (the joiners U+200C and U+200D are). Nor is a text of only invisible characters (a zero-width space passes `z.trim()` and `z.minLength(1)`;
 * refused since 7 December 2026), nor one with more than 30 combining marks on a character. Put it after `z.trim()`, which takes a line break at either end away first.
 *
 * @example
 * const Name = z.string().check(z.trim(), oneLine(), z.minLength(1), z.maxLength(50));
 * Name.safeParse('Eve\r\nBcc: x@example.com').success; // false
 */
export const oneLine = () =>
  z.refine<string>((text) => oneLineRefusalOf(text) === undefined, { error: (issue) => oneLineRefusalOf(String(issue.input)) });

/**
 * A check for free text of several lines that people read and exports carry: a repair partner's notes, which become the
 * reason of an item's route and a line of the staff console. Line breaks (CRLF or LF) and tabs are its layout; a NUL, an
 * escape or another control character is none of it (a NUL ends the text for some readers of an export), nor is a bidi
 * override, which turns the text around it on a screen. For text printed on one line, use {@link oneLine}.
 *
 * @example
 * const Notes = z.string().check(z.trim(), multiLine(), z.maxLength(2_000));
 * Notes.safeParse('Board corroded.\r\nBattery swollen.').success; // true
 * Notes.safeParse('Board \u202ecorroded').success; // false
 */
export const multiLine = () => z.refine<string>(isPlainText, NOT_PLAIN_TEXT_MESSAGE);

/**
 * A check for free text staff (or a repair partner) write into a passport's events, which analysts read, brands'
 * webhooks carry and a listing may print, and which are never erased: it refuses the contact data a program can
 * recognise (an e-mail address, an IBAN, an international phone number; `shared/domain/contact-data.ts`).
 *
 * @example
 * const Reason = z.string().check(z.trim(), multiLine(), noContactData(), z.maxLength(500));
 * Reason.safeParse('Carla called from x@example.org').success; // false
 */
export const noContactData = () =>
  z.refine<string>((text) => contactDataRefusalOf(text) === undefined, {
    error: (issue) => contactDataRefusalOf(String(issue.input)),
    // A text refused already for its characters is not refused again for what it says.
    when: (payload) => payload.issues.length === 0,
  });

/** A DNS domain name with at least two labels and an alphabetic top-level label, e.g. `shop.example.com`. */
export const DOMAIN_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Integer minor units (cents) and an ISO 4217 currency. */
export const MoneySchema = /* @__PURE__ */ schema(() => z.object({
  amount: z.int(),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/)),
}));

/** Money that cannot be negative: a cost, a refund. */
export const NonNegativeMoneySchema = /* @__PURE__ */ schema(() =>
  z.extend(MoneySchema, {
    amount: z.int({ error: 'must be a whole number of minor units (cents)' }).check(z.nonnegative('must be 0 or more'), z.lte(MAX_AMOUNT, `must be at most ${MAX_AMOUNT} minor units`)),
  }),
);

export const ValueRangeSchema = /* @__PURE__ */ schema(() => z.object({
  min: z.int().check(z.nonnegative()),
  max: z.int().check(z.nonnegative()),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/)),
}));

export const GradeSchema = /* @__PURE__ */ schema(() => z.enum(GRADES));
/** Why the warehouse rejected a parcel instead of grading it (`shared/domain/parcel-rejection.ts`). */
export const RejectionReasonSchema = /* @__PURE__ */ schema(() => z.enum(REJECTION_REASONS));
/** Why a buyer sent a resold item back (`shared/domain/sale-return.ts`). */
export const SaleReturnReasonSchema = /* @__PURE__ */ schema(() => z.enum(SALE_RETURN_REASONS));
export const PassportStateSchema = /* @__PURE__ */ schema(() => z.enum(PASSPORT_STATES));

/**
 * Why an item took its route, as facts for a reader to word in its own language (`RouteBasis` in
 * `shared/domain/routing.ts`): the rules' economics (net recoveries in minor units), a route the
 * brand forces for a grade, a buyer's return, or a repair partner's "unrepairable".
 */
export const RouteBasisSchema = /* @__PURE__ */ schema(() =>
  z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('ECONOMICS'),
      currency: z.string().check(z.regex(/^[A-Z]{3}$/)),
      resellMargin: z.int(),
      repairMargin: z.nullable(z.int()),
      recyclingValue: z.int(),
      restoresTo: GradeSchema,
    }),
    z.object({ kind: z.literal('FORCED'), category: z.string(), grade: GradeSchema }),
    z.object({ kind: z.literal('SALE_RETURN'), reason: SaleReturnReasonSchema }),
    z.object({ kind: z.literal('UNREPAIRABLE'), partnerName: z.string(), notes: z.optional(z.string()) }),
  ]),
);

/**
 * Why a passport or its payout waits for a person, as facts for a reader to word in its own language
 * (`AttentionBasis` in `shared/domain/attention.ts`): no repair partner for the item, a step stalled, a
 * label DHL did not make, a routing or listing step failed, a payout the workflow gave up on, a bank
 * transfer an export set aside.
 */
export const AttentionBasisSchema = /* @__PURE__ */ schema(() =>
  z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('NO_REPAIR_PARTNER'),
      problem: z.enum(UNASSIGNED_PROBLEMS),
      category: z.string(),
      where: z.optional(z.string()),
    }),
    z.object({ kind: z.literal('STALLED'), step: z.enum(STALLED_STEPS), minutes: z.int(), redrives: z.int() }),
    z.object({ kind: z.literal('LABEL_FAILED'), error: z.string(), message: z.string() }),
    z.object({ kind: z.literal('STEP_FAILED'), step: z.enum(FAILED_ROUTE_STEPS), error: z.string(), message: z.string() }),
    z.object({ kind: z.literal('PAYOUT_FAILED'), error: z.string(), message: z.string() }),
    z.object({
      kind: z.literal('PAYOUT_HELD'),
      payoutId: z.string(),
      problem: z.enum(HELD_PAYOUT_PROBLEMS),
      keyId: z.optional(z.string()),
    }),
  ]),
);

/** A brand's slug as it appears in paths: lower-case letters, digits and dashes. */
export const BrandSlugSchema = /* @__PURE__ */ schema(() => z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a brand slug (a-z, 0-9, -)')));

/** A ULID, the id of passports and quotes. */
export const UlidSchema = /* @__PURE__ */ schema(() => z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID')));

// Keys a plain object inherits or treats specially: stored or looked up, they reach the prototype
// (`{ constructor: 1 }` makes the DynamoDB marshaller throw, `answers.constructor` is a function).
const PROTOTYPE_KEYS: ReadonlySet<string> = /* @__PURE__ */ new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A record whose keys come from the client: every key must pass `key` and none may be a
 * prototype name (`__proto__`, `constructor`, `prototype`), refused at `[...path, key]`. zod
 * already leaves an own `__proto__` out of the parsed record; the other two would be kept.
 *
 * @example
 * const Checks = recordWithSafeKeys(z.string().check(z.maxLength(64)), z.boolean());
 * Checks.safeParse({ constructor: true }).success; // false
 */
export function recordWithSafeKeys<V extends z.ZodMiniType>(key: z.ZodMiniType<string, string>, value: V) {
  return z.record(
    key.check(z.refine((name) => !PROTOTYPE_KEYS.has(name), 'must not be __proto__, constructor or prototype')),
    value,
    // The record's own "Invalid key in record" would hide which rule the key broke.
    { error: (issue) => (issue.code === 'invalid_key' ? issue.issues[0]?.message : undefined) },
  );
}

/** RFC 9457 problem details, as every error of the API is answered. */
export const ProblemSchema = /* @__PURE__ */ schema(() => z.object({
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
}));
export type Problem = z.infer<typeof ProblemSchema>;
