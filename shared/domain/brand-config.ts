/**
 * A brand's configuration as it changes over time: numbered versions, each saved by someone at
 * some time, and which parts of the configuration a version changed.
 */
import type { BrandCatalog, BrandConfig } from './catalog';
import type { LosingCombination, LosingCombinations } from './economics-guard';
import { formatMoney } from './emails/format';
import { DomainError, type FieldIssue, UnprocessableError } from './errors';

/** The fields of the configuration that say who the brand is, where it takes items back from, and how it writes to customers. */
const IDENTITY_FIELDS = [
  'brand',
  'name',
  'currency',
  'locale',
  'countries',
  'quoteValidityDays',
  'shippingDeadlineDays',
  'counterOfferAnswerDays',
  'timeZone',
  'labelEmailsPerAddressPerDay',
  'senderEmail',
  'carrier',
] as const satisfies readonly (keyof BrandConfig)[];

/** The configuration's fields that are a part of their own. */
const OWN_PARTS = [
  'offerRules',
  'routing',
  'payouts',
  'resale',
  'impactOverrides',
  'labelCost',
  'returnReasons',
  'reportRecipients',
  'theme',
  'categoryNames',
] as const satisfies readonly (keyof BrandConfig)[];

/** The parts of a brand's configuration, as the change history names them. */
// Built in a function marked pure: a spread at module level would stay in every bundle that imports this module.
export const BRAND_CONFIG_PARTS = /* @__PURE__ */ (() => ['identity', 'products', 'questions', ...OWN_PARTS] as const)();
export type BrandConfigPart = (typeof BRAND_CONFIG_PARTS)[number];

// A field added to BrandConfig must be given a part, or the history would not see it change.
type Unassigned = Exclude<keyof BrandConfig, (typeof IDENTITY_FIELDS)[number] | (typeof OWN_PARTS)[number]>;
type Assert<T extends true> = T;
export type EveryConfigFieldHasAPart = Assert<[Unassigned] extends [never] ? true : false>;

/** One saved version of a brand's configuration. */
export interface BrandConfigVersion {
  /** 1 for the first, one more for each save. */
  version: number;
  /** The staff member (the token's subject) who saved it, or `kreislauf` for the platform's own seeding. */
  by: string;
  /** ISO 8601. */
  at: string;
  /** The parts that differ from the version before; every part for the first. */
  changed: BrandConfigPart[];
}

/**
 * The parts in which two configurations differ; for a first version (no `before`), every part.
 * Objects are compared by content, whatever the order of their keys.
 *
 * @example
 * changedParts(demoBrand, { ...demoBrand, config: { ...demoBrand.config, name: 'Demo GmbH', labelCost: undefined } });
 * // ['identity', 'labelCost']
 */
export function changedParts(before: BrandCatalog | undefined, after: BrandCatalog): BrandConfigPart[] {
  if (!before) return [...BRAND_CONFIG_PARTS];
  const differs = (a: unknown, b: unknown) => canonicalJson(a) !== canonicalJson(b);
  const pick = (config: BrandConfig) => IDENTITY_FIELDS.map((field) => config[field]);
  return BRAND_CONFIG_PARTS.filter((part) => {
    switch (part) {
      case 'identity':
        return differs(pick(before.config), pick(after.config));
      case 'products':
      case 'questions':
        return differs(before[part], after[part]);
      default:
        return differs(before.config[part], after.config[part]);
    }
  });
}

/**
 * JSON with every object's keys sorted and `undefined` members left out, so that two documents
 * with the same content give the same text (and the same hash) however they were built.
 *
 * @example
 * canonicalJson({ b: 1, a: [{ d: undefined, c: 2 }] }); // '{"a":[{"c":2}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) =>
    member !== null && typeof member === 'object' && !Array.isArray(member)
      ? Object.fromEntries(Object.entries(member).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : member,
  );
}

/**
 * The strong entity tag of a configuration version (`ETag`, `If-Match`). A version is never saved
 * twice with other content, so its number identifies the bytes.
 *
 * @example
 * etagOf(12); // '"v12"'
 */
export function etagOf(version: number): string {
  return `"v${version}"`;
}

/**
 * The version an entity tag of {@link etagOf} names, or `undefined` for any other tag: only a strong
 * tag of ours can match (RFC 9110 §13.1.1), a weak or foreign one never does.
 *
 * @example
 * versionOfEtag('"v12"'); // 12
 * versionOfEtag('W/"v12"'); // undefined
 */
export function versionOfEtag(etag: string): number | undefined {
  const version = /^"v([1-9]\d{0,9})"$/.exec(etag.trim())?.[1];
  return version === undefined ? undefined : Number(version);
}

/** A change of the configuration sent without `If-Match`, which would overwrite whatever another admin saved meanwhile (428). */
export class PreconditionRequiredError extends DomainError {
  override readonly name = 'PreconditionRequiredError';
  readonly status = 428;
  readonly title = 'Precondition required';
}

/** The configuration changed since the version the client read (412): nothing was saved. */
export class PreconditionFailedError extends DomainError {
  override readonly name = 'PreconditionFailedError';
  readonly status = 412;
  readonly title = 'Precondition failed';
}

/**
 * The domain a brand sends its e-mails from, as its sender address names it, lower-cased: what a brand holds as its
 * own. SES sends from any address of a verified domain, and identities are verified per AWS account, so an address
 * of another brand's domain would send as that brand.
 *
 * @example
 * senderDomainOf('Take-Back@Demo.Example.'); // 'demo.example'
 */
export function senderDomainOf(senderEmail: string): string {
  return senderEmail.slice(senderEmail.lastIndexOf('@') + 1).toLowerCase().replace(/\.$/, '');
}

/**
 * The domains a sender domain lies within, of two labels or more: SES sends from every subdomain of a verified
 * domain too, so a brand holding one of them holds the sender domain as well.
 *
 * @example
 * enclosingDomainsOf('mail.demo.example'); // ['demo.example']
 */
export function enclosingDomainsOf(domain: string): string[] {
  const labels = domain.split('.');
  return labels.slice(1, -1).map((_, index) => labels.slice(index + 1).join('.'));
}

/**
 * The most labels a new sender domain may have. A save that moves the brand to another domain claims it, checks and marks
 * each domain above it, and gives up the old one with its marks, beside at most {@link MAX_DHL_CLAIMS} DHL ids claimed and
 * as many given up: 2 + 2 + 2 × 8 + 1 + 8 + 68 = 97 of the 100 items a DynamoDB transaction takes.
 */
export const MAX_SENDER_DOMAIN_LABELS = 10;

/** A sender address on a domain another brand holds (422): nothing was saved. The other brand is not named. */
export class SenderDomainTakenError extends UnprocessableError {
  override readonly name = 'SenderDomainTakenError';
  constructor(domain: string) {
    super(`${domain} is used by another brand to send its e-mails: send yours from an address of your own domain.`, [
      { in: 'body', path: ['config', 'senderEmail'], message: `must be an address of your own domain: ${domain} is used by another brand` },
    ]);
  }
}

/** What of the deployment's one DHL account a configuration names as the brand's: a return receiver, a sender address kept in DHL's portal, a billing number. */
export type DhlAccountKind = 'receiver' | 'shipper' | 'billing';

/**
 * One of the DHL account's ids a brand's configuration names, as it is held: the first brand whose save names it holds
 * it, so that no other brand's labels go to its receiver, nor its parcels go out as its sender and on its bill.
 */
export interface DhlAccountId {
  kind: DhlAccountKind;
  /**
   * The id lower-cased (billing numbers are digits). Decided: DHL matches its ids as given, but a brand's `DEU` must not
   * reach another's `deu` should DHL's portal ever match without case, and two brands' receivers told apart only by
   * case would be a mix-up waiting to happen, so receivers and sender references are held whatever their case.
   */
  id: string;
  /** Where the configuration names it: a receiver may be the one of several countries. */
  paths: (string | number)[][];
}

/**
 * The most receivers `carrier.dhl.receiverIds` may name when a save changes it: each id new in a save is claimed, and
 * each one given up released, in the save's one transaction, which DynamoDB holds to 100 items. A receiver per country
 * a brand takes back from is far fewer (the demo brand's: one besides `receiverId`).
 */
export const MAX_DHL_RECEIVERS = 30;

/** The most DHL ids a save claims: every receiver of {@link MAX_DHL_RECEIVERS}, `receiverId`, `shipperRef` and two billing numbers. */
export const MAX_DHL_CLAIMS = MAX_DHL_RECEIVERS + 4;

/**
 * The DHL ids a configuration names, each once (with every path that names it).
 *
 * @example
 * dhlAccountIdsOf({ carrier: { dhl: { receiverId: 'deu', receiverIds: { AT: 'aut', LI: 'DEU' } } } }).map(({ id, paths }) => [id, paths.length]);
 * // [['deu', 2], ['aut', 1]]
 */
export function dhlAccountIdsOf(config: Pick<BrandConfig, 'carrier'>): DhlAccountId[] {
  const ids = new Map<string, DhlAccountId>();
  for (const { kind, written, path } of dhlIdFieldsOf(config)) {
    // Receivers and sender references are held whatever their case; billing numbers are digits.
    const id = written.toLowerCase();
    const held = ids.get(dhlAccountKeyOf({ kind, id }));
    if (held) held.paths.push(path);
    else ids.set(dhlAccountKeyOf({ kind, id }), { kind, id, paths: [path] });
  }
  return [...ids.values()];
}

/** Each field of a configuration that names a DHL id, with the id as written there. */
export function dhlIdFieldsOf(config: Pick<BrandConfig, 'carrier'>): { kind: DhlAccountKind; written: string; path: (string | number)[] }[] {
  const { receiverId, receiverIds = {}, parcels } = config.carrier.dhl;
  const at = ['config', 'carrier', 'dhl'];
  const fields: { kind: DhlAccountKind; written: string; path: (string | number)[] }[] = [
    { kind: 'receiver', written: receiverId, path: [...at, 'receiverId'] },
    ...Object.entries(receiverIds).map(([country, receiver]) => ({ kind: 'receiver' as const, written: receiver, path: [...at, 'receiverIds', country] })),
  ];
  if (parcels) {
    fields.push({ kind: 'shipper', written: parcels.shipperRef, path: [...at, 'parcels', 'shipperRef'] });
    for (const [product, number] of Object.entries(parcels.billingNumbers)) if (number !== undefined) fields.push({ kind: 'billing', written: number, path: [...at, 'parcels', 'billingNumbers', product] });
  }
  return fields;
}

/** One string per DHL id, the same for the same id however a configuration names it: how the ids of two versions are compared. */
export function dhlAccountKeyOf({ kind, id }: Pick<DhlAccountId, 'kind' | 'id'>): string {
  return `${kind}#${id}`;
}

const DHL_ID_NAMES: Record<DhlAccountKind, string> = { receiver: 'a DHL return receiver', shipper: 'a sender reference', billing: 'a billing number' };

/** DHL ids of the configuration another brand holds (422): nothing was saved. The other brand is not named. */
export class DhlAccountTakenError extends UnprocessableError {
  override readonly name = 'DhlAccountTakenError';
  constructor(readonly taken: DhlAccountId[]) {
    super(
      'The configuration names DHL ids another brand uses: ask DHL for a return receiver, a sender reference in its business customer portal and billing numbers of your own.',
      taken.flatMap(({ kind, paths }) => paths.map((path) => ({ in: 'body' as const, path, message: `must be ${DHL_ID_NAMES[kind]} of your own: this one is used by another brand` }))),
    );
  }
}

/**
 * The stored configuration of a brand does not parse (500): an operator wrote it by hand or a
 * migration went wrong. Nothing of the brand works until it is fixed; other brands are untouched.
 */
export class BrandConfigUnreadableError extends DomainError {
  override readonly name = 'BrandConfigUnreadableError';
  readonly status = 500;
  readonly title = 'Brand configuration unreadable';
  /** What is wrong with the stored document, for the operator's log; the client is told only that it is unreadable. */
  readonly problems: string[];
  constructor(brand: string, problems: string[]) {
    super(`The configuration of brand "${brand}" cannot be read, so nothing of this brand can be done until an operator fixes it. The details are in the log.`);
    this.problems = problems;
    this.cause = problems.join('; ');
  }
}

/** What is wrong with a brand's stored webhook subscriptions, as an operator reads it in the log: each subscription and its failing fields. */
export function subscriptionProblems(unreadable: { subscriptionId: string; problems: string[] }[]): string[] {
  return unreadable.flatMap(({ subscriptionId, problems }) => problems.map((problem) => `webhook subscription ${subscriptionId}: ${problem}`));
}

/** A brand's webhook subscriptions that do not parse as stored, as an unreadable configuration. */
export function subscriptionsUnreadable(brand: string, unreadable: { subscriptionId: string; problems: string[] }[]): BrandConfigUnreadableError {
  return new BrandConfigUnreadableError(brand, subscriptionProblems(unreadable));
}

/**
 * The most losing combinations a 422 sets out, as many as a problem's `errors`: 1,500 phones whose rules lose money
 * lose in 24,000 combinations, which listed in full answered 10 MB, past Lambda's 6 MB, so the client got a 500.
 */
export const MAX_LISTED_LOSSES = 100;

/**
 * Rules that pay more than an item recovers somewhere, without an `acceptLoss` (422): nothing was
 * saved. One issue per losing combination listed, at the rule that sets the trade-in value, in words;
 * the combinations themselves, with every rule that pays, are the problem's `losses`, the first
 * {@link MAX_LISTED_LOSSES} of `lossCount`.
 */
export class RulesLoseMoneyError extends UnprocessableError {
  override readonly name = 'RulesLoseMoneyError';
  override readonly title = 'Rules lose money';
  constructor(catalog: BrandCatalog, { count, listed }: LosingCombinations) {
    const losses = listed.slice(0, MAX_LISTED_LOSSES);
    const cut = count > losses.length ? ` The first ${losses.length} of its ${count} losses are listed.` : '';
    super(
      `The rules pay more than the item recovers in ${count} ${count === 1 ? 'case' : 'cases'}; lower what they pay, or give the rule that pays an acceptLoss with a reason.${cut}`,
      losses.map((loss) => lossIssue(catalog, loss)),
      { lossCount: count, losses },
    );
  }
}

function lossIssue(catalog: BrandCatalog, loss: LosingCombination): FieldIssue {
  // Staff read these in the console and in API clients, which speak English.
  const money = (amount: LosingCombination['loss']) => formatMoney(amount, 'en');
  const product = catalog.products.find((candidate) => candidate.sku === loss.sku)?.name ?? loss.sku;
  const paid = loss.method === 'VOUCHER' ? `paid a ${money(loss.payout)} voucher` : `paid ${money(loss.payout)} by bank transfer`;
  const customer = loss.segment === 'NEW' ? 'a new customer' : 'a returning customer';
  return {
    in: 'body',
    path: pathOfPointer(loss.rules[0] ?? ''),
    message: `${loss.grade} ${product} ${paid} to ${customer} costs ${money(loss.payoutCost)} but recovers ${money(loss.recovery)} on route ${loss.route}, a loss of ${money(loss.loss)} (rules: ${loss.rules.join(', ')})`,
  };
}

/**
 * The issue path of a JSON pointer into the configuration document; array indexes become numbers.
 *
 * @example
 * pathOfPointer('/products/1/tradeIn/GOOD'); // ['products', 1, 'tradeIn', 'GOOD']
 */
function pathOfPointer(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((segment, index, segments) => (segments[index - 1] === 'products' && /^\d+$/.test(segment) ? Number(segment) : segment));
}
