import { canonicalJson, changedParts, etagOf, MAX_LISTED_LOSSES, PreconditionFailedError, PreconditionRequiredError, RulesLoseMoneyError, versionOfEtag, type BrandConfigVersion } from '../domain/brand-config';
import { findLosingCombinations } from '../domain/economics-guard';
import { type BrandCatalog, MAX_AMOUNT } from '../domain/catalog';
import { NotFoundError, ValidationError } from '../domain/errors';
import { mistypedGtins, sharedGtins, textsNotOnOneLine, unknownTimeZone, unlikelyNewPrices, unpayableSepaDebtor } from '../domain/catalogue-checks';
import { ifMatchTags } from '../http/if-match';
import type { Staff } from '../http/staff';
import { outboundUrlOf, type UrlPolicy } from '../domain/url-policy';
import type { BrandConfigReads, BrandConfigStore } from '../ports/brand-config-store';

export interface BrandConfigurationDeps {
  configs: BrandConfigStore;
  now: () => Date;
  /** Where the platform sends what a configuration names an address for: the deployment's outbound URL policy. */
  urlPolicy: UrlPolicy;
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
   *   `If-Match` lists; `If-Match: *` when there is none), including when another save from that version won a moment ago.
   * @throws ValidationError (400) when `If-Match` is neither `*` nor a list of entity tags.
   * @throws ValidationError when the document is another brand's, or names a Shopify voucher issuer at an address the
   *   deployment's outbound URL policy would not send its token to, or gives a product a new GTIN that does not end in
   *   its GS1 check digit.
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
    const current = await this.deps.configs.current(staff.brand);
    if (!replaces(replaceable, current?.version)) {
      throw new PreconditionFailedError(
        current
          ? `The configuration is at version ${current.version} (ETag ${etagOf(current.version)}), not the one you sent: read it again and apply your change to it.`
          : `${staff.brand} has no configuration yet: create it with If-None-Match: *.`,
      );
    }
    // The same content again (a form saved without a change, a retry whose first answer was lost before the client
    // read it afresh): nothing to save, no version with no change in the history.
    if (current && canonicalJson(current.catalog) === canonicalJson(catalog)) return { catalog: current.catalog, etag: etagOf(current.version) };
    const mistyped = mistypedGtins(current?.catalog, catalog);
    if (mistyped.length > 0) throw new ValidationError(mistyped.length === 1 ? 'A GTIN does not end in its GS1 check digit: mistyped?' : `${mistyped.length} GTINs do not end in their GS1 check digits: mistyped?`, mistyped);
    const shared = sharedGtins(current?.catalog, catalog);
    if (shared.length > 0) throw new ValidationError('A GTIN is given to more than one product: Back Market and Refurbed find the product to list by it.', shared);
    const unlikely = unlikelyNewPrices(current?.catalog, catalog);
    if (unlikely.length > 0) throw new ValidationError(`A new price is above ${MAX_AMOUNT} minor units: mistyped?`, unlikely);
    const unpayable = unpayableSepaDebtor(current?.catalog, catalog);
    if (unpayable.length > 0) throw new ValidationError('No SEPA file could pay from this account: bank transfers would never be exported.', unpayable);
    const brokenLines = textsNotOnOneLine(current?.catalog, catalog);
    if (brokenLines.length > 0) throw new ValidationError('A text printed on one line (a name, a label) holds a line break or a control character.', brokenLines);
    const zone = unknownTimeZone(current?.catalog, catalog);
    if (zone.length > 0) throw new ValidationError('The time zone is not an IANA time zone name.', zone);
    const losses = findLosingCombinations(catalog, { listAtMost: MAX_LISTED_LOSSES });
    if (losses.count > 0) throw new RulesLoseMoneyError(catalog, losses);
    // On the version read, which the headers allowed: a save landing meanwhile makes this one a 412, after `*` or a list too.
    const version = await this.deps.configs.save(catalog, {
      expectedVersion: current?.version ?? 0,
      by: staff.subject,
      at: this.deps.now().toISOString(),
      changed: changedParts(current?.catalog, catalog),
    });
    return { catalog, etag: etagOf(version) };
  }
}

/** The versions a save may replace: those `If-Match` lists, any (`If-Match: *`), or none yet (`If-None-Match: *`). */
type ReplaceableVersions = ReadonlySet<number> | 'ANY' | 'NONE';

function replaceableVersionsOf({ ifMatch, ifNoneMatch }: SavePrecondition): ReplaceableVersions {
  if (ifMatch !== undefined) {
    const tags = ifMatchTags(ifMatch);
    if (tags === '*') return 'ANY';
    const versions = tags.flatMap((tag) => versionOfEtag(tag) ?? []);
    if (versions.length === 0) throw new PreconditionFailedError(`If-Match ${ifMatch} names no version of this configuration; send the ETag of GET /v1/brand-config.`);
    return new Set(versions);
  }
  if (ifNoneMatch?.trim() === '*') return 'NONE';
  throw new PreconditionRequiredError(
    'Send If-Match with the ETag of GET /v1/brand-config, so that a change saved meanwhile by someone else is not overwritten (or If-None-Match: * to create the first configuration).',
  );
}

/** Whether a save may replace the current version (`undefined`: the brand has no configuration yet). */
function replaces(replaceable: ReplaceableVersions, current: number | undefined): boolean {
  if (replaceable === 'NONE') return current === undefined;
  if (replaceable === 'ANY') return current !== undefined;
  return current !== undefined && replaceable.has(current);
}
