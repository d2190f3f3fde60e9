/**
 * A brand catalogue checked when a configuration is saved, against the version it replaces: what is new or changed must
 * not be a typo (a GTIN without its check digit, one another product has, a new price or another amount of money past the most an amount may be, a
 * time zone no IANA name) nor text that cannot be printed on one line, nor free text with a control character in it. What the current version already has is left to
 * the brand, so that a save of another part is not held up by it. Stored configurations are read without these checks.
 */
import { dhlIdFieldsOf, MAX_DHL_RECEIVERS } from './brand-config';
import { ianaTimeZoneOf } from './calendar';
import { type AcceptLoss, type BrandCatalog, GRADES, MAX_AMOUNT } from './catalog';
import type { FieldIssue } from './errors';
import { gtinCheckDigitOf } from './gtin';
import { isSepaCountry } from './iban';
import { isCurrency } from './money';
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

/** An amount of money a brand writes in its configuration: where it is, and whose it is (to find it in another version). */
interface BrandAmount {
  path: (string | number)[];
  of: string;
  amount: number;
}

/**
 * Every amount of money of a configuration but the products' new prices (see `unlikelyNewPrices`): the parcel and label
 * costs, the route rules' labour rate, handling costs, recycling values and parts costs, the payout bonuses' fixed
 * amounts and caps, the resale price floor and the channels' fixed fees, and the products' own trade-in values.
 */
function moneyAmounts({ config, products }: BrandCatalog): BrandAmount[] {
  const amounts: BrandAmount[] = [];
  const add = (path: (string | number)[], amount: number | undefined) => {
    if (amount !== undefined) amounts.push({ path, of: path.join('.'), amount });
  };
  add(['config', 'carrier', 'dhl', 'parcels', 'cost', 'amount'], config.carrier.dhl.parcels?.cost?.amount);
  add(['config', 'labelCost', 'amount'], config.labelCost?.amount);
  const rules = config.routing?.rules;
  add(['config', 'routing', 'rules', 'labourRatePerHour'], rules?.labourRatePerHour);
  for (const [category, route] of Object.entries(rules?.categories ?? {})) {
    const path = ['config', 'routing', 'rules', 'categories', category];
    add([...path, 'handlingCost'], route.handlingCost);
    add([...path, 'recyclingValue'], route.recyclingValue);
    for (const grade of GRADES) add([...path, 'repair', 'estimates', grade, 'partsCost'], route.repair.estimates[grade]?.partsCost);
  }
  const tiers = config.payouts?.rules.tiers;
  const bonus = (at: string[], paid: { fixed?: number; cap?: number } | undefined) => {
    add(['config', 'payouts', 'rules', 'tiers', ...at, 'fixed'], paid?.fixed);
    add(['config', 'payouts', 'rules', 'tiers', ...at, 'cap'], paid?.cap);
  };
  for (const [grade, paid] of Object.entries(tiers?.grade ?? {})) bonus(['grade', grade], paid);
  for (const [category, paid] of Object.entries(tiers?.category ?? {})) bonus(['category', category], paid);
  for (const [segment, paid] of Object.entries(tiers?.segment ?? {})) bonus(['segment', segment], paid);
  bonus(['voucher'], tiers?.voucher);
  add(['config', 'resale', 'priceRules', 'floor', 'amount'], config.resale?.priceRules.floor.amount);
  for (const [channel, settings] of Object.entries(config.resale?.channels ?? {})) add(['config', 'resale', 'channels', channel, 'pricing', 'fee', 'fixed'], settings?.pricing.fee.fixed);
  products.forEach((product, index) => {
    for (const grade of GRADES) {
      const range = product.tradeIn?.[grade];
      // Found again by SKU, so that a save that only reorders the products does not count them as changed.
      for (const end of ['min', 'max'] as const) {
        if (range) amounts.push({ path: ['products', index, 'tradeIn', grade, end], of: `product ${product.sku} ${grade} ${end}`, amount: range[end] });
      }
    }
  });
  return amounts;
}

/**
 * The amounts of money of the configuration (see `moneyAmounts`), new or changed in this save, that are more than the
 * most an amount may be ({@link MAX_AMOUNT}), or a recycling value (which may be negative) less than its negative. Until
 * 7 December 2026 only a product's new price was held to it: a price floor of 9e12 listed every item at about 100
 * billion euros, and one of 9e15 kept the listing function stepping up to a price past JavaScript's exact integers
 * until it timed out. An amount the current version already has is left, as a new price is.
 */
export function amountsPastMaximum(current: BrandCatalog | undefined, next: BrandCatalog): FieldIssue[] {
  const before = new Map((current ? moneyAmounts(current) : []).map(({ of, amount }) => [of, amount]));
  return moneyAmounts(next).flatMap(({ path, of, amount }): FieldIssue[] => {
    if (Math.abs(amount) <= MAX_AMOUNT || before.get(of) === amount) return [];
    return [{ in: 'body', path, message: amount > 0 ? `must be at most ${MAX_AMOUNT} minor units` : `must be at least -${MAX_AMOUNT} minor units` }];
  });
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
 * control character, a bidi control or another format character (a zero-width space, a tag character), nothing a reader sees (a product or category named "\u200b", or in tag characters
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

/**
 * The brand's currency, new or changed in this save, when it is no currency prices can be in ({@link isCurrency}):
 * until 7 December 2026 any three capital letters were saved, and BTC, XAU (gold), XTS (the testing code) and XXX ("no
 * currency") were quoted, paid and exported with two decimals. A currency the current version already has is left, so
 * that the configuration stays readable and its other parts savable. The other currencies of a configuration must be
 * this one (the schema's checks across parts).
 */
export function unknownCurrency(current: BrandCatalog | undefined, next: BrandCatalog): FieldIssue[] {
  const { currency } = next.config;
  if (currency === current?.config.currency || isCurrency(currency)) return [];
  return [{ in: 'body', path: ['config', 'currency'], message: 'must be a currency of ISO 4217, e.g. EUR (not a metal, fund or test code)' }];
}

/**
 * The countries the brand takes items back from (`countries`), and those it names a DHL return receiver for
 * (`carrier.dhl.receiverIds`), new in this save, that are not among `returnCountries`: the countries the carrier takes
 * returns from. A take-back needs a return label, which DHL refuses from any other country: until 7 December 2026 a
 * brand saved `XX`, or a country DHL takes no returns from, and its customers there were quoted, took back and got no
 * label. A country the current version already names is left.
 */
export function countriesWithoutReturns(current: BrandCatalog | undefined, next: BrandCatalog, returnCountries: readonly string[]): FieldIssue[] {
  const message = `must be a country DHL takes returns from: ${returnCountries.join(', ')}`;
  const takesBack = new Set(current?.config.countries);
  const received = new Set(Object.keys(current?.config.carrier.dhl.receiverIds ?? {}));
  return [
    ...next.config.countries.flatMap((country, index): FieldIssue[] =>
      takesBack.has(country) || returnCountries.includes(country) ? [] : [{ in: 'body', path: ['config', 'countries', index], message }],
    ),
    ...Object.keys(next.config.carrier.dhl.receiverIds ?? {}).flatMap((country): FieldIssue[] =>
      received.has(country) || returnCountries.includes(country) ? [] : [{ in: 'body', path: ['config', 'carrier', 'dhl', 'receiverIds', country], message }],
    ),
  ];
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

/**
 * `carrier.dhl.receiverIds`, changed in this save, when it names more than {@link MAX_DHL_RECEIVERS} receivers: each new
 * one is claimed in the save's one transaction. Receivers the current version has are left, however many.
 */
export function tooManyDhlReceivers(current: BrandCatalog | undefined, next: BrandCatalog): FieldIssue[] {
  const receivers = next.config.carrier.dhl.receiverIds ?? {};
  const before = current?.config.carrier.dhl.receiverIds ?? {};
  const unchanged = Object.keys(receivers).length === Object.keys(before).length && Object.entries(receivers).every(([country, id]) => Object.hasOwn(before, country) && before[country] === id);
  return Object.keys(receivers).length <= MAX_DHL_RECEIVERS || unchanged
    ? []
    : [{ in: 'body', path: ['config', 'carrier', 'dhl', 'receiverIds'], message: `must name at most ${MAX_DHL_RECEIVERS} receivers` }];
}

/**
 * DHL's receivers and sender references, new or changed in this save, written in other than ASCII letters, digits, dots,
 * hyphens and underscores. Such ids are held per brand, compared without case: a full-width `ｄｅｕ`, a Cyrillic `е`, a
 * long `ſ`, a dotless `ı` or a joiner inside read as another brand's id in the console, and until the evening of
 * 7 December 2026 they were held as ids of their own. Ids the current version has are left as they are.
 */
export function dhlIdsNotPlain(current: BrandCatalog | undefined, next: BrandCatalog): FieldIssue[] {
  // Billing numbers are held to their 14 digits by the schema.
  const named = (catalog: BrandCatalog) => dhlIdFieldsOf(catalog.config).filter(({ kind }) => kind !== 'billing');
  const had = new Set((current ? named(current) : []).map(({ path, written }) => `${path.join('.')}=${written}`));
  return named(next).flatMap(({ path, written }): FieldIssue[] =>
    PLAIN_DHL_ID.test(written) || had.has(`${path.join('.')}=${written}`)
      ? []
      : [{ in: 'body', path, message: 'must be written in letters A-Z, digits, dots, hyphens and underscores, as DHL writes its ids' }],
  );
}

const PLAIN_DHL_ID = /^[A-Za-z0-9._-]+$/;

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
