import { DEFAULT_TIME_ZONE, monthBounds } from '../domain/calendar';
import type { BrandConfig } from '../domain/catalog';
import { NotFoundError } from '../domain/errors';
import { renderLedgerCsv } from '../domain/ledger-csv';
import type { LedgerLine } from '../domain/ledger';
import type { LedgerStore } from '../ports/ledger-store';
import type { LedgerLineView, LedgerPage, LedgerQuery } from '../schemas/ledger';

export interface LedgerExportDependencies {
  ledger: Pick<LedgerStore, 'ledgerPage' | 'ledgerLines'>;
  /** The brand's configuration, for its time zone; undefined for a brand that has none (its ledger is answered 404). */
  brandConfig: (brand: string) => Promise<BrandConfig | undefined>;
}

/** The formats the ledger is answered in; the first is the default. */
export const LEDGER_MEDIA_TYPES = ['application/json', 'text/csv'] as const;

/**
 * The finance team's export of a brand's ledger, by calendar month in the brand's time zone (the
 * months the reports count in): JSON pages, or the whole month as one CSV file.
 */
export class LedgerExport {
  constructor(private readonly deps: LedgerExportDependencies) {}

  /** One page of the month's lines, oldest first. */
  async page(brand: string, query: LedgerQuery): Promise<LedgerPage> {
    const { timeZone, range } = await this.monthOf(brand, query.month);
    const page = await this.deps.ledger.ledgerPage(brand, range, query.limit, query.cursor);
    return { brand, month: query.month, timeZone, ...range, lines: page.lines.map(lineView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  /** The whole month as CSV, with its file name. */
  async csv(brand: string, month: string): Promise<{ bytes: Uint8Array; filename: string }> {
    const { range } = await this.monthOf(brand, month);
    const lines = await this.deps.ledger.ledgerLines(brand, range);
    return { bytes: new TextEncoder().encode(renderLedgerCsv(lines)), filename: `${brand}-ledger-${month}.csv` };
  }

  /**
   * The month's bounds in the brand's time zone. A brand without a configuration has no time zone to count its
   * months in: it is unknown (404), as its reports are, rather than a month of nothing.
   */
  private async monthOf(brand: string, month: string): Promise<{ timeZone: string; range: { from: string; to: string } }> {
    const config = await this.deps.brandConfig(brand);
    if (!config) throw new NotFoundError(`No brand ${brand}.`);
    const timeZone = config.timeZone ?? DEFAULT_TIME_ZONE;
    return { timeZone, range: monthBounds(month, timeZone) };
  }
}

/** A stored line as the API shows it: without the brand (the caller's own). */
function lineView({ brand: _brand, ...line }: LedgerLine): LedgerLineView {
  return line;
}
