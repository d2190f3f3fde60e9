/**
 * A brand catalogue checked when a configuration is saved, against the version it replaces: what is new or changed must
 * not be a typo (a GTIN without its check digit, one another product has, a new price past the most an amount may be, a
 * time zone no IANA name) nor text that cannot be printed on one line, nor free text with a control character in it. What the current version already has is left to
 * the brand, so that a save of another part is not held up by it. Stored configurations are read without these checks.
 */
import { ianaTimeZoneOf } from './calendar';
import { type AcceptLoss, type BrandCatalog, GRADES, MAX_AMOUNT } from './catalog';
import type { FieldIssue } from './errors';
import { gtinCheckDigitOf } from './gtin';
import { isSepaCountry } from './iban';
import { isPlainText, NOT_PLAIN_TEXT_MESSAGE, oneLineRefusalOf } from './plain-text';
import { fitsSepaName, SEPA_NAME_LENGTH } from './sepa-text';
import { AVOIDED_BOUND_MESSAGE, isPlausibleAvoidedFigure } from '../schemas/impact-factors';

/**
 * The products whose GTIN is new or changed in this save and does not end in its GS1 check digit. A GTIN the current
 * version already has is left to the brand, so that a save of another part is not held up by an old one.
 */
export function mistypedGtins(current: BrandCatalog | undefined, next: BrandCatalog): FieldIssue[] {
  const before = new Set((current?.products ?? []).map((product) => product.gtin));
  return next.products.flatMap((product, index): FieldIssue[] => {
    if (!product.gtin || before.has(product.gtin)) return [];
    const { given, expected } = gtinCheckDigitOf(product.gtin);
    return given === expected ? [] : [{ in: 'body', path: ['products', index, 'gtin'], message: `ends in ${given}, where GS1's check digit of the digits before it is ${expected}` }];
  });
}

/**
 * The products whose GTIN, new or changed in this save, another product has too (as 8, 12, 13 or 14 digits: GS1 reads
 * them as one 14-digit number). Until 7 December 2026 such a catalogue was saved, and a channel that matches by GTIN
 * listed one product's items as the other's.
 */
export function sharedGtins(current: BrandCatalog | undefined, next: BrandCatalog): FieldIssue[] {
  const before = new Map((current?.products ?? []).map((product) => [product.sku, product.gtin]));
  const as14 = (gtin: string) => gtin.padStart(14, '0');
  return next.products.flatMap((product, index): FieldIssue[] => {
    if (!product.gtin || before.get(product.sku) === product.gtin) return [];
    const other = next.products.find((candidate, at) => at !== index && candidate.gtin !== undefined && as14(candidate.gtin) === as14(product.gtin!));
    return other ? [{ in: 'body', path: ['products', index, 'gtin'], message: `is also the GTIN of ${other.sku}` }] : [];
  });
}

/**
 * The products whose new price, new or changed in this save, is above the most an amount may be: a typo that would
 * quote, pay and list at millions. A price the current version already has is left, as a GTIN is.
 */
export function unlikelyNewPrices(current: BrandCatalog | undefined, next: BrandCatalog): FieldIssue[] {
  const before = new Map((current?.products ?? []).map((product) => [product.sku, product.newPrice.amount]));
  return next.products.flatMap((product, index): FieldIssue[] =>
    product.newPrice.amount > MAX_AMOUNT && before.get(product.sku) !== product.newPrice.amount
      ? [{ in: 'body', path: ['products', index, 'newPrice', 'amount'], message: `must be at most ${MAX_AMOUNT} minor units` }]
      : [],
  );
}

/**
 * What a brand's account to pay bank transfers from (`payouts.sepaDebtor`), new or changed in this save, or the brand's
 * currency changed under it, would make every SEPA file refuse: a name longer than the file's 70 characters once
 * written in its set (ä as ae), an IBAN SEPA does not reach, a brand that pays in another currency than the euro.
 * Until 7 December 2026 they were found only by the export, after its payouts were claimed. A debtor the current
 * version already has is left, as a GTIN is: the export refuses it before claiming anything.
 */
export function unpayableSepaDebtor(current: BrandCatalog | undefined, next: BrandCatalog): FieldIssue[] {
  const debtor = next.config.payouts?.sepaDebtor;
  if (!debtor) return [];
  const before = current?.config.payouts?.sepaDebtor;
  const path = ['config', 'payouts', 'sepaDebtor'];
  const issues: FieldIssue[] = [];
  if (debtor.name !== before?.name && !fitsSepaName(debtor.name)) {
    issues.push({ in: 'body', path: [...path, 'name'], message: `must have at most ${SEPA_NAME_LENGTH} characters as a bank transfer writes it (ä as ae, ß as ss)` });
  }
  if (debtor.iban !== before?.iban && !isSepaCountry(debtor.iban.slice(0, 2))) {
    issues.push({ in: 'body', path: [...path, 'iban'], message: `must be an account SEPA transfers reach, not one in ${debtor.iban.slice(0, 2)}` });
  }
  if (next.config.currency !== 'EUR' && (before === undefined || current?.config.currency !== next.config.currency)) {
    issues.push({ in: 'body', path: ['config', 'currency'], message: 'must be EUR for a brand that pays bank transfers (payouts.sepaDebtor): SEPA transfers are in euros' });
  }
  return issues;
}

/** A text a brand writes in its configuration: where it is, and whose it is (to find it in another version). */
interface BrandText {
  path: (string | number)[];
  of: string;
  text: string;
}

/**
 * The texts a brand writes that leave the configuration on one line: its name (the sender and subject of every e-mail),
 * its DHL references, the SEPA debtor's name, the names of products and categories, return reasons, condition questions
 * and their answers (list rows, CSV cells, the customer's pages), and the basis and source of an impact override (a
 * cell of the dashboard and of the impact PDF).
 */
function oneLineTexts({ config, products, questions }: BrandCatalog): BrandText[] {
  const texts: BrandText[] = [
    { path: ['config', 'name'], of: 'name', text: config.name },
    { path: ['config', 'carrier', 'dhl', 'receiverId'], of: 'receiverId', text: config.carrier.dhl.receiverId },
    ...Object.entries(config.carrier.dhl.receiverIds ?? {}).map(([country, receiver]) => ({ path: ['config', 'carrier', 'dhl', 'receiverIds', country], of: `receiverIds.${country}`, text: receiver })),
  ];
  const parcels = config.carrier.dhl.parcels;
  if (parcels) texts.push({ path: ['config', 'carrier', 'dhl', 'parcels', 'shipperRef'], of: 'shipperRef', text: parcels.shipperRef });
  const debtor = config.payouts?.sepaDebtor;
  if (debtor) texts.push({ path: ['config', 'payouts', 'sepaDebtor', 'name'], of: 'sepaDebtor', text: debtor.name });
  config.returnReasons?.forEach((reason, index) => texts.push({ path: ['config', 'returnReasons', index, 'label'], of: `return reason ${reason.code}`, text: reason.label }));
  for (const [code, name] of Object.entries(config.categoryNames ?? {})) texts.push({ path: ['config', 'categoryNames', code], of: `category ${code}`, text: name });
  config.impactOverrides?.forEach((factor, index) => {
    texts.push({ path: ['config', 'impactOverrides', index, 'basis'], of: `impact ${factor.category} basis`, text: factor.basis });
    texts.push({ path: ['config', 'impactOverrides', index, 'source'], of: `impact ${factor.category} source`, text: factor.source });
  });
  products.forEach((product, index) => texts.push({ path: ['products', index, 'name'], of: `product ${product.sku}`, text: product.name }));
  questions.forEach((question, index) => {
    texts.push({ path: ['questions', index, 'text'], of: `question ${question.id}`, text: question.text });
    question.options.forEach((option, at) =>
      texts.push({ path: ['questions', index, 'options', at, 'label'], of: `question ${question.id} option ${option.id}`, text: option.label }),
    );
  });
  return texts;
}

/**
 * The texts printed on one line (see `oneLineTexts`), new or changed in this save, that hold a line break, another
 * control character or a bidi control, nothing a reader sees (a product or category named "\u200b", or in tag characters
 * only) or more than 30 combining marks on a character. Until 7 December 2026 they were saved: a brand's name
 * `"Probe\r\nBcc: …"` went into the subject of the label e-mail, a product name with U+202E turned its row around. A
 * text the current version already has is left, as a GTIN is, so that a configuration saved before stays readable and
 * its other parts savable; the save that changes it corrects it.
 */
export function textsNotOnOneLine(current: BrandCatalog | undefined, next: BrandCatalog): FieldIssue[] {
  return textsRefusedWhereChanged(current, next, oneLineTexts, oneLineRefusalOf);
}

/** The texts `textsOf` finds in `next` that `refusalOf` refuses, where `current` does not have them as they are. */
function textsRefusedWhereChanged(
  current: BrandCatalog | undefined,
  next: BrandCatalog,
  textsOf: (catalog: BrandCatalog) => BrandText[],
  refusalOf: (text: string) => string | undefined,
): FieldIssue[] {
  const before = new Map((current ? textsOf(current) : []).map(({ of, text }) => [of, text]));
  return textsOf(next).flatMap(({ path, of, text }): FieldIssue[] => {
    const message = before.get(of) === text ? undefined : refusalOf(text);
    return message === undefined ? [] : [{ in: 'body', path, message }];
  });
}

/**
 * The texts a brand writes over several lines: the reason of each rule's consent to lose money (`acceptLoss`: of an
 * offer rule, a product's own trade-in values and a payout bonus), which the brand's admins read in the configuration,
 * and the note of an impact override, a paragraph of the impact PDF and a line of the dashboard.
 */
function freeTexts({ config, products }: BrandCatalog): BrandText[] {
  const texts: BrandText[] = [];
  const reasonOf = (path: (string | number)[], of: string, acceptLoss: AcceptLoss | undefined) => {
    if (acceptLoss) texts.push({ path: [...path, 'acceptLoss', 'reason'], of: `${of} acceptLoss`, text: acceptLoss.reason });
  };
  for (const [category, grades] of Object.entries(config.offerRules)) {
    for (const grade of GRADES) reasonOf(['config', 'offerRules', category, grade], `offer rule ${category} ${grade}`, grades[grade]?.acceptLoss);
  }
  const tiers = config.payouts?.rules.tiers;
  const tiersPath = ['config', 'payouts', 'rules', 'tiers'];
  for (const [grade, bonus] of Object.entries(tiers?.grade ?? {})) reasonOf([...tiersPath, 'grade', grade], `grade bonus ${grade}`, bonus?.acceptLoss);
  for (const [category, bonus] of Object.entries(tiers?.category ?? {})) reasonOf([...tiersPath, 'category', category], `category bonus ${category}`, bonus.acceptLoss);
  for (const [segment, bonus] of Object.entries(tiers?.segment ?? {})) reasonOf([...tiersPath, 'segment', segment], `segment bonus ${segment}`, bonus?.acceptLoss);
  reasonOf([...tiersPath, 'voucher'], 'voucher bonus', tiers?.voucher?.acceptLoss);
  config.impactOverrides?.forEach((factor, index) => texts.push({ path: ['config', 'impactOverrides', index, 'note'], of: `impact ${factor.category} note`, text: factor.note }));
  products.forEach((product, index) => {
    for (const grade of GRADES) reasonOf(['products', index, 'tradeIn', grade], `product ${product.sku} ${grade}`, product.tradeIn?.[grade]?.acceptLoss);
  });
  return texts;
}

/**
 * The free texts of several lines (see `freeTexts`), new or changed in this save, that hold a control character other
 * than a line break or a tab, a line or paragraph separator, a lone surrogate or a bidi control. Until 7 December 2026
 * they were saved, while the same reason on a listing's price (`acceptLoss.reason` of `POST …/listings/{channel}`) and
 * every note staff write were refused: a NUL ends the text for some readers of an export, a U+202E turns the
 * dashboard's line around. A text the current version already has is left, as one printed on one line is.
 */
export function freeTextsNotPlain(current: BrandCatalog | undefined, next: BrandCatalog): FieldIssue[] {
  return textsRefusedWhereChanged(current, next, freeTexts, (text) => (isPlainText(text) ? undefined : NOT_PLAIN_TEXT_MESSAGE));
}

/** A time zone name as the database writes one: segments that each begin with a capital, e.g. America/Port-au-Prince. */
const TIME_ZONE_NAME = /^[A-Z][A-Za-z0-9_+-]*(?:\/[A-Z][A-Za-z0-9_+-]*)*$/;

/**
 * The brand's time zone, new or changed in this save, when it is not an IANA name as the time zone database writes it.
 * Until 7 December 2026 anything `Intl` computes with was saved: `+05:30`, which knows no summer time, ran the ledger's
 * months from 18:30Z and went as such to the customer's tracking page, and `utc` or `Europe/berlin` were shown as typed.
 * A zone the current version already has is left, so that the configuration stays readable. A link of the database
 * (Europe/Kyiv, which Node 22's ICU writes Europe/Kiev) is taken as written.
 */
export function unknownTimeZone(current: BrandCatalog | undefined, next: BrandCatalog): FieldIssue[] {
  const zone = next.config.timeZone;
  if (zone === undefined || zone === current?.config.timeZone) return [];
  const iana = ianaTimeZoneOf(zone);
  // A name the runtime's database writes otherwise than only by case is one of the database's links (Europe/Kyiv for
  // Node 22's Europe/Kiev, Asia/Kolkata for Asia/Calcutta): the current name, taken as the brand writes it.
  if (iana === zone || (iana !== undefined && iana.toLowerCase() !== zone.toLowerCase() && TIME_ZONE_NAME.test(zone))) return [];
  const message = iana ? `must be an IANA time zone name as the time zone database writes it: ${iana}` : 'must be an IANA time zone name, e.g. Europe/Berlin';
  return [{ in: 'body', path: ['config', 'timeZone'], message }];
}

/** The most answers one condition question offers: the customer picks one on a phone's screen. */
export const MAX_QUESTION_OPTIONS = 50;

/**
 * The questions, new or with options changed in this save, that offer more than {@link MAX_QUESTION_OPTIONS} answers.
 * Until 7 December 2026 a question of 20,000 options was saved, and each customer's page carried all of them.
 */
export function questionsWithTooManyOptions(current: BrandCatalog | undefined, next: BrandCatalog): FieldIssue[] {
  const before = new Map((current?.questions ?? []).map((question) => [question.id, JSON.stringify(question.options)]));
  return next.questions.flatMap((question, index): FieldIssue[] =>
    question.options.length <= MAX_QUESTION_OPTIONS || before.get(question.id) === JSON.stringify(question.options)
      ? []
      : [{ in: 'body', path: ['questions', index, 'options'], message: `must offer at most ${MAX_QUESTION_OPTIONS} answers` }],
  );
}

// eBay names an inventory location by a key of at most 36 characters (the Inventory API's `merchantLocationKey`), sent
// in the path of its calls, and a business policy by its numeric id (a 64-bit integer written in digits).
const EBAY_LOCATION_KEY = /^[\x21-\x7e]{1,36}$/;
const EBAY_POLICY_ID = /^\d{1,19}$/;

/**
 * The eBay channel's location key and business policy ids, new or changed in this save, that eBay would not know: until
 * 7 December 2026 a policy id of 100 KB, or one holding a CR/LF, a NUL or a U+202E, was saved and sent with each offer.
 */
export function malformedEbayIds(current: BrandCatalog | undefined, next: BrandCatalog): FieldIssue[] {
  const ebay = next.config.resale?.channels.ebay;
  if (!ebay) return [];
  const before = current?.config.resale?.channels.ebay;
  const path = ['config', 'resale', 'channels', 'ebay'];
  const issues: FieldIssue[] = [];
  if (ebay.merchantLocationKey !== before?.merchantLocationKey && !EBAY_LOCATION_KEY.test(ebay.merchantLocationKey)) {
    issues.push({ in: 'body', path: [...path, 'merchantLocationKey'], message: 'must be an eBay inventory location key: 1 to 36 visible ASCII characters' });
  }
  for (const policy of ['fulfillmentPolicyId', 'paymentPolicyId', 'returnPolicyId'] as const) {
    if (ebay.policies[policy] !== before?.policies[policy] && !EBAY_POLICY_ID.test(ebay.policies[policy])) {
      issues.push({ in: 'body', path: [...path, 'policies', policy], message: 'must be an eBay business policy id: 1 to 19 digits' });
    }
  }
  return issues;
}

/**
 * The least share of a voucher's face value its goods cost the brand (`payouts.voucherCostRatio`). A voucher buys goods,
 * and no brand's goods cost it nothing: a ratio of 0 (or 1e-9) let the economics guard count a voucher bonus of
 * 1,000 % as free, and the ledger book every voucher at 0.
 */
export const MIN_VOUCHER_COST_RATIO = 0.1;

/** The voucher cost ratio, new or changed in this save, when below {@link MIN_VOUCHER_COST_RATIO}. */
export function voucherCostRatioTooLow(current: BrandCatalog | undefined, next: BrandCatalog): FieldIssue[] {
  const ratio = next.config.payouts?.voucherCostRatio;
  if (ratio === undefined || ratio >= MIN_VOUCHER_COST_RATIO || ratio === current?.config.payouts?.voucherCostRatio) return [];
  return [{ in: 'body', path: ['config', 'payouts', 'voucherCostRatio'], message: `must be at least ${MIN_VOUCHER_COST_RATIO}: what the goods a voucher buys cost the brand, as a share of its face value` }];
}

/**
 * The brand's impact factors (`impactOverrides`), new or changed in this save, that say one item's reuse avoids more
 * than `MAX_AVOIDED_KG_CO2E_PER_ITEM`: a unit mistake (grams typed for kilograms), which customers' pages, e-mails and
 * the reports would otherwise publish as a climate claim. Until 7 December 2026 any figure was saved, 9.9e124 too. A
 * figure the current version already has for the category is left, as a GTIN is; the impact computation does not use
 * it (`impactOfPassport`).
 */
export function implausibleImpactFactors(current: BrandCatalog | undefined, next: BrandCatalog): FieldIssue[] {
  const before = new Map((current?.config.impactOverrides ?? []).map((factor) => [factor.category, factor.avoidedKgCo2e]));
  return (next.config.impactOverrides ?? []).flatMap((factor, index): FieldIssue[] =>
    isPlausibleAvoidedFigure(factor.avoidedKgCo2e) || before.get(factor.category) === factor.avoidedKgCo2e
      ? []
      : [{ in: 'body', path: ['config', 'impactOverrides', index, 'avoidedKgCo2e'], message: AVOIDED_BOUND_MESSAGE }],
  );
}
