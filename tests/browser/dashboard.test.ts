import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { FinanceReportSchema, ImpactReportSchema, ReturnsReportSchema } from '../../shared/schemas/reports';
import { call, eventually } from '../e2e/client';
import { answersFor, aTakeBackBody } from '../e2e/support';
import { demoOps, staff, untilState } from '../e2e/warehouse';
import { disconnect, newPage, screenshotsAndScan } from './support';

afterAll(() => disconnect());

/** Signs in on the local issuer's page as the demo brand's analyst (ticked already). */
async function signInAsAnalyst(page: Page): Promise<void> {
  await page.goto('/dashboard/?lang=en');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  expect(await page.getByRole('checkbox', { name: /\(analyst\)/ }).isChecked()).toBe(true);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Period' }).waitFor();
}

async function showPeriod(page: Page, from: string, to: string): Promise<void> {
  await page.getByLabel('From (month)').fill(from);
  await page.getByLabel('To (month)').fill(to);
  await page.getByRole('button', { name: 'Show' }).click();
}

const euros = (minor: number) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(minor / 100);
const month = (offset: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 7);
};

// Shoes are traded in by no other browser test: their rows of the demo brand's reports hold
// exactly the items of this test, whatever else the run traded in meanwhile.
const shoes = demoBrand.products.find((product) => product.category === 'shoes')!;

describe('the brand dashboard against the reports API', () => {
  let context: BrowserContext;
  let page: Page;
  /** The shoes traded in by the first test, whose ledger lines the download holds. */
  let shoesPassport = '';

  beforeAll(async () => {
    ({ context, page } = await newPage({ locale: 'en-GB' }));
  });

  afterAll(() => context.close());

  it("shows the figures the reports API gives for the brand's items", async () => {
    const quote = await call('POST', '/v1/brands/demo/quotes', { sku: shoes.sku, answers: answersFor('shoes', 'GOOD') });
    const created = await call('POST', '/v1/brands/demo/take-backs', aTakeBackBody(quote.body.quoteId, { returnReason: 'fit' }), { 'idempotency-key': randomUUID() });
    expect(created.status).toBe(201);
    await untilState(created.body.id, 'LABEL_CREATED');
    const ops = await demoOps();
    expect((await call('POST', `/v1/passports/${created.body.id}/receipt`, {}, ops)).status).toBe(200);
    expect((await call('POST', `/v1/passports/${created.body.id}/grading`, { grade: 'GOOD' }, ops)).status).toBe(200);
    const analyst = await staff({ brand: 'demo', roles: ['analyst'] });
    const [from, to] = [month(-1), month(1)];
    const report = async (kind: string, groupBy: string) => (await call('GET', `/v1/reports/${kind}?from=${from}&to=${to}&groupBy=${groupBy}`, undefined, analyst)).body;
    // The aggregation counts the events as they come off its queue, in no particular order: wait
    // until both the payout and the grading are counted.
    const { finance, returns } = await eventually(async () => {
      const [finance, returns] = [await report('finance', 'category'), await report('returns', 'month')];
      const paid = finance.rows.find((row: { key: string }) => row.key === 'shoes')?.itemsPaid === 1;
      const graded = returns.products.find((candidate: { sku: string }) => candidate.sku === shoes.sku)?.graded === 1;
      return paid && graded ? { finance, returns } : undefined;
    }, 'the shoes paid and graded in the reports');
    const shoesRow = finance.rows.find((row: { key: string }) => row.key === 'shoes');
    const product = returns.products.find((candidate: { sku: string }) => candidate.sku === shoes.sku);
    expect(product).toMatchObject({ requested: 1, graded: 1, topReturnReasons: [{ code: 'fit', count: 1 }] });

    await signInAsAnalyst(page);
    await showPeriod(page, from, to);

    // The category by its name in the page's language (`shoes` in the reports).
    const shoesCategory = page.getByRole('table', { name: 'Margin by category' }).getByRole('row', { name: /^Shoes/ });
    await shoesCategory.waitFor();
    const cells = await shoesCategory.getByRole('cell').allTextContents();
    expect(cells).toEqual([
      String(shoesRow.itemsPaid),
      String(shoesRow.itemsSold),
      String(shoesRow.buyerReturns),
      euros(shoesRow.revenue),
      euros(shoesRow.refunds),
      euros(shoesRow.costs),
      euros(shoesRow.margin),
    ]);
    const productRow = page.getByRole('row', { name: new RegExp(shoes.name) });
    await productRow.waitFor();
    expect(await productRow.getByRole('cell').first().textContent()).toBe(String(product.requested));
    expect(await productRow.getByRole('listitem').allTextContents()).toEqual([`${product.topReturnReasons[0].label} (1)`]);
    shoesPassport = created.body.id;
  });

  it("downloads the ledger of the period's last month as CSV, with the shoes' label and payout lines", async () => {
    const thisMonth = month(0);
    await showPeriod(page, month(-1), thisMonth);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: `Ledger of ${thisMonth} as CSV` }).click();

    const file = await download;
    expect(file.suggestedFilename()).toBe(`demo-ledger-${thisMonth}.csv`);
    const chunks: Buffer[] = [];
    for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
    const rows = Buffer.concat(chunks).toString('utf8').trimEnd().split('\r\n');
    expect(rows[0]).toBe('at,passportId,category,kind,direction,amount,currency,description,entryId,channel,orderId,jobId,faceValue');
    const shoesLines = rows.filter((row) => row.includes(shoesPassport));
    expect(shoesLines.map((row) => row.split(',').slice(2, 5))).toEqual([
      ['shoes', 'LABEL', 'COST'],
      ['shoes', 'PAYOUT', 'COST'],
    ]);
  });

  it('downloads the impact report as the PDF the API renders', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Impact as PDF' }).click();

    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^demo-impact-\d{4}-\d{2}-\d{4}-\d{2}\.pdf$/);
    const chunks: Buffer[] = [];
    for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});

// Reports as the API gives them (`shared/schemas/reports.ts`), served to the page in place of the
// reports route, so the test knows every figure the dashboard must show.
const frame = { brand: 'demo', from: '2026-10', to: '2026-11', currency: 'EUR', generatedAt: '2026-12-01T06:00:00.000Z' };
const impactRow = { itemsKeptInUse: 3, itemsRecycled: 1, kgDiverted: 0.72, kgCo2eGross: 167.4, kgCo2eTransport: 2.1, kgCo2eNet: 165.3 };
const impact = ImpactReportSchema.parse({
  ...frame,
  report: 'impact',
  groupBy: 'month',
  rows: [
    { key: '2026-10', ...impactRow },
    { key: '2026-11', itemsKeptInUse: 9, itemsRecycled: 2, kgDiverted: 2.1, kgCo2eGross: 502.2, kgCo2eTransport: 6.3, kgCo2eNet: 495.9 },
  ],
  totals: { itemsKeptInUse: 12, itemsRecycled: 3, kgDiverted: 2.82, kgCo2eGross: 669.6, kgCo2eTransport: 8.4, kgCo2eNet: 661.2 },
  factors: [
    { category: 'smartphone', origin: 'kreislauf', kgCo2ePerItem: 55.8, source: 'Fairphone LCA', year: 2022, note: 'Production of a new phone avoided.', items: 11 },
    { category: 'earbuds', origin: 'brand', kgCo2ePerItem: 4.2, source: 'Our own LCA', year: 2025, note: 'Production of a new pair avoided.', items: 1 },
  ],
  // The brand's own name of a category of its own, in the brand's language whatever the page's.
  categoryNames: { earbuds: 'In-Ear-Kopfhörer' },
  transport: { kgCo2ePerParcel: 0.1, source: 'Thuiswinkel.org 2022' },
  method: 'Gross is the factor of each item kept in use; transport is the return parcel; net is gross less transport.',
});
// A sale its buyer sent back takes its refund off the margin: revenue − refunds − costs.
const financeFigures = (revenue: number, costs: number, refunds = 0) => ({
  itemsPaid: 4,
  payouts: 52_000,
  payoutCost: 41_600,
  labelCost: 2_000,
  repairCost: 5_400,
  fees: costs - 49_000,
  itemsSold: 3,
  revenue,
  buyerReturns: refunds > 0 ? 1 : 0,
  refunds,
  costs,
  margin: revenue - refunds - costs,
  roi: (revenue - refunds - costs) / costs,
});
const financeByMonth = FinanceReportSchema.parse({
  ...frame,
  report: 'finance',
  groupBy: 'month',
  rows: [
    { key: '2026-10', ...financeFigures(61_000, 50_000) },
    { key: '2026-11', ...financeFigures(93_550, 55_125, 25_399) },
  ],
  totals: { ...financeFigures(154_550, 105_125, 25_399), itemsPaid: 8, itemsSold: 6 },
});
const financeByCategory = FinanceReportSchema.parse({
  ...financeByMonth,
  groupBy: 'category',
  rows: [
    { key: 'smartphone', ...financeFigures(120_000, 80_000) },
    { key: 'headphones', ...financeFigures(34_550, 25_125, 25_399) },
    { key: 'earbuds', ...financeFigures(10_000, 9_000) },
  ],
  categoryNames: { earbuds: 'In-Ear-Kopfhörer' },
});
const returnsFigures = {
  requested: 20,
  cancelled: 2,
  received: 17,
  rejected: 1,
  sentBack: 1,
  graded: 15,
  sold: 6,
  recycled: 3,
  gradeMix: { LIKE_NEW: 2, GOOD: 7, FAIR: 4, DEFECTIVE: 2 },
  routeMix: { RESELL: 8, REPAIR: 4, RECYCLE: 3 },
  recoveryRate: 0.8,
  cycleTimes: {
    requestToReceipt: { count: 17, p50Hours: 52, p90Hours: 120 },
    receiptToGrading: { count: 15, p50Hours: 4, p90Hours: 20 },
    gradingToPayout: { count: 15, p50Hours: 0.1, p90Hours: 1 },
    gradingToSale: { count: 6, p50Hours: 200, p90Hours: 400 },
  },
};
const returns = ReturnsReportSchema.parse({
  ...frame,
  report: 'returns',
  groupBy: 'month',
  rows: [{ key: '2026-11', ...returnsFigures }],
  totals: returnsFigures,
  products: [
    {
      sku: 'DO-PHONE-X2-128',
      name: 'Trailphone X2 128 GB, Graphite',
      requested: 14,
      cancelled: 3,
      rejected: 1,
      graded: 11,
      resellable: 9,
      resellableShare: 9 / 11,
      topReturnReasons: [
        { code: 'upgrade', label: 'Upgraded to a newer model', count: 8 },
        { code: 'battery', label: 'Battery does not last', count: 4 },
      ],
    },
  ],
});

describe('the brand dashboard in a browser', () => {
  let context: BrowserContext;
  let page: Page;
  const asked: URL[] = [];

  /** Answers the page's report requests with the reports above, noting what it asked for. */
  async function serveReports(on: Page): Promise<void> {
    await on.route('**/v1/reports/**', async (route) => {
      const url = new URL(route.request().url());
      asked.push(url);
      const report = url.pathname.endsWith('/impact')
        ? impact
        : url.pathname.endsWith('/returns')
          ? returns
          : url.searchParams.get('groupBy') === 'category'
            ? financeByCategory
            : financeByMonth;
      if (route.request().headers().accept === 'text/csv') {
        await route.fulfill({ status: 200, contentType: 'text/csv', body: 'key,itemsKeptInUse\n2026-10,3\n' });
        return;
      }
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(report) });
    });
  }

  beforeAll(async () => {
    ({ context, page } = await newPage({ locale: 'en-GB' }));
    await serveReports(page);
  });

  afterAll(() => context.close());

  it('draws each report of the period picked as figures, charts and tables', async () => {
    await signInAsAnalyst(page);
    await showPeriod(page, '2026-10', '2026-11');
    // The tables of the period loaded first may still be on the page when the button is clicked: wait for the period's
    // requests, then for the tables drawn from them (it failed in a CI run of 6 December when read at once).
    await expect.poll(() => asked.some((url) => url.searchParams.get('from') === '2026-10' && url.searchParams.get('to') === '2026-11'), { timeout: 10_000 }).toBe(true);
    await page.getByRole('table', { name: 'Margin by category' }).waitFor();
    const figure = async (testId: string, term: string) => (await page.getByTestId(testId).locator('div', { has: page.getByText(term, { exact: true }) }).locator('dd').textContent())?.trim();
    expect(await figure('impact-totals', 'Kept in use')).toBe('12');
    expect(await figure('impact-totals', 'CO2e avoided (net)')).toBe('661.2 kg');
    expect(await figure('returns-totals', 'Requested')).toBe('20');
    expect(await figure('returns-totals', 'Cancelled')).toBe('2');
    expect(await figure('returns-totals', 'Rejected (empty or another item)')).toBe('1');
    expect(await figure('returns-totals', 'Sent back')).toBe('1');
    expect(await figure('returns-totals', 'Recovery rate')).toBe('80%');
    expect(await figure('finance-totals', 'Revenue')).toBe('€1,545.50');
    expect(await figure('finance-totals', 'Refunds')).toBe('€253.99');
    expect(await figure('finance-totals', 'Margin')).toBe('€240.26');
    const routeMix = page.getByRole('table', { name: 'Routes of the graded items' });
    expect(await routeMix.getByRole('row', { name: /Repair/ }).getByRole('cell').textContent()).toBe('4');
    const byCategory = page.getByRole('table', { name: 'Margin by category' });
    // A published category by its published name, a brand's own by the name the brand gave it, or else by its code.
    expect(await byCategory.getByRole('rowheader').allTextContents()).toEqual(['Smartphones', 'headphones', 'In-Ear-Kopfhörer', 'Total']);
    // The impact factors behind the figures name their categories alike, once the reader opens them.
    await page.getByText('Factors and sources', { exact: true }).click();
    expect(await page.getByRole('group').filter({ hasText: 'Factors and sources' }).getByRole('listitem').allTextContents()).toEqual([
      'Smartphones: 55.8 kg, 11 items kept in use — Fairphone LCA (2022). Production of a new phone avoided.',
      'In-Ear-Kopfhörer: 4.2 kg, 1 item kept in use — Our own LCA (2025). Production of a new pair avoided.',
    ]);
    expect(await byCategory.getByRole('row', { name: /Smartphones/ }).getByRole('cell').last().textContent()).toBe('€400.00');
    // The sales their buyers sent back, counted and refunded, beside what was sold and earned.
    expect(await byCategory.getByRole('columnheader').allTextContents()).toEqual(['Category', 'Paid out', 'Sold', 'Returned by buyers', 'Revenue', 'Refunds', 'Costs', 'Margin']);
    expect(await byCategory.getByRole('row', { name: /headphones/ }).getByRole('cell').allTextContents()).toEqual(['4', '3', '1', '€345.50', '€253.99', '€251.25', '-€159.74']);
    const monthTotals = page.getByRole('table', { name: 'Margin by month' }).getByRole('row', { name: /^Total/ });
    expect(await monthTotals.getByRole('cell').allTextContents()).toEqual(['8', '6', '1', '€1,545.50', '€253.99', '€1,051.25', '€240.26']);
    const phone = page.getByRole('row', { name: /Trailphone X2/ });
    expect(await phone.textContent()).toContain('Upgraded to a newer model (8)');
    // Requested, cancelled and rejected at the warehouse (empty, or another item than the one traded in).
    expect(await phone.getByRole('cell').evaluateAll((cells) => cells.slice(0, 3).map((cell) => cell.textContent))).toEqual(['14', '3', '1']);
    expect(await page.getByRole('img', { name: /CO2e avoided per month/ }).count()).toBe(1);
    await screenshotsAndScan(page, 'dashboard');
  });

  it('downloads a report as CSV with the Accept header', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Impact as CSV' }).click();

    expect((await download).suggestedFilename()).toBe('demo-impact-2026-10-2026-11.csv');
    expect(asked.at(-1)?.pathname).toBe('/v1/reports/impact');
  });

  it('refuses a period the reports do not take in its own words before asking, and offers no download of it', async () => {
    const before = asked.length;
    const downloads = page.getByRole('region', { name: 'Downloads' }).getByRole('button');

    await showPeriod(page, '2020-01', '2026-12');
    await page.getByText('A period covers at most 36 months.').waitFor();
    expect(await downloads.count()).toBe(0);
    await page.getByText('Once the period is valid and shown, you can download it here.').waitFor();

    await showPeriod(page, '1999-12', '2000-02');
    await page.getByText('Please give a month from 2000-01 to 2999-12 (YYYY-MM).').waitFor();
    expect(await downloads.count()).toBe(0);
    // Nothing was asked of the API, so none of its English problems is on the page.
    expect(asked.slice(before)).toEqual([]);
    expect(await page.getByText(/must be|Invalid request/).count()).toBe(0);

    // 36 months, both ends counted, is a period the reports take.
    await showPeriod(page, '2024-01', '2026-12');
    await page.getByRole('button', { name: 'Ledger of 2026-12 as CSV' }).waitFor();
    expect(asked.some((url) => url.searchParams.get('from') === '2024-01' && url.searchParams.get('to') === '2026-12')).toBe(true);
  });

  it('opens a period of the address the reports do not take as the last twelve months, without asking for it', async () => {
    const before = asked.length;
    await page.goto('/dashboard/?from=1999-01&to=2026-12');
    await page.getByRole('table', { name: 'Margin by category' }).waitFor();
    expect(await page.getByLabel('From (month)').inputValue()).toBe(month(-11));
    expect(asked.slice(before).some((url) => url.searchParams.get('from') === '1999-01')).toBe(false);
  });

  it("explains the impact figures' method in German on a German page, not in the API's English", async () => {
    const { context: german, page: seite } = await newPage();
    await serveReports(seite);
    await seite.goto('/dashboard/?lang=de');
    await seite.getByRole('button', { name: 'Anmelden' }).click();
    await seite.getByLabel('Von (Monat)').fill('2026-10');
    await seite.getByLabel('Bis (Monat)').fill('2026-11');
    await seite.getByRole('button', { name: 'Anzeigen' }).click();

    await seite.getByText('Faktoren und Quellen', { exact: true }).click();
    const factors = (await seite.getByRole('group').filter({ hasText: 'Faktoren und Quellen' }).textContent()) ?? '';
    expect(factors).toContain('Transport ist sein Rücksendepaket, 0,1 kg CO2e je Paket (Thuiswinkel.org 2022); netto ist brutto abzüglich Transport.');
    expect(factors).not.toContain(impact.method);
    await german.close();
  });

  it('says in its own words that a brand without a configuration has no reports yet, in its sections and its downloads', async () => {
    const { context: other, page: unknown } = await newPage({ locale: 'en-GB' });
    // What the API answers for a brand without a configuration (`ReportsService`, `LedgerExport`).
    const noBrand = { type: 'https://kreislauf.dev/problems/not-found', title: 'Not found', status: 404, detail: 'No brand otherbrandx.' };
    await unknown.route('**/v1/reports/**', (route) => route.fulfill({ status: 404, contentType: 'application/problem+json', body: JSON.stringify(noBrand) }));
    await signInAsAnalyst(unknown);

    const sections = unknown.getByText('This brand has no configuration yet. The reports appear here once the brand is set up.');
    await expect.poll(() => sections.count(), { timeout: 10_000 }).toBe(4);
    await unknown.getByRole('button', { name: 'Impact as PDF' }).click();
    const downloads = unknown.getByRole('region', { name: 'Downloads' });
    await downloads.getByText('This brand has no configuration yet.', { exact: false }).waitFor();
    expect(await downloads.textContent()).not.toContain('No brand otherbrandx.');
    expect(await unknown.getByText('not available on this platform', { exact: false }).count()).toBe(0);
    await other.close();
  });

  it('says what is wrong with a period in German on a German page', async () => {
    const { context: german, page: seite } = await newPage();
    await seite.goto('/dashboard/?lang=de');
    await seite.getByRole('button', { name: 'Anmelden' }).click();
    await seite.getByRole('heading', { name: 'Zeitraum' }).waitFor();
    const show = async (from: string, to: string) => {
      await seite.getByLabel('Von (Monat)').fill(from);
      await seite.getByLabel('Bis (Monat)').fill(to);
      await seite.getByRole('button', { name: 'Anzeigen' }).click();
    };

    await show('2020-01', '2026-12');
    await seite.getByText('Ein Zeitraum umfasst höchstens 36 Monate.').waitFor();
    await show('1999-12', '2000-02');
    await seite.getByText('Bitte einen Monat von 2000-01 bis 2999-12 angeben (JJJJ-MM).').waitFor();
    expect(await seite.getByRole('region', { name: 'Herunterladen' }).getByRole('button').count()).toBe(0);
    await german.close();
  });
});
