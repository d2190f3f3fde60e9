import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';

// The report and ledger routes with the table replaced: what is under test is the answer to a staff token of a
// brand that has no configuration (a token may name any brand), which the README calls unknown: 404.
const table = vi.hoisted(() => ({
  aggregates: { read: vi.fn(async () => []) },
  ledger: { ledgerPage: vi.fn(async () => ({ lines: [] })), ledgerLines: vi.fn(async () => []) },
}));
vi.mock('../../functions/reports/compose', () => ({
  aggregateReader: () => table.aggregates,
  ledgerStore: () => table.ledger,
  brandConfigs: () => async () => undefined,
}));

const { handler: getReport } = await import('../../functions/reports/get-report');
const { handler: getLedger } = await import('../../functions/reports/get-ledger');

const context = { functionName: 'test', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

/** A GET of an analyst of the brand `acme`, which has no configuration. */
function anAnalystsGet(path: string, query: Record<string, string>, accept = 'application/json'): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `GET ${path}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    queryStringParameters: query,
    headers: { accept, host: 'api.example.org', 'x-forwarded-proto': 'https' },
    ...(path.startsWith('/v1/reports/') ? { pathParameters: { report: path.split('/').pop()! } } : {}),
    requestContext: {
      domainName: 'api.example.org',
      http: { method: 'GET' },
      authorizer: { jwt: { claims: { sub: 'analyst-1', 'custom:brand': 'acme', 'cognito:groups': '[analyst]' }, scopes: [] } },
    } as unknown as APIGatewayProxyEventV2['requestContext'],
    isBase64Encoded: false,
  };
}

async function answer(handler: typeof getReport, event: APIGatewayProxyEventV2) {
  const response = (await handler(event, context)) as APIGatewayProxyStructuredResultV2;
  return { status: response.statusCode, contentType: response.headers?.['content-type'], body: response.body ? JSON.parse(response.body) : undefined };
}

describe('the reports and the ledger of a brand without a configuration', () => {
  it('answers every report, as JSON, CSV or PDF, with 404 problem+json instead of a report of nothing in currency XXX', async () => {
    for (const [report, accept] of [
      ['finance', 'application/json'],
      ['impact', 'application/json'],
      ['returns', 'text/csv'],
      ['impact', 'application/pdf'],
    ] as const) {
      const response = await answer(getReport, anAnalystsGet(`/v1/reports/${report}`, { from: '2026-12', to: '2026-12' }, accept));
      expect(response, `${report} as ${accept}`).toMatchObject({ status: 404, contentType: 'application/problem+json', body: { status: 404, detail: 'No brand acme.' } });
    }
  });

  it('answers its ledger, as JSON pages or CSV, with 404 problem+json instead of an empty month', async () => {
    for (const accept of ['application/json', 'text/csv']) {
      const response = await answer(getLedger, anAnalystsGet('/v1/ledger', { month: '2026-12' }, accept));
      expect(response, accept).toMatchObject({ status: 404, contentType: 'application/problem+json', body: { status: 404, detail: 'No brand acme.' } });
    }
    expect(table.ledger.ledgerPage).not.toHaveBeenCalled();
    expect(table.ledger.ledgerLines).not.toHaveBeenCalled();
  });
});
