import type { LedgerEntry } from '../../shared/domain/ledger';

export const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** A ledger line of `kind` for a test, its id after its kind, in euros unless `currency` says otherwise. */
export const ledgerLine = (kind: LedgerEntry['kind'], direction: LedgerEntry['direction'], amount: number, currency = 'EUR', at = '2026-11-20T10:00:00.000Z'): LedgerEntry => ({
  entryId: `${kind}#1`,
  kind,
  direction,
  amount: { amount, currency },
  description: kind,
  at,
});
