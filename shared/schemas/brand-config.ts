import * as z from 'zod/mini';
import type { BrandCatalog, BrandConfig, ConditionQuestion, Product } from '../domain/catalog';
import { GRADES } from '../domain/catalog';
import { BRAND_CONFIG_PARTS, type BrandConfigVersion } from '../domain/brand-config';
import { validateIban } from '../domain/iban';
import { PARCEL_PROCEDURES, type ParcelProduct } from '../domain/return-shipment';
import { ROUTES } from '../domain/routing';
import { type Assert, BrandSlugSchema, DOMAIN_NAME, GradeSchema, isoDateTime, MoneySchema, recordWithSafeKeys, type Same, schema } from './common';
import { ImpactFactorSchema } from './impact-factors';
import { BrandResaleConfigSchema } from './resale';

// A brand's whole configuration, one schema per part (DESIGN.md §6 `brand-config`). The types in
// `shared/domain/catalog.ts` are the contract the rest of the code is written against; the
// assertions at the end of this file fail to compile when a schema and its type disagree.
// Every object is strict: a misspelt field in a PUT is refused, not silently dropped.

// A text printed on one line (a name, a label) is held to one line, a free text (an `acceptLoss` reason, an impact
// override's note) to plain text, a time zone to an IANA name, the currency to a currency prices can be in and the
// countries to those DHL takes returns from, by the save's checks of what is new or changed (`textsNotOnOneLine`,
// `freeTextsNotPlain`, `unknownTimeZone`, `unknownCurrency`, `countriesWithoutReturns` in
// shared/domain/catalogue-checks.ts), not here: this schema also reads stored configurations, and one saved before
// 7 December 2026 must stay readable.
const Text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const Currency = /* @__PURE__ */ schema(() => z.string().check(z.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code, e.g. EUR')));
const Share = /* @__PURE__ */ schema(() => z.number().check(z.gte(0), z.lte(1)));
/** Whole minor units, 0 or more. */
const MinorUnits = /* @__PURE__ */ schema(() => z.int().check(z.gte(0)));
const Email = /* @__PURE__ */ schema(() => z.email());
const HttpsUrl = /* @__PURE__ */ schema(() => z.url({ protocol: /^https$/, hostname: DOMAIN_NAME }));

/** A category code: what offer, route and payout rules, questions and impact factors are keyed by. */
export const CategoryCodeSchema = /* @__PURE__ */ schema(() => z.string().check(z.regex(/^[a-z][a-z0-9-]{0,47}$/, 'must be a category code (a-z, 0-9, -)')));

/** A rule's explicit consent to pay more than an item recovers, with the reason (e.g. a marketing budget). */
export const AcceptLossSchema = /* @__PURE__ */ schema(() => z.strictObject({ reason: Text(500) }));

const byGrade = <V extends z.ZodMiniType>(value: V) =>
  z.strictObject({ LIKE_NEW: value, GOOD: value, FAIR: value, DEFECTIVE: value });
const someGrades = <V extends z.ZodMiniType>(value: V) =>
  z.strictObject({ LIKE_NEW: z.optional(value), GOOD: z.optional(value), FAIR: z.optional(value), DEFECTIVE: z.optional(value) });

// ---- identity, locale and sender ------------------------------------------------------------

const TimeZoneSchema = /* @__PURE__ */ schema(() => z.string().check(
  z.refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone, e.g. Europe/Berlin'),
));

const CountriesSchema = /* @__PURE__ */ schema(() => z.array(z.string().check(z.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code, e.g. DE'))).check(
  z.minLength(1),
  z.superRefine((countries, context) => duplicates(countries, (country) => country, context, 'country')),
));

/** A DHL billing number: the 10-digit customer number (EKP), then the product's procedure, then the participation. */
const billingNumber = (product: ParcelProduct) =>
  z.string().check(
    z.regex(/^\d{14}$/, 'must be a DHL billing number of 14 digits'),
    z.refine((number) => number.slice(10, 12) === PARCEL_PROCEDURES[product], `must be billed under procedure ${PARCEL_PROCEDURES[product]} (digits 11–12) for ${product}`),
  );

/** The brand's DHL account for the parcels it sends back to customers. */
const ParcelAccountSchema = /* @__PURE__ */ schema(() => z.strictObject({
  shipperRef: Text(50),
  billingNumbers: z.strictObject({ V01PAK: billingNumber('V01PAK'), V53WPAK: z.optional(billingNumber('V53WPAK')) }),
  cost: z.optional(z.strictObject({ amount: MinorUnits, currency: Currency })),
}));

/** Who the brand is to its customers: name, currency, language, where it takes items back from, its sender and carrier. */
export const BrandIdentitySchema = /* @__PURE__ */ schema(() => z.strictObject({
  brand: BrandSlugSchema,
  name: Text(100),
  currency: Currency,
  locale: z.enum(['de', 'en']),
  countries: CountriesSchema,
  quoteValidityDays: z.int().check(z.gte(1), z.lte(90)),
  shippingDeadlineDays: z.int().check(z.gte(1), z.lte(90)),
  counterOfferAnswerDays: z.optional(z.int().check(z.gte(3), z.lte(60))),
  timeZone: z.optional(TimeZoneSchema),
  labelEmailsPerAddressPerDay: z.optional(z.int().check(z.gte(1), z.lte(100))),
  senderEmail: Email,
  carrier: z.strictObject({
    dhl: z.strictObject({
      receiverId: Text(30),
      // DHL keeps a return receiver per country the returns come from: one for each other country taken back from.
      receiverIds: z.optional(recordWithSafeKeys(z.string().check(z.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code, e.g. AT')), Text(30))),
      parcels: z.optional(ParcelAccountSchema),
    }),
  }),
}));

// ---- offer rules ----------------------------------------------------------------------------

const ShareRangeSchema = /* @__PURE__ */ schema(() => z
  .strictObject({ minShare: Share, maxShare: Share, acceptLoss: z.optional(AcceptLossSchema) })
  .check(z.refine((range) => range.minShare <= range.maxShare, { message: 'minShare must not exceed maxShare', path: ['minShare'] })));

/** Trade-in value as a share of the new price, by category and grade. */
export const OfferRulesSchema = /* @__PURE__ */ schema(() => recordWithSafeKeys(CategoryCodeSchema, byGrade(ShareRangeSchema)));

// ---- route rules ----------------------------------------------------------------------------

const RepairEstimateSchema = /* @__PURE__ */ schema(() => z.strictObject({ minutes: z.int().check(z.gte(0), z.lte(10_000)), partsCost: MinorUnits }));

export const CategoryRouteRulesSchema = /* @__PURE__ */ schema(() => z.strictObject({
  resaleShare: byGrade(Share),
  repair: z.strictObject({ restoresTo: GradeSchema, estimates: someGrades(RepairEstimateSchema) }),
  handlingCost: MinorUnits,
  /** Net of what recycling costs; may be negative. */
  recyclingValue: z.int(),
  forcedRoutes: z.optional(someGrades(z.enum(ROUTES))),
}));

export const RouteRulesSchema = /* @__PURE__ */ schema(() => z.strictObject({
  currency: Currency,
  labourRatePerHour: MinorUnits,
  categories: recordWithSafeKeys(CategoryCodeSchema, CategoryRouteRulesSchema),
}));

/** A share in hundredths of a percent at most, as a repair job's cost limit reckons it (`repairCostLimit`). */
const BasisPointShare = /* @__PURE__ */ schema(() => Share.check(
  // Exactly a number of hundredths of a percent, as written in JSON: 0.1234 is 1234 / 10000 to the last bit, 0.12340000001 is not.
  z.refine((share) => Math.round(share * 10_000) / 10_000 === share, 'must have at most four decimals (0.01 %)'),
));

/** The route rules, the grading tolerance and the repair jobs' cost tolerance. */
export const BrandRoutingConfigSchema = /* @__PURE__ */ schema(() =>
  z.strictObject({ rules: RouteRulesSchema, gradingTolerance: Share, repairCostTolerance: z.optional(BasisPointShare) }),
);

// ---- payout rules ---------------------------------------------------------------------------

/** Percentages are settled in hundredths of a percent (`payoutFor`), so a third decimal would be lost. */
const Percent = /* @__PURE__ */ schema(() => z.number().check(
  z.gte(0),
  z.lte(1_000),
  z.refine((percent) => Math.abs(percent * 100 - Math.round(percent * 100)) < 1e-9, 'must have at most two decimals'),
));

export const PayoutBonusSchema = /* @__PURE__ */ schema(() => z.strictObject({
  percent: z.optional(Percent),
  fixed: z.optional(MinorUnits),
  cap: z.optional(MinorUnits),
  acceptLoss: z.optional(AcceptLossSchema),
}));

export const PayoutRulesSchema = /* @__PURE__ */ schema(() => z.strictObject({
  currency: Currency,
  voucherExpiryDays: z.int().check(z.gte(1), z.lte(3_650)),
  tiers: z.strictObject({
    grade: z.optional(someGrades(PayoutBonusSchema)),
    category: z.optional(recordWithSafeKeys(CategoryCodeSchema, PayoutBonusSchema)),
    segment: z.optional(z.strictObject({ NEW: z.optional(PayoutBonusSchema), RETURNING: z.optional(PayoutBonusSchema) })),
    voucher: z.optional(PayoutBonusSchema),
  }),
}));

const SepaDebtorSchema = /* @__PURE__ */ schema(() => z.strictObject({
  name: Text(70),
  iban: z.string().check(
    z.refine((iban) => {
      try {
        return validateIban(iban).iban === iban;
      } catch {
        return false;
      }
    }, 'must be a valid IBAN in the electronic format (upper case, no spaces)'),
  ),
  bic: z.optional(z.string().check(z.regex(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/, 'must be a BIC of 8 or 11 characters'))),
}));

const VoucherIssuerSchema = /* @__PURE__ */ schema(() => z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('kreislauf') }),
  // Plain http is let through for the local cloud's Shopify sandbox; where the issuer is called,
  // the deployment decides which hosts it may reach.
  z.strictObject({ kind: z.literal('shopify'), adminApiUrl: z.url({ protocol: /^https?$/ }) }),
]));

/** Payout rules, the account bank transfers are paid from, the voucher issuer and what a voucher costs the brand. */
export const BrandPayoutConfigSchema = /* @__PURE__ */ schema(() => z.strictObject({
  rules: PayoutRulesSchema,
  sepaDebtor: z.optional(SepaDebtorSchema),
  voucherIssuer: z.optional(VoucherIssuerSchema),
  shopUrl: z.optional(HttpsUrl),
  voucherCostRatio: z.optional(Share),
}));

// ---- the smaller parts ----------------------------------------------------------------------

export const LabelCostSchema = /* @__PURE__ */ schema(() =>
  MoneySchema.check(z.refine((money) => money.amount >= 0, { message: 'must not be negative', path: ['amount'] })),
);

export const ImpactOverridesSchema = /* @__PURE__ */ schema(() => z.array(ImpactFactorSchema).check(
  z.superRefine((factors, context) => duplicates(factors, (factor) => factor.category, context, 'category', 'category')),
));

export const ReturnReasonsSchema = /* @__PURE__ */ schema(() => z.array(z.strictObject({ code: CategoryCodeSchema, label: Text(100) })).check(
  z.maxLength(50),
  z.superRefine((reasons, context) => duplicates(reasons, (reason) => reason.code, context, 'code', 'code')),
));

export const ReportRecipientsSchema = /* @__PURE__ */ schema(() => z.array(Email).check(
  z.maxLength(50),
  z.superRefine((emails, context) => duplicates(emails, (email) => email.toLowerCase(), context, 'recipient')),
));

export const BrandThemeSchema = /* @__PURE__ */ schema(() => z.strictObject({
  primaryColor: z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour as #rrggbb')),
  logoUrl: z.optional(HttpsUrl),
}));

/** What the brand calls its categories, by code (see `BrandConfig.categoryNames`). */
export const CategoryNamesSchema = /* @__PURE__ */ schema(() => recordWithSafeKeys(CategoryCodeSchema, Text(60)).check(
  z.refine((names) => Object.keys(names).length <= 200, 'must name at most 200 categories'),
));

/** The brand's configuration: identity, locale and sender, and every rule part. */
export const BrandConfigSchema = /* @__PURE__ */ schema(() => z.strictObject({
  ...BrandIdentitySchema.def.shape,
  offerRules: OfferRulesSchema,
  routing: z.optional(BrandRoutingConfigSchema),
  payouts: z.optional(BrandPayoutConfigSchema),
  resale: z.optional(BrandResaleConfigSchema),
  impactOverrides: z.optional(ImpactOverridesSchema),
  labelCost: z.optional(LabelCostSchema),
  returnReasons: z.optional(ReturnReasonsSchema),
  reportRecipients: z.optional(ReportRecipientsSchema),
  theme: z.optional(BrandThemeSchema),
  categoryNames: z.optional(CategoryNamesSchema),
}));

// ---- catalog and condition questions --------------------------------------------------------

const TradeInRangeSchema = /* @__PURE__ */ schema(() => z
  .strictObject({ min: MinorUnits, max: MinorUnits, acceptLoss: z.optional(AcceptLossSchema) })
  .check(z.refine((range) => range.min <= range.max, { message: 'min must not exceed max', path: ['min'] })));

export const ProductSchema = /* @__PURE__ */ schema(() => z.strictObject({
  sku: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be a SKU of up to 64 letters, digits, dots, dashes and underscores')),
  name: Text(200),
  category: CategoryCodeSchema,
  newPrice: MoneySchema.check(z.refine((money) => money.amount > 0, { message: 'must be more than 0', path: ['amount'] })),
  weightGrams: z.int().check(z.gte(1), z.lte(1_000_000)),
  gtin: z.optional(z.string().check(z.regex(/^(\d{8}|\d{12,14})$/, 'must be a GTIN of 8, 12, 13 or 14 digits'))),
  tradeIn: z.optional(someGrades(TradeInRangeSchema)),
}));

/** The products a brand takes back. */
export const ProductsSchema = /* @__PURE__ */ schema(() => z.array(ProductSchema).check(
  z.superRefine((products, context) => duplicates(products, (product) => product.sku, context, 'SKU', 'sku')),
));

const QuestionIdSchema = /* @__PURE__ */ schema(() => z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be an id (a-z, 0-9, -)')));

export const ConditionQuestionSchema = /* @__PURE__ */ schema(() => z.strictObject({
  id: QuestionIdSchema,
  category: CategoryCodeSchema,
  text: Text(300),
  options: z
    .array(z.strictObject({ id: QuestionIdSchema, label: Text(200), grade: GradeSchema }))
    .check(
      z.minLength(2),
      z.superRefine((options, context) => duplicates(options, (option) => option.id, context, 'option id', 'id')),
    ),
}));

/** The condition questions a customer answers, per category. */
export const ConditionQuestionsSchema = /* @__PURE__ */ schema(() => z.array(ConditionQuestionSchema).check(
  z.superRefine((questions, context) => duplicates(questions, (question) => question.id, context, 'question id', 'id')),
));

// ---- the whole document ---------------------------------------------------------------------

/**
 * A brand's whole configuration as it is stored and as `GET/PUT /v1/brand-config` carry it, with
 * the checks across parts: one currency everywhere, and every product's category priced, asked
 * about and (when the brand routes) routed.
 *
 * @example
 * BrandCatalogSchema.safeParse(demoBrand).success; // true
 */
export const BrandCatalogSchema = /* @__PURE__ */ schema(() => z
  .strictObject({ config: BrandConfigSchema, products: ProductsSchema, questions: ConditionQuestionsSchema })
  .check(z.superRefine((catalog, context) => crossPartIssues(catalog).forEach((issue) => context.addIssue({ code: 'custom', ...issue })))));

/** One saved version of a brand's configuration: who saved it, when, and which parts changed. */
export const BrandConfigVersionSchema = /* @__PURE__ */ schema(() => z.object({
  version: z.int().check(z.positive()),
  by: z.string(),
  at: isoDateTime(),
  changed: z.array(z.enum(BRAND_CONFIG_PARTS)),
}));

export const BrandConfigHistorySchema = /* @__PURE__ */ schema(() => z.object({ versions: z.array(BrandConfigVersionSchema), cursor: z.optional(z.string()) }));
export type BrandConfigHistory = z.infer<typeof BrandConfigHistorySchema>;

function crossPartIssues({ config, products, questions }: BrandCatalog): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const currencyAt = (path: (string | number)[], currency: string | undefined) => {
    if (currency !== undefined && currency !== config.currency) {
      issues.push({ path, message: `must be ${config.currency}, the brand's currency` });
    }
  };
  currencyAt(['config', 'routing', 'rules', 'currency'], config.routing?.rules.currency);
  currencyAt(['config', 'payouts', 'rules', 'currency'], config.payouts?.rules.currency);
  currencyAt(['config', 'resale', 'priceRules', 'floor', 'currency'], config.resale?.priceRules.floor.currency);
  currencyAt(['config', 'labelCost', 'currency'], config.labelCost?.currency);
  currencyAt(['config', 'carrier', 'dhl', 'parcels', 'cost', 'currency'], config.carrier.dhl.parcels?.cost?.currency);

  const asked = new Set(questions.map((question) => question.category));
  products.forEach((product, index) => {
    currencyAt(['products', index, 'newPrice', 'currency'], product.newPrice.currency);
    const pricedByTradeIn = GRADES.every((grade) => product.tradeIn?.[grade] !== undefined);
    if (!pricedByTradeIn && !Object.hasOwn(config.offerRules, product.category)) {
      issues.push({ path: ['products', index, 'category'], message: `has no offer rules: add config.offerRules.${product.category}` });
    }
    if (!asked.has(product.category)) {
      issues.push({ path: ['products', index, 'category'], message: `has no condition questions: add questions of category ${product.category}` });
    }
    if (config.routing && !Object.hasOwn(config.routing.rules.categories, product.category)) {
      issues.push({ path: ['products', index, 'category'], message: `has no route rules: add config.routing.rules.categories.${product.category}` });
    }
  });
  return issues;
}

/** Adds an issue at every item whose key an earlier item already has. */
function duplicates<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  context: { addIssue: (issue: { code: 'custom'; message: string; path: (string | number)[] }) => void },
  what: string,
  field?: string,
): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    if (seen.has(key)) context.addIssue({ code: 'custom', message: `${what} "${key}" appears more than once`, path: field ? [index, field] : [index] });
    seen.add(key);
  });
}

// The schemas accept exactly what the domain types describe: each inferred type and its domain
// type must be assignable both ways, or this does not compile.
export type SchemasAgreeWithDomainTypes = [
  Assert<Same<z.infer<typeof BrandConfigSchema>, BrandConfig>>,
  Assert<Same<z.infer<typeof ProductSchema>, Product>>,
  Assert<Same<z.infer<typeof ConditionQuestionSchema>, ConditionQuestion>>,
  Assert<Same<z.infer<typeof BrandCatalogSchema>, BrandCatalog>>,
  Assert<Same<z.infer<typeof BrandConfigVersionSchema>, BrandConfigVersion>>,
];
