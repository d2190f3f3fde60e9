import type { LedgerLine } from '../domain/ledger';

/**
 * The brands' ledgers read by month, for figures recomputed from the ledger (the nightly
 * reconciliation). A passport's own ledger is read through `RepairNetworkStore.ledgerOf`.
 */
export interface LedgerStore {
  /**
   * Every ledger line of the brand whose `at` falls in `month` (`YYYY-MM`, UTC), oldest first,
   * each with its passport, brand and product category. Reads an index, never the whole table.
   * @throws ValidationError when `month` is not `YYYY-MM`.
   */
  ledgerLinesOfMonth(brand: string, month: string): Promise<LedgerLine[]>;
}
