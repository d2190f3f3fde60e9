import { preferredMediaType } from '../../shared/http/accept';
import { apiHandler } from '../../shared/http/api-handler';
import { LedgerQuerySchema } from '../../shared/schemas/ledger';
import { LEDGER_MEDIA_TYPES, LedgerExport } from '../../shared/services/ledger-export';
import { brandConfigs, ledgerStore } from './compose';

const ledger = new LedgerExport({ ledger: ledgerStore(), brandConfig: brandConfigs() });

/** GET /v1/ledger?month=&cursor=&limit= (analyst, admin): a page of JSON, or the whole month as CSV (Accept: text/csv). */
export const handler = apiHandler({ query: LedgerQuerySchema, staff: ['analyst', 'admin'] }, async ({ query, staff, headers }) => {
  const caching = { 'cache-control': 'private, no-store', vary: 'accept' };
  if (preferredMediaType(headers.accept, LEDGER_MEDIA_TYPES) === 'application/json') {
    return { status: 200, body: await ledger.page(staff.brand, query), headers: caching };
  }
  const file = await ledger.csv(staff.brand, query.month);
  return { status: 200, binary: file.bytes, contentType: 'text/csv; charset=utf-8', headers: { ...caching, 'content-disposition': `attachment; filename="${file.filename}"` } };
});
