import { preferredMediaType } from '../../shared/http/accept';
import { apiHandler, fileResult } from '../../shared/http/api-handler';
import { LedgerQuerySchema } from '../../shared/schemas/ledger';
import { LEDGER_MEDIA_TYPES, LedgerExport } from '../../shared/services/ledger-export';
import { brandConfigs, ledgerStore } from './compose';

const ledger = new LedgerExport({ ledger: ledgerStore(), brandConfig: brandConfigs() });

/** GET /v1/ledger?month=&cursor=&limit= (analyst, admin): a page of JSON, or the whole month as CSV (Accept: text/csv). */
export const handler = apiHandler({ query: LedgerQuerySchema, staff: ['analyst', 'admin'] }, async ({ query, staff, headers }) => {
  if (preferredMediaType(headers.accept, LEDGER_MEDIA_TYPES) === 'application/json') {
    return { status: 200, body: await ledger.page(staff.brand, query), headers: { 'cache-control': 'private, no-store', vary: 'accept' } };
  }
  const file = await ledger.csv(staff.brand, query.month);
  return fileResult({ bytes: file.bytes, contentType: 'text/csv; charset=utf-8', filename: file.filename }, 'attachment', { vary: 'accept' });
});
