import {
  canonicalJson,
  changedParts,
  type DhlAccountId,
  dhlAccountIdsOf,
  dhlAccountKeyOf,
  DhlAccountTakenError,
  etagOf,
  MAX_DHL_CLAIMS,
  MAX_DHL_RECEIVERS,
  MAX_SENDER_DOMAIN_LABELS,
  MAX_LISTED_LOSSES,
  PreconditionFailedError,
  PreconditionRequiredError,
  RulesLoseMoneyError,
  enclosingDomainsOf,
  SenderDomainTakenError,
  senderDomainOf,
  versionOfEtag,
  type BrandConfigVersion,
} from '../domain/brand-config';
import { findLosingCombinations } from '../domain/economics-guard';
import { type BrandCatalog, MAX_AMOUNT } from '../domain/catalog';
import { type FieldIssue, NotFoundError, UnprocessableError, ValidationError } from '../domain/errors';
import {
  amountsPastMaximum,
  countriesWithoutReturns,
  dhlIdsNotPlain,
  freeTextsNotPlain,
  implausibleImpactFactors,
  malformedEbayIds,
  mistypedGtins,
  questionsWithTooManyOptions,
  sharedGtins,
  textsNotOnOneLine,
  tooManyDhlReceivers,
  unknownCurrency,
  unknownTimeZone,
  unlikelyNewPrices,
  unpayableSepaDebtor,
  voucherCostRatioTooLow,
} from '../domain/catalogue-checks';
import { ifMatchTags } from '../http/if-match';
import type { Staff } from '../http/staff';
import { outboundUrlOf, type UrlPolicy } from '../domain/url-policy';
import type { BrandConfigReads, BrandConfigStore } from '../ports/brand-config-store';
import type { WorkQueue } from '../ports/work-queue';
import { PASSPORT_STATES } from '../domain/lifecycle';
import { SALES_CHANNELS } from '../domain/listings';
import type { DynamoDbListingStore } from '../adapters/dynamodb/listing-store';
import { DHL_SENDER_COUNTRIES } from '../adapters/dhl/sender-countries';

/**
 * How often a save is read, checked and written again after another save landed between its read and its write:
 * enough for dozens of admins and scripts saving with `If-Match: *` at once, each round of which saves one of them.
 */
const SAVE_ATTEMPTS = 32;

export interface BrandConfigurationDeps {
  configs: BrandConfigStore;
  /**
   * The brand's work queues, which list every passport under its state from its first write on (none is deleted):
   * whether the brand has taken anything back, from which on its currency is fixed.
   */
  queues: Pick<WorkQueue, 'passportsIn'>;
  now: () => Date;
  /** Where the platform sends what a configuration names an address for: the deployment's outbound URL policy. */
  urlPolicy: UrlPolicy;
  /** The brand's listings: whether it has items for sale on a channel whose settings a save removes. */
  listings: Pick<DynamoDbListingStore, 'page'>;
}

/** A brand's configuration as an admin reads and writes it, with the strong entity tag of its version. */
export interface VersionedCatalog {
  catalog: BrandCatalog;
  etag: string;
}

/**
 * The conditional headers of a save, as sent: `If-Match` with the version read (or a list of versions, or `*`), or
 * `If-None-Match: *` for a brand's first configuration.
 */
export interface SavePrecondition {
  ifMatch?: string;
  ifNoneMatch?: string;
}

/**
 * `GET /v1/brand-config`: an admin reads the brand's whole configuration with its version's entity
 * tag, which a save must send. Each route's class is its own, so the reads carry neither the
 * saves nor the economics guard.
 */
export class BrandConfigView {
  constructor(private readonly deps: { configs: BrandConfigReads }) {}

  /** @throws NotFoundError when the brand has no configuration yet. */
  async read(staff: Staff): Promise<VersionedCatalog> {
    const current = await this.deps.configs.current(staff.brand);
    if (!current) {
      throw new NotFoundError(`${staff.brand} has no configuration yet; create it with PUT /v1/brand-config and If-None-Match: *.`);
    }
    return { catalog: current.catalog, etag: etagOf(current.version) };
  }
}

/** `GET /v1/brand-config/history`: who changed which parts of the configuration when. */
export class BrandConfigHistory {
  constructor(private readonly deps: { configs: Pick<BrandConfigStore, 'history'> }) {}

  /** The brand's configuration versions, newest first. */
  history(staff: Staff, page: { limit: number; cursor?: string }): Promise<{ versions: BrandConfigVersion[]; cursor?: string }> {
    return this.deps.configs.history(staff.brand, page);
  }
}

/**
 * `PUT /v1/brand-config`: an admin saves a changed configuration only on top of the version they
 * read, so two admins never overwrite each other's changes unseen, and only when its rules never
 * lose money without saying so.
 */
export class BrandConfiguration {
  constructor(private readonly deps: BrandConfigurationDeps) {}

  /**
   * Saves the whole configuration as the next version, recording who saved it and which parts
   * changed; the brand is the staff member's, and the document must say so. The content of the
   * version it replaces, sent again, saves nothing and is answered with that version's ETag.
   *
   * @throws PreconditionRequiredError (428) without `If-Match` (or `If-None-Match: *`).
   * @throws PreconditionFailedError (412) when the current version is not the one the client read (nor any other
   *   `If-Match` lists; `If-Match: *` when there is none), including when another save from that version won a moment
   *   ago, or is one an `If-None-Match` beside `If-Match` names (`*`: any). A save of `*` (or of a list) that another
   *   save overtook is read, checked and written again on top of it.
   * @throws ValidationError (400) when `If-Match` is neither `*` nor a list of entity tags.
   * @throws ValidationError when the document is another brand's, or names a Shopify voucher issuer at an address the
   *   deployment's outbound URL policy would not send its token to, or gives a product a new GTIN that does not end in
   *   its GS1 check digit, or a new or changed amount of money past `MAX_AMOUNT`, or a new currency prices cannot be in
   *   or a new country DHL takes no returns from, or a new or changed text holds a character it may not (a line break where it is printed on one
   *   line, another control character in a free text).
   * @throws UnprocessableError (422) at `config.currency` when the save changes the currency of a brand that has
   *   taken items back.
   * @throws UnprocessableError (422) at a channel's settings when the save removes them, or points the channel at another
   *   shop, location or marketplace, while the brand has items listed there.
   * @throws SenderDomainTakenError (422) at `config.senderEmail` when the save names a sender address of a domain
   *   another brand holds, which the version it replaces did not.
   * @throws DhlAccountTakenError (422) at each DHL field (a receiver, `parcels.shipperRef`, a billing number) that names
   *   an id another brand holds, which the version it replaces did not name.
   * @throws RulesLoseMoneyError (422) when the rules pay more than an item recovers somewhere
   *   without an `acceptLoss` (the economics guard).
   */
  async save(staff: Staff, catalog: BrandCatalog, precondition: SavePrecondition): Promise<VersionedCatalog> {
    if (catalog.config.brand !== staff.brand) {
      throw new ValidationError('The configuration must be of your own brand.', [
        { in: 'body', path: ['config', 'brand'], message: `must be ${staff.brand}, the brand of your token` },
      ]);
    }
    const issuer = catalog.config.payouts?.voucherIssuer;
    if (issuer?.kind === 'shopify') {
      // Every voucher sends the shop's Admin API token there: the address is held to the same policy as the sending.
      const address = outboundUrlOf(issuer.adminApiUrl, this.deps.urlPolicy);
      if (typeof address === 'string') {
        throw new ValidationError(`The voucher issuer's adminApiUrl ${address}: the shop's access token is sent there with every voucher.`, [
          { in: 'body', path: ['config', 'payouts', 'voucherIssuer', 'adminApiUrl'], message: address },
        ]);
      }
    }
    const replaceable = replaceableVersionsOf(precondition);
    for (let attempt = 1; ; attempt++) {
      const current = await this.deps.configs.current(staff.brand);
      const refusal = refusalOf(replaceable, current?.version, staff.brand);
      if (refusal) throw new PreconditionFailedError(refusal);
      // The same content again (a form saved without a change, a retry whose first answer was lost before the client
      // read it afresh): nothing to save, no version with no change in the history.
      if (current && canonicalJson(current.catalog) === canonicalJson(catalog)) return { catalog: current.catalog, etag: etagOf(current.version) };
      await this.check(current?.catalog, catalog);
      // The sender's domain is the first brand's that names it, with its subdomains (SES sends from them too). A domain
      // the current version has already is left to the brand when another holds it (two brands that shared one before
      // domains were held), and claimed when none does.
      const domain = senderDomainOf(catalog.config.senderEmail);
      const newDomain = current === undefined || senderDomainOf(current.catalog.config.senderEmail) !== domain;
      // A deeper domain would take the save's transaction past DynamoDB's 100 items (until the evening of 7 December
      // 2026 a domain of about 30 labels was a 500).
      if (newDomain && domain.split('.').length > MAX_SENDER_DOMAIN_LABELS) {
        throw new ValidationError(`The sender's domain ${domain} has more than ${MAX_SENDER_DOMAIN_LABELS} labels.`, [
          { in: 'body', path: ['config', 'senderEmail'], message: `must be an address of a domain of at most ${MAX_SENDER_DOMAIN_LABELS} labels` },
        ]);
      }
      const [holder, ...enclosing] = await Promise.all([domain, ...enclosingDomainsOf(domain)].map((held) => this.deps.configs.senderDomainHolder(held)));
      const another = [holder, ...enclosing].some((brand) => brand !== undefined && brand !== staff.brand);
      if (newDomain && another) throw new SenderDomainTakenError(domain);
      // Nor is a domain held above another brand's: its claim would shut that brand out of its own subdomains (a brand
      // claiming example.com after another's mail.example.com; until the evening of 7 December 2026 it could).
      if (newDomain && (await this.deps.configs.brandsHoldingWithin(domain)).some((brand) => brand !== staff.brand)) throw new SenderDomainTakenError(domain);
      // A domain the brand leaves is given up with the save, so that no brand holds domains it no longer sends from.
      const left = current && newDomain ? senderDomainOf(current.catalog.config.senderEmail) : undefined;
      const release = left !== undefined && (await this.deps.configs.senderDomainHolder(left)) === staff.brand ? left : undefined;
      const dhl = await this.dhlIdsOf(staff.brand, current?.catalog, catalog);
      try {
        // On the version read, which the headers allowed: a save landing meanwhile makes this one fail its condition.
        const version = await this.deps.configs.save(catalog, {
          expectedVersion: current?.version ?? 0,
          by: staff.subject,
          at: this.deps.now().toISOString(),
          changed: changedParts(current?.catalog, catalog),
          ...(holder === undefined && !another && { claimSenderDomain: domain }),
          ...(release !== undefined && { releaseSenderDomain: release }),
          ...(dhl.claim.length > 0 && { claimDhlIds: dhl.claim }),
          ...(dhl.release.length > 0 && { releaseDhlIds: dhl.release }),
        });
        return { catalog, etag: etagOf(version) };
      } catch (error) {
        // Another save landed between the read and the write. The headers decide on the version it made as on any:
        // `*`, or a list naming it, saves on top of it (read again and checked again, so the history records each
        // version once, in order); the version the client read, now gone, is a 412 at the next read. Another brand
        // that claimed the current version's domain, or one of its DHL ids, meanwhile is found holding it at the next read
        // too; a new DHL id another brand claimed meanwhile is refused at its fields.
        if (error instanceof DhlAccountTakenError) {
          const taken = error.taken.filter((held) => !dhl.had.has(dhlAccountKeyOf(held)));
          if (taken.length > 0) throw new DhlAccountTakenError(taken);
        }
        const overtaken = error instanceof PreconditionFailedError || (error instanceof SenderDomainTakenError && !newDomain) || error instanceof DhlAccountTakenError;
        if (!overtaken || attempt >= SAVE_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * The DHL ids the save claims and gives up. The deployment has one DHL account for all brands, so its ids are all
   * that keeps one brand's labels from another's receiver, and its parcels from another's sender address and bill (until
   * 7 December 2026 a new brand named the demo brand's and was saved). An id is the first brand's whose save names it;
   * one the current version names already is left to the brand when another holds it (configurations saved before ids
   * were held, the local cloud's brands copied from the demo brand), and claimed when none does; one the brand no longer
   * names is given up.
   *
   * @throws DhlAccountTakenError at the fields of the new ids another brand holds.
   */
  private async dhlIdsOf(brand: string, before: BrandCatalog | undefined, catalog: BrandCatalog): Promise<{ claim: DhlAccountId[]; release: DhlAccountId[]; had: ReadonlySet<string> }> {
    const named = dhlAccountIdsOf(catalog.config);
    const previously = before ? dhlAccountIdsOf(before.config) : [];
    const had = new Set(previously.map(dhlAccountKeyOf));
    const naming = new Set(named.map(dhlAccountKeyOf));
    const left = previously.filter((held) => !naming.has(dhlAccountKeyOf(held)));
    const holders = await this.deps.configs.dhlIdHolders([...named, ...left]);
    const isNew = (held: DhlAccountId) => !had.has(dhlAccountKeyOf(held));
    const taken = named.filter((held, index) => isNew(held) && holders[index] !== undefined && holders[index] !== brand);
    if (taken.length > 0) throw new DhlAccountTakenError(taken);
    const unheld = named.filter((_, index) => holders[index] === undefined);
    // The new ones are never more than MAX_DHL_CLAIMS (the save's checks hold a changed receiverIds to MAX_DHL_RECEIVERS),
    // and the brand holds no more than it claimed: with as many given up, the save's transaction stays within 100 items.
    // A configuration saved before with more receivers than that claims its new ids only.
    const claim = named.length <= MAX_DHL_CLAIMS ? unheld : unheld.filter(isNew);
    const release = left.filter((_, index) => holders[named.length + index] === brand);
    return { claim, release, had };
  }

  /**
   * The channels whose settings the save removes while the brand has items listed there (a switched-off channel's
   * listings stay LISTED in our records until their items sell elsewhere): their orders could not be read any more.
   */
  private async channelsStillListed(before: BrandCatalog | undefined, catalog: BrandCatalog): Promise<FieldIssue[]> {
    const had = before?.config.resale?.channels;
    if (!had) return [];
    const kept = catalog.config.resale?.channels;
    const removed = SALES_CHANNELS.filter((channel) => had[channel] !== undefined && kept?.[channel] === undefined);
    const listed = await Promise.all(removed.map(async (channel) => (await this.deps.listings.page(catalog.config.brand, 'LISTED', channel, 1)).listings.length > 0));
    return removed
      .filter((_, index) => listed[index])
      .map((channel) => ({
        in: 'body' as const,
        path: catalog.config.resale ? ['config', 'resale', 'channels', channel] : ['config', 'resale'],
        message: `${channel} has items listed: switch it off with enabled: false and keep its settings while items are listed there, so that their orders are still read`,
      }));
  }

  /**
   * The settings that say where a channel's listings are, changed by the save while the brand has items listed there:
   * the Shopify shop (`shopDomain`, whose webhooks and Admin API are read) and the location its units are counted at
   * (`locationId`, where a withdrawal sets the unit to 0), and the eBay marketplace (`marketplaceId`, by which offers
   * are found to withdraw). Re-pointed, the listings already there would be out of reach: their orders ignored, their
   * stock never taken off sale, and the item could sell twice. Back Market and Refurbed name no account or marketplace
   * in their settings (the credentials do); their other settings, and eBay's location key and policies, apply to offers
   * made from then on.
   */
  private async channelsRepointed(before: BrandCatalog | undefined, catalog: BrandCatalog): Promise<FieldIssue[]> {
    const had = before?.config.resale?.channels;
    const kept = catalog.config.resale?.channels;
    if (!had || !kept) return [];
    const changed = (
      [
        ['shopify', 'shopDomain', had.shopify?.shopDomain, kept.shopify?.shopDomain],
        ['shopify', 'locationId', had.shopify?.locationId, kept.shopify?.locationId],
        ['ebay', 'marketplaceId', had.ebay?.marketplaceId, kept.ebay?.marketplaceId],
      ] as const
    ).filter(([, , was, is]) => was !== undefined && is !== undefined && was !== is);
    const listed = await Promise.all(changed.map(async ([channel]) => (await this.deps.listings.page(catalog.config.brand, 'LISTED', channel, 1)).listings.length > 0));
    return changed
      .filter((_, index) => listed[index])
      .map(([channel, field, was]) => ({
        in: 'body' as const,
        path: ['config', 'resale', 'channels', channel, field],
        message: `must stay ${was} while ${channel} has items listed: withdraw them there first, so that their orders are still read and they can be taken off sale`,
      }));
  }

  /** Whether any of the brand's queues holds a passport: asked only when a save changes the currency. */
  private async hasTakenBack(brand: string): Promise<boolean> {
    const pages = await Promise.all(PASSPORT_STATES.map((state) => this.deps.queues.passportsIn(brand, state, { limit: 1 })));
    return pages.some((page) => page.passports.length > 0);
  }

  /** The checks of a save that depend on the version it replaces (`before`; none for a first configuration). */
  private async check(before: BrandCatalog | undefined, catalog: BrandCatalog): Promise<void> {
    const mistyped = mistypedGtins(before, catalog);
    if (mistyped.length > 0) throw new ValidationError(mistyped.length === 1 ? 'A GTIN does not end in its GS1 check digit: mistyped?' : `${mistyped.length} GTINs do not end in their GS1 check digits: mistyped?`, mistyped);
    const shared = sharedGtins(before, catalog);
    if (shared.length > 0) throw new ValidationError('A GTIN is given to more than one product: Back Market and Refurbed find the product to list by it.', shared);
    const unlikely = unlikelyNewPrices(before, catalog);
    if (unlikely.length > 0) throw new ValidationError(`A new price is above ${MAX_AMOUNT} minor units: mistyped?`, unlikely);
    const pastMaximum = amountsPastMaximum(before, catalog);
    if (pastMaximum.length > 0) throw new ValidationError(`An amount of money is above ${MAX_AMOUNT} minor units: mistyped?`, pastMaximum);
    const implausible = implausibleImpactFactors(before, catalog);
    if (implausible.length > 0) throw new ValidationError('An impact factor says one item avoids more CO2e than any published figure by far: typed in grams?', implausible);
    const unpayable = unpayableSepaDebtor(before, catalog);
    if (unpayable.length > 0) throw new ValidationError('No SEPA file could pay from this account: bank transfers would never be exported.', unpayable);
    if (before && before.config.currency !== catalog.config.currency && (await this.hasTakenBack(catalog.config.brand))) {
      // Its passports' offers, payouts, repair jobs, listings and ledger are in the currency of their day: graded,
      // listed or reported in another, they would be refused or summed as if they were in it.
      throw new UnprocessableError(
        `${catalog.config.brand} has taken items back in ${before.config.currency}, so its currency stays ${before.config.currency}: its offers, payouts and ledger are in it. ` +
          `To take items back in ${catalog.config.currency}, set up a new brand for them.`,
        [{ in: 'body', path: ['config', 'currency'], message: `must stay ${before.config.currency}: the brand has taken items back in it` }],
      );
    }
    const stillListed = await this.channelsStillListed(before, catalog);
    if (stillListed.length > 0) {
      // Its orders are read, and its listings taken off sale, through those settings: without them a buyer's order
      // there was neither recorded nor cancelled, and the item could sell again elsewhere (until 7 December 2026).
      throw new UnprocessableError('A sales channel with items for sale there cannot be removed: switch it off with enabled: false instead.', stillListed);
    }
    const repointed = await this.channelsRepointed(before, catalog);
    if (repointed.length > 0) {
      // Until 7 December 2026 the shop or marketplace could change under listed items: the old one's orders were no
      // longer read nor its offers withdrawn, and the item could sell twice.
      throw new UnprocessableError('A sales channel with items for sale there cannot be pointed at another shop, location or marketplace: withdraw its listings first.', repointed);
    }
    const brokenLines = textsNotOnOneLine(before, catalog);
    if (brokenLines.length > 0) throw new ValidationError('A text printed on one line (a name, a label) holds a line break or a control character, or nothing visible.', brokenLines);
    const tooManyOptions = questionsWithTooManyOptions(before, catalog);
    if (tooManyOptions.length > 0) throw new ValidationError('A condition question offers more answers than a customer can choose from.', tooManyOptions);
    const ebayIds = malformedEbayIds(before, catalog);
    if (ebayIds.length > 0) throw new ValidationError('An eBay location key or business policy id is not one eBay gives.', ebayIds);
    const notPlain = dhlIdsNotPlain(before, catalog);
    if (notPlain.length > 0) throw new ValidationError("A DHL id is written in characters DHL's ids are not: it would read as another's.", notPlain);
    const receivers = tooManyDhlReceivers(before, catalog);
    if (receivers.length > 0) throw new ValidationError(`More than ${MAX_DHL_RECEIVERS} DHL return receivers: a brand needs one for each country it takes back from, and a save claims each new one.`, receivers);
    const costRatio = voucherCostRatioTooLow(before, catalog);
    if (costRatio.length > 0) throw new ValidationError('A voucher cannot cost the brand (almost) nothing: its goods cost something.', costRatio);
    const unplain = freeTextsNotPlain(before, catalog);
    if (unplain.length > 0) throw new ValidationError('A free text (the reason of an acceptLoss, the note of an impact override) holds a control character.', unplain);
    const currency = unknownCurrency(before, catalog);
    if (currency.length > 0) throw new ValidationError('The currency is not one prices can be in.', currency);
    // Every take-back is sent with a DHL return label, which DHL makes from these countries only.
    const noReturns = countriesWithoutReturns(before, catalog, DHL_SENDER_COUNTRIES);
    if (noReturns.length > 0) throw new ValidationError('A country is not one DHL takes returns from: its customers would get no label.', noReturns);
    const zone = unknownTimeZone(before, catalog);
    if (zone.length > 0) throw new ValidationError('The time zone is not an IANA time zone name.', zone);
    const losses = findLosingCombinations(catalog, { listAtMost: MAX_LISTED_LOSSES });
    if (losses.count > 0) throw new RulesLoseMoneyError(catalog, losses);
  }
}

/**
 * What the conditional headers of a save let it replace. `match`: the versions `If-Match` lists, any (`*`), or, without
 * `If-Match`, none yet (`If-None-Match: *`). `notOn`: what an `If-None-Match` beside `If-Match` refuses, any version
 * (`*`) or the versions it lists; RFC 9110 §13.2.2 evaluates it after `If-Match`, and both must hold.
 */
interface ReplaceableVersions {
  match: ReadonlySet<number> | 'ANY' | 'NONE';
  notOn?: ReadonlySet<number> | 'ANY';
}

function replaceableVersionsOf({ ifMatch, ifNoneMatch }: SavePrecondition): ReplaceableVersions {
  if (ifMatch !== undefined) {
    const notOn = ifNoneMatch === undefined ? undefined : noneMatchOf(ifNoneMatch);
    const tags = ifMatchTags(ifMatch);
    if (tags === '*') return { match: 'ANY', ...(notOn && { notOn }) };
    const versions = tags.flatMap((tag) => versionOfEtag(tag) ?? []);
    if (versions.length === 0) throw new PreconditionFailedError(`If-Match ${ifMatch} names no version of this configuration; send the ETag of GET /v1/brand-config.`);
    return { match: new Set(versions), ...(notOn && { notOn }) };
  }
  if (ifNoneMatch?.trim() === '*') return { match: 'NONE' };
  throw new PreconditionRequiredError(
    'Send If-Match with the ETag of GET /v1/brand-config, so that a change saved meanwhile by someone else is not overwritten (or If-None-Match: * to create the first configuration).',
  );
}

/** `If-None-Match`: `*`, or the versions its entity tags name, compared weakly as RFC 9110 §13.1.2 has it. */
function noneMatchOf(ifNoneMatch: string): ReplaceableVersions['notOn'] {
  if (ifNoneMatch.trim() === '*') return 'ANY';
  return new Set(ifNoneMatch.split(',').flatMap((tag) => versionOfEtag(tag.trim().replace(/^W\//, '')) ?? []));
}

/** Why a save may not replace the current version (`undefined`: the brand has none yet), or `undefined` when it may. */
function refusalOf({ match, notOn }: ReplaceableVersions, current: number | undefined, brand: string): string | undefined {
  if (current === undefined) return match === 'NONE' ? undefined : `${brand} has no configuration yet: create it with If-None-Match: *.`;
  const at = `version ${current} (ETag ${etagOf(current)})`;
  if (match === 'NONE' || (match !== 'ANY' && !match.has(current))) {
    return `The configuration is at ${at}, not the one you sent: read it again and apply your change to it.`;
  }
  if (notOn === 'ANY') return `If-None-Match: * saves only a first configuration, and ${brand}'s is at ${at}: send If-Match alone to change it.`;
  if (notOn?.has(current)) return `The configuration is at ${at}, which your If-None-Match names: nothing was saved.`;
  return undefined;
}
