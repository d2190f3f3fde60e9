import { preferredMediaType } from '../../shared/http/accept';
import { apiHandler, fileResult } from '../../shared/http/api-handler';
import { ReportPathSchema, ReportQuerySchema } from '../../shared/schemas/reports';
import { REPORT_MEDIA_TYPES, ReportsService } from '../../shared/services/reports-service';
import { impactFactors } from '../../shared/services/passport-impact';
import { now } from '../commons/stores';
import { aggregateReader, brandConfigs } from './compose';

const reports = new ReportsService({
  aggregates: aggregateReader(),
  brandConfig: brandConfigs(),
  factors: impactFactors(),
  now,
  // The PDF writer is loaded when a PDF is asked for: JSON and CSV requests (most of them) do not run its module at a cold start.
  renderImpactPdf: async (...args) => (await import('../../shared/adapters/pdf/impact-report-pdf')).renderImpactReportPdf(...args),
});

/** GET /v1/reports/{impact|finance|returns}?from=&to=&groupBy= (analyst, admin): JSON, CSV (Accept: text/csv) or the impact PDF. */
export const handler = apiHandler({ path: ReportPathSchema, query: ReportQuerySchema, staff: ['analyst', 'admin'] }, async ({ path, query, staff, headers }) => {
  const document = await reports.document(staff.brand, path.report, query, preferredMediaType(headers.accept, REPORT_MEDIA_TYPES[path.report]));
  if (document.mediaType === 'application/json') return { status: 200, body: document.report, headers: { 'cache-control': 'private, no-store', vary: 'accept' } };
  const contentType = document.mediaType === 'text/csv' ? 'text/csv; charset=utf-8' : document.mediaType;
  return fileResult({ bytes: document.bytes, contentType, filename: document.filename }, 'attachment', { vary: 'accept' });
});
