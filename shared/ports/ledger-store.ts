import type { LedgerLine } from '../domain/ledger';

/**
 * The brands' ledgers read by month, for figures recomputed from the ledger (the nightly
 * reconciliation) and the finance team's export (`GET /v1/ledger`). A passport's own ledger is
 * read through `RepairNetworkStore.ledgerOf`.
 */
export interface LedgerStore {
  /**
   * Every ledger line of the brand with `from <= at < to` (ISO instants, e.g. a month of the brand's
   * time zone by `monthBounds`), oldest first, each with its passport, brand and product category.
   * Reads an index page by page, never the whole table.
   */
  ledgerLines(brand: string, range: { from: string; to: string }): Promise<LedgerLine[]>;

  /**
   * Up to `limit` of the brand's ledger lines with `from <= at < to` (ISO instants), oldest first,
   * after the line `cursor` names (a `nextCursor` of an earlier page of the same range); `nextCursor`
   * is set while more lines follow.
   * @throws ValidationError for a cursor that is not one of this range's pages: one that names no line of the brand in it.
   */
  ledgerPage(brand: string, range: { from: string; to: string }, limit: number, cursor?: string): Promise<{ lines: LedgerLine[]; nextCursor?: string }>;
}
