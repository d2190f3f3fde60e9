import type { BrandConfigPart, BrandConfigVersion, DhlAccountId } from '../domain/brand-config';
import type { BrandCatalog } from '../domain/catalog';

/** A brand's configuration as it is now, with the version it is. */
export interface CurrentBrandConfig {
  catalog: BrandCatalog;
  version: number;
  by: string;
  at: string;
}

/** A save: the version it replaces (0 for a brand without one yet), who saves it, when, and what it changes. */
export interface BrandConfigChange {
  expectedVersion: number;
  by: string;
  at: string;
  changed: BrandConfigPart[];
  /** The sender domain the save claims for its brand, in the same transaction (`senderDomainOf`). */
  claimSenderDomain?: string;
  /** The sender domain the brand held and the save leaves, given up in the same transaction. */
  releaseSenderDomain?: string;
  /** The DHL ids (`dhlAccountIdsOf`) the save claims for its brand, in the same transaction. */
  claimDhlIds?: DhlAccountId[];
  /** The DHL ids the brand held and the save no longer names, given up in the same transaction. */
  releaseDhlIds?: DhlAccountId[];
}

/**
 * A brand's current configuration. Whatever is read was parsed with its schema; a stored document
 * that does not parse is refused, never handed out.
 */
export interface BrandConfigReads {
  /**
   * @throws BrandConfigUnreadableError when the stored document does not parse.
   */
  current(brand: string): Promise<CurrentBrandConfig | undefined>;
}

/** The versioned configurations of the brands: read, saved, seeded and listed. */
export interface BrandConfigStore extends BrandConfigReads {
  /**
   * Saves the catalog as the next version, if the current version is still `expectedVersion`:
   * all of it or nothing, and of two saves expecting the same version exactly one succeeds.
   *
   * @returns the new version number.
   * @throws PreconditionFailedError when the current version is another one.
   * @throws SenderDomainTakenError when `claimSenderDomain` is another brand's.
   * @throws DhlAccountTakenError when ids of `claimDhlIds` are another brand's (those ids).
   */
  save(catalog: BrandCatalog, change: BrandConfigChange): Promise<number>;
  /** The brand that holds a sender domain (`senderDomainOf`), if any does. */
  senderDomainHolder(domain: string): Promise<string | undefined>;
  /** The brand that holds each of these DHL ids, if any does, in their order. */
  dhlIdHolders(ids: readonly DhlAccountId[]): Promise<(string | undefined)[]>;
  /** The brands that hold a domain within `domain` (a subdomain of it), read from an index a moment behind. */
  brandsHoldingWithin(domain: string): Promise<string[]>;
  /**
   * Saves the catalog as the platform's own version (by `kreislauf`), unless it is the current one
   * already: how the local cloud seeds its demo brand, and how an operator replaces a stored
   * document that does not parse. Its sender domain and its DHL ids are claimed for the brand where no brand holds them.
   */
  seed(catalog: BrandCatalog, at: string): Promise<void>;
  /** The brand's versions, newest first, a page at a time. */
  history(brand: string, page: { limit: number; cursor?: string }): Promise<{ versions: BrandConfigVersion[]; cursor?: string }>;
}
