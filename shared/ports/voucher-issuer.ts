import type { Money } from '../domain/catalog';

/** A voucher about to be issued. Its id and code are fixed before the issuer is called, so a retry sends the same ones. */
export interface VoucherToIssue {
  voucherId: string;
  /** Our 128-bit code (`voucherCodeFrom`); the code the customer enters. */
  code: string;
  brand: string;
  value: Money;
  /** From when it can be spent. */
  issuedAt: string;
  expiresAt: string;
}

/**
 * Where a brand's voucher codes become spendable: our own ledger (the default, nothing to call),
 * or discount codes in the brand's shop (`shared/adapters/shopify/`). Issuing the same voucher
 * twice must not create a second spendable code: an issuer that keeps codes of its own refuses
 * a code it knows, and the adapter reads that as "issued before".
 */
export interface VoucherIssuer {
  readonly kind: 'kreislauf' | 'shopify';
  /** Resolves with the issuer's own id of the code, where it has one. */
  issue(voucher: VoucherToIssue): Promise<{ externalId?: string }>;
}

/** The issuer cannot be reached or is throttling (429, 5xx, network): worth retrying with backoff. */
export class VoucherIssuerUnavailableError extends Error {
  override readonly name = 'VoucherIssuerUnavailable';
}

/** The issuer refused the voucher for good (credentials, a code taken by something else): a person must look. */
export class VoucherIssuerRejectedError extends Error {
  override readonly name = 'VoucherIssuerRejected';
}
