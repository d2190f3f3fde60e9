/**
 * A brand's catalog: its configuration, the products it takes back, and the condition questions
 * a customer answers to grade an item before sending it.
 */
import type { BrandParcelAccount } from './return-shipment';
import { NotFoundError, UnprocessableError, ValidationError, type FieldIssue } from './errors';
import type { RouteRules } from './routing';
import type { BrandPayoutConfig } from './brand-payouts';
import type { ImpactFactor } from '../schemas/impact-factors';
import type { BrandResaleConfig } from '../schemas/resale';

/** The condition grades, best first. Brands may label them; the codes are fixed. */
export const GRADES = ['LIKE_NEW', 'GOOD', 'FAIR', 'DEFECTIVE'] as const;

export type Grade = (typeof GRADES)[number];

export interface Money {
  /** Integer minor units, e.g. cents. */
  amount: number;
  /** ISO 4217, e.g. `EUR`. */
  currency: string;
}

/**
 * The most an amount a client or a partner sends may be, in minor units (10,000,000.00). A repair report's parts (50
 * lines of up to 1,000 units) then add up far within JavaScript's exact integers (2^53): past them the ledger's sums
 * lost cents, and a report whose total passed them failed with a 500 (until 7 December 2026).
 */
export const MAX_AMOUNT = 1_000_000_000;

export interface Product {
  sku: string;
  name: string;
  category: string;
  newPrice: Money;
  weightGrams: number;
  /** The EAN/GTIN, which Back Market and Refurbed match their catalogues by; without it the item is not listed there. */
  gtin?: string;
  /** Trade-in values in minor units that replace the category's offer rule for this product. */
  tradeIn?: Partial<Record<Grade, { min: number; max: number; acceptLoss?: AcceptLoss }>>;
}

export interface ConditionOption {
  id: string;
  label: string;
  /** The best grade an item with this answer can have. */
  grade: Grade;
}

export interface ConditionQuestion {
  id: string;
  category: string;
  text: string;
  options: ConditionOption[];
}

/**
 * A rule's explicit consent to pay more than an item recovers (the economics guard,
 * `shared/domain/economics-guard.ts`), e.g. a marketing budget for a launch.
 */
export interface AcceptLoss {
  reason: string;
}

/** Trade-in value as a share of the new price, by category and grade. */
export type OfferRules = Record<string, Record<Grade, { minShare: number; maxShare: number; acceptLoss?: AcceptLoss }>>;

/** A reason a customer may give for returning an item; reports count take-backs by its code. */
export interface ReturnReason {
  /** Stable code, e.g. `upgrade`; what reports group by. */
  code: string;
  label: string;
}

export interface BrandConfig {
  /** The slug in `/v1/brands/{brand}`. */
  brand: string;
  name: string;
  /** ISO 4217; every price and offer of the brand is in it. */
  currency: string;
  locale: 'de' | 'en';
  /** ISO 3166-1 alpha-2 codes of the countries customers may ship from. */
  countries: string[];
  quoteValidityDays: number;
  shippingDeadlineDays: number;
  /** Calendar days a customer has to answer a counter-offer, after the day of grading; default `COUNTER_OFFER_ANSWER_DAYS` (14). */
  counterOfferAnswerDays?: number;
  /** IANA time zone in which the brand's deadlines end at midnight; default Europe/Berlin. */
  timeZone?: string;
  /** Take-backs (label e-mails) one address may ask for per day; default `DEFAULT_LABEL_EMAILS_PER_ADDRESS_PER_DAY`. */
  labelEmailsPerAddressPerDay?: number;
  senderEmail: string;
  /** DHL: the receiver of the return labels, and the account for parcels the brand sends (an item back to its customer). */
  carrier: {
    dhl: {
      /** The DHL return receiver of the brand's returns: of those from every country {@link receiverIds} does not name. */
      receiverId: string;
      /** The receiver of the returns from a country, by ISO code, where it is not `receiverId`'s: DHL keeps one per country returns come from. */
      receiverIds?: Record<string, string>;
      parcels?: BrandParcelAccount;
    };
  };
  offerRules: OfferRules;
  /** The route rules and the grading tolerance (issue 3); a brand without them cannot grade yet. */
  routing?: BrandRoutingConfig;
  /** Payout rules, the bank account payouts are paid from, and the voucher issuer (issue 4). */
  payouts?: BrandPayoutConfig;
  /** Price rules and sales channels for resale (issue 9); a brand without them does not resell. */
  resale?: BrandResaleConfig;
  /** The brand's own LCA factors; one for a category replaces the published factor. */
  impactOverrides?: ImpactFactor[];
  /** What one prepaid return label costs the brand (the carrier's contract price); a ledger line of every passport with a label. */
  labelCost?: Money;
  /** The reasons a customer can pick from when trading in; without them the form asks none. */
  returnReasons?: ReturnReason[];
  /** Who receives the monthly impact report (the brand's admins); without them none is sent. */
  reportRecipients?: string[];
  /** How the brand's pages look; without it the pages use Kreislauf's own colours and the brand's name. */
  theme?: BrandTheme;
  /**
   * What the brand calls its categories, by code, in its own language (as its products and questions are written):
   * reports, the dashboard and the console show a category by this name; without one, a category the published
   * impact factors cover by its published name, any other by its code.
   */
  categoryNames?: Record<string, string>;
}

export interface BrandTheme {
  /** `#rrggbb`, used for buttons and headings. */
  primaryColor: string;
  /** An https URL of the brand's logo (SVG or PNG). */
  logoUrl?: string;
}

export interface BrandRoutingConfig {
  rules: RouteRules;
  /** The shortfall below the offer the brand absorbs at grading, as a share of the offer's lower bound. */
  gradingTolerance: number;
  /**
   * How much more than it expects the brand pays for a repair job, as a share of the expected labour and parts (0 to 1,
   * at most four decimals); 0.25 when absent. Fixed in each job's cost limit when it is assigned (`repairCostLimit`).
   */
  repairCostTolerance?: number;
}

export interface BrandCatalog {
  config: BrandConfig;
  products: Product[];
  questions: ConditionQuestion[];
}

/**
 * The worse of two grades.
 *
 * @example
 * worseGrade('GOOD', 'FAIR'); // 'FAIR'
 */
export function worseGrade(a: Grade, b: Grade): Grade {
  return GRADES.indexOf(a) >= GRADES.indexOf(b) ? a : b;
}

/**
 * The product with this SKU in the brand's catalog.
 *
 * @throws NotFoundError when the catalog has no such product.
 * @example
 * findProduct(catalog, 'DO-PHONE-X2-128').name; // 'Trailphone X2 128 GB'
 */
export function findProduct(catalog: BrandCatalog, sku: string): Product {
  const product = catalog.products.find((candidate) => candidate.sku === sku);
  if (!product) {
    throw new NotFoundError(`The catalog of ${catalog.config.name} has no product with SKU "${sku}"`, { sku });
  }
  return product;
}

/**
 * The grade a customer's self-assessment gives: the worst grade among the chosen options. Every
 * question of the category must be answered with one of its options, and nothing else.
 *
 * @param answers option id by question id
 * @throws ValidationError listing every missing, unknown or superfluous answer at `['answers', questionId]`.
 * @throws UnprocessableError when the brand configured no questions for the category.
 * @example
 * assessGrade(questions, 'smartphone', { 'smartphone-screen': 'light-scratches', 'smartphone-battery': 'healthy' });
 * // 'GOOD'
 */
export function assessGrade(
  questions: ConditionQuestion[],
  category: string,
  answers: Record<string, string>,
): Grade {
  const asked = questions.filter((question) => question.category === category);
  if (asked.length === 0) {
    // Grading every item LIKE_NEW would hide the brand's misconfiguration behind generous offers.
    throw new UnprocessableError(`No condition questions configured for category "${category}"`, [], { category });
  }

  const issues: FieldIssue[] = [];
  let grade: Grade = 'LIKE_NEW';
  for (const question of asked) {
    const optionIds = question.options.map((option) => option.id).join(', ');
    // Own properties only, so an answer key like "constructor" is never read from the prototype.
    if (!Object.hasOwn(answers, question.id)) {
      issues.push({ path: ['answers', question.id], message: `Answer "${question.text}" with one of: ${optionIds}` });
      continue;
    }
    const chosen = question.options.find((option) => option.id === answers[question.id]);
    if (!chosen) {
      issues.push({
        path: ['answers', question.id],
        message: `"${answers[question.id]}" is not an option of "${question.text}"; choose one of: ${optionIds}`,
      });
      continue;
    }
    grade = worseGrade(grade, chosen.grade);
  }
  for (const questionId of Object.keys(answers)) {
    if (!asked.some((question) => question.id === questionId)) {
      issues.push({
        path: ['answers', questionId],
        message: `There is no condition question "${questionId}" for category "${category}"`,
      });
    }
  }

  if (issues.length > 0) {
    throw new ValidationError(`The condition answers for category "${category}" are incomplete or invalid`, issues);
  }
  return grade;
}

/**
 * Whether a brand takes items back yet. Its route rules decide, at grading, where a received item goes and how far its
 * payout may move from the offer: without them an item the customer sent could not be graded, so a brand whose
 * configuration has none (one being set up step by step) makes no offers and no labels.
 */
export function takesItemsBack(config: Pick<BrandConfig, 'routing'>): boolean {
  return config.routing !== undefined;
}

/**
 * The DHL return receiver a parcel from `country` goes to: the brand's receiver for that country, else its
 * `receiverId`. DHL configures a receiver for one country of origin, and refuses a label from another. Until
 * 7 December 2026 a brand had one receiver, and every take-back from its second country (the demo brand's Austria)
 * got no label and waited for a person.
 *
 * @example
 * dhlReceiverFor({ carrier: { dhl: { receiverId: 'deu', receiverIds: { AT: 'aut' } } } }, 'AT'); // 'aut'
 */
export function dhlReceiverFor(config: Pick<BrandConfig, 'carrier'>, country: string): string {
  const receivers = config.carrier.dhl.receiverIds;
  return receivers && Object.hasOwn(receivers, country) ? receivers[country]! : config.carrier.dhl.receiverId;
}
