import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import type { Grade } from '../../shared/domain/catalog';
import { listingSku } from '../../shared/domain/listing-sku';
import { monthOf } from '../../shared/domain/calendar';
import { renderReportCsv } from '../../shared/domain/report-csv';
import { impactFactors } from '../../shared/services/passport-impact';
import { call, eventually } from './client';
import { aBrandLikeDemo } from './payouts-support';
import { answersFor, aQuote, aTakeBackBody } from './support';
import { demoOps, jobAtPartner, partnerReports, passportOf, staff, untilState } from './warehouse';

// The demo laptop is traded in by no other end-to-end test, so the laptop rows of the demo
// brand's reports hold exactly the items of this file, whatever else the run traded in.
const laptop = demoBrand.products.find((product) => product.category === 'laptop')!;
const PERIOD = 'from=2025-01&to=2027-12';

async function aLaptopTakeBack(grade: Grade, returnReason: string): Promise<string> {
  const quote = await call('POST', '/v1/brands/demo/quotes', { sku: laptop.sku, answers: answersFor('laptop', grade) });
  expect(quote.status).toBe(201);
  const created = await call('POST', '/v1/brands/demo/take-backs', aTakeBackBody(quote.body.quoteId, { returnReason }), { 'idempotency-key': randomUUID() });
  expect(created.status).toBe(201);
  const { id } = created.body;
  await untilState(id, 'LABEL_CREATED');
  const ops = await demoOps();
  expect((await call('POST', `/v1/passports/${id}/receipt`, {}, ops)).status).toBe(200);
  const graded = await call('POST', `/v1/passports/${id}/grading`, { grade }, ops);
  expect(graded.status).toBe(200);
  return id;
}

/** Makes the item go where the test needs it, whatever the brand's rules decided. */
async function routeTo(id: string, route: 'RESELL' | 'REPAIR'): Promise<void> {
  const passport = await passportOf(id);
  if (passport.route.route === route) return;
  const overridden = await call('POST', `/v1/passports/${id}/route`, { route, reason: 'The report test needs this route' }, await demoOps());
  expect(overridden.status).toBe(200);
}

async function sellOnShopify(id: string): Promise<void> {
  await untilState(id, 'LISTED');
  const origins = (await call('GET', '/_local/sandboxes')).body as Record<string, string>;
  const sku = listingSku('demo', id);
  await eventually(async () => {
    const response = await fetch(`${origins.shopify}/_sandbox/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sku }) });
    await response.body?.cancel();
    return response.status === 201 ? true : undefined;
  }, `an order of ${sku} on the Shopify sandbox`);
  await untilState(id, 'SOLD');
}

const eventOf = (passport: any, type: string) => passport.timeline.find((event: { type: string }) => event.type === type);

describe("a brand's reports show what its items did", () => {
  const ids: string[] = [];
  let analyst: Record<string, string>;

  beforeAll(async () => {
    analyst = await staff({ brand: 'demo', roles: ['analyst'] });
    // One laptop resold as it is, one repaired and then resold.
    const resold = await aLaptopTakeBack('LIKE_NEW', 'upgrade');
    const repaired = await aLaptopTakeBack('FAIR', 'defect');
    ids.push(resold, repaired);
    await routeTo(resold, 'RESELL');
    await routeTo(repaired, 'REPAIR');
    const inRepair = await untilState(repaired, 'IN_REPAIR');
    const jobId = inRepair.jobs[0].jobId;
    await eventually(() => jobAtPartner(jobId), 'the repair job at the partner');
    for (const status of ['ACCEPTED', 'IN_PROGRESS']) expect((await partnerReports(jobId, { status })).response.status).toBe(200);
    const completed = await partnerReports(jobId, { status: 'COMPLETED', laborMinutes: 30, cost: { amount: 6_000, currency: 'EUR' } });
    expect(completed.response.status).toBe(200);
    await Promise.all([sellOnShopify(resold), sellOnShopify(repaired)]);
  }, 240_000);

  /** The laptop row of a report grouped by category, once the aggregation counted both sales. */
  async function laptopRow(report: 'impact' | 'finance' | 'returns', ready: (row: any) => boolean): Promise<any> {
    return eventually(async () => {
      const answer = await call('GET', `/v1/reports/${report}?${PERIOD}&groupBy=category`, undefined, analyst);
      expect(answer.status).toBe(200);
      const row = answer.body.rows.find((candidate: { key: string }) => candidate.key === 'laptop');
      return row && ready(row) ? { row, report: answer.body } : undefined;
    }, `the ${report} report to count the laptops`);
  }

  it('shows exactly the payouts, costs, sales and margin the ledger of the items records', async () => {
    const passports = await Promise.all(ids.map(passportOf));
    const sum = (of: (passport: any) => number) => passports.reduce((total, passport) => total + of(passport), 0);
    const payouts = sum((passport) => eventOf(passport, 'VoucherIssued').data.value.amount);
    const payoutCost = sum((passport) => Math.round(eventOf(passport, 'VoucherIssued').data.value.amount * demoBrand.config.payouts!.voucherCostRatio!));
    const repairCost = sum((passport) => eventOf(passport, 'Repaired')?.data.cost?.amount ?? 0);
    const fees = sum((passport) => eventOf(passport, 'Sold').data.fee.amount);
    const revenue = sum((passport) => eventOf(passport, 'Sold').data.price.amount + (eventOf(passport, 'Sold').data.shipping?.amount ?? 0));
    const labelCost = 2 * demoBrand.config.labelCost!.amount;
    const costs = payoutCost + labelCost + repairCost + fees;

    // The events are counted as they come off the aggregation's queue, in no set order: wait for the last of each kind.
    const { row, report } = await laptopRow(
      'finance',
      (candidate) => candidate.itemsSold === 2 && candidate.itemsPaid === 2 && candidate.repairCost === repairCost && candidate.labelCost === labelCost,
    );
    expect(repairCost).toBe(6_000);
    expect(report).toMatchObject({ brand: 'demo', report: 'finance', currency: 'EUR', groupBy: 'category' });
    expect(row).toEqual({
      key: 'laptop',
      itemsPaid: 2,
      payouts,
      payoutCost,
      labelCost,
      repairCost,
      fees,
      itemsSold: 2,
      revenue,
      // No buyer sent a laptop back (tests/e2e/sale-return.test.ts sells phones).
      buyerReturns: 0,
      refunds: 0,
      costs,
      margin: revenue - costs,
      roi: Math.round(((revenue - costs) / costs) * 10_000) / 10_000,
    });
  });

  it('shows the two laptops kept in use and the CO2e their reuse avoided, net of their parcels', async () => {
    const factor = impactFactors().categories.find((entry) => entry.category === 'laptop')!.avoidedKgCo2e!;
    const parcel = impactFactors().transport.parcel.kgCo2ePerParcel;
    const { row, report } = await laptopRow('impact', (candidate) => candidate.itemsKeptInUse === 2);
    expect(row).toEqual({
      key: 'laptop',
      itemsKeptInUse: 2,
      itemsRecycled: 0,
      kgDiverted: (2 * laptop.weightGrams) / 1000,
      kgCo2eGross: 2 * factor,
      kgCo2eTransport: Math.round(2 * parcel * 1000) / 1000,
      kgCo2eNet: Math.round(2 * (factor - parcel) * 1000) / 1000,
    });
    expect(report.factors).toContainEqual(expect.objectContaining({ category: 'laptop', origin: 'kreislauf', kgCo2ePerItem: factor }));
  });

  it('shows the volumes, grades, routes, cycle times and return reasons of the laptops', async () => {
    const { row, report } = await laptopRow('returns', (candidate) => candidate.sold === 2 && candidate.cycleTimes.gradingToPayout.count === 2);
    expect(row).toMatchObject({
      requested: 2,
      cancelled: 0,
      received: 2,
      rejected: 0,
      sentBack: 0,
      graded: 2,
      sold: 2,
      recycled: 0,
      gradeMix: { LIKE_NEW: 1, GOOD: 0, FAIR: 1, DEFECTIVE: 0 },
      routeMix: { RESELL: 1, REPAIR: 1, RECYCLE: 0 },
      recoveryRate: 1,
    });
    for (const step of ['requestToReceipt', 'receiptToGrading', 'gradingToPayout', 'gradingToSale']) expect(row.cycleTimes[step].count).toBe(2);
    expect(report.products.find((product: { sku: string }) => product.sku === laptop.sku)).toEqual({
      sku: laptop.sku,
      name: laptop.name,
      requested: 2,
      cancelled: 0,
      rejected: 0,
      graded: 2,
      resellable: 2,
      resellableShare: 1,
      topReturnReasons: [
        { code: 'defect', label: 'Defective or worn out', count: 1 },
        { code: 'upgrade', label: 'Bought a newer model', count: 1 },
      ],
    });
  });

  it("shows another brand's analyst none of it", async () => {
    const other = await staff({ brand: await aBrandLikeDemo(() => ({})), roles: ['analyst'] });
    for (const report of ['impact', 'finance', 'returns']) {
      const answer = await call('GET', `/v1/reports/${report}?${PERIOD}&groupBy=category`, undefined, other);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ rows: [] });
      expect(JSON.stringify(answer.body)).not.toContain(laptop.sku);
    }
    const finance = await call('GET', `/v1/reports/finance?${PERIOD}&groupBy=month`, undefined, other);
    expect(finance.body.totals).toMatchObject({ itemsPaid: 0, payouts: 0, revenue: 0, costs: 0 });
  });

  it('answers the analyst of a brand with no configuration 404 for every report and the ledger', async () => {
    const unknown = await staff({ brand: 'other-brand', roles: ['analyst'] });
    for (const path of ['/v1/reports/impact', '/v1/reports/finance', '/v1/reports/returns']) {
      const answer = await call('GET', `${path}?${PERIOD}`, undefined, unknown);
      expect(answer, path).toMatchObject({ status: 404, body: { detail: 'No brand other-brand.' } });
    }
    expect(await call('GET', '/v1/ledger?month=2026-12', undefined, unknown)).toMatchObject({ status: 404 });
  });

  it('refuses staff without the analyst or admin role', async () => {
    const answer = await call('GET', `/v1/reports/finance?${PERIOD}`, undefined, await demoOps());
    expect(answer.status).toBe(403);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers CSV with the same figures as JSON', async () => {
    await laptopRow('finance', (candidate) => candidate.itemsSold === 2);
    const [json, csv] = await eventually(async () => {
      const first = await call('GET', `/v1/reports/finance?${PERIOD}&groupBy=category`, undefined, analyst);
      const second = await call('GET', `/v1/reports/finance?${PERIOD}&groupBy=category`, undefined, { ...analyst, accept: 'text/csv' });
      return renderReportCsv(first.body) === new TextDecoder().decode(second.body) ? [first, second] : undefined;
    }, 'a CSV and a JSON answer of the same figures');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(new TextDecoder().decode(csv.body)).toContain('\r\nlaptop,EUR,2,');
    expect(json.body.rows.some((row: { key: string }) => row.key === 'laptop')).toBe(true);
  });

  it("exports the laptops' ledger lines of their month, each once, as JSON pages and as CSV, to the analyst alone", async () => {
    await laptopRow('finance', (candidate) => candidate.itemsSold === 2);
    type Line = { entryId: string; kind: string; at: string; passportId: string; category: string; amount: { amount: number } };
    const booked: Line[] = (await Promise.all(ids.map(passportOf))).flatMap((passport) => passport.ledger.map((entry: Line) => ({ ...entry, passportId: passport.id })));
    expect(booked.map((line) => line.kind)).toEqual(expect.arrayContaining(['LABEL', 'PAYOUT', 'REPAIR', 'SALE', 'CHANNEL_FEE']));
    // The demo brand's months in its time zone (a run across midnight at a month's end books into two).
    for (const month of [...new Set(booked.map((line) => monthOf(new Date(line.at), 'Europe/Berlin')))]) {
      const ofMonth = booked.filter((line) => monthOf(new Date(line.at), 'Europe/Berlin') === month);
      const exported: Line[] = [];
      let cursor: string | undefined;
      do {
        const page = await call('GET', `/v1/ledger?month=${month}&limit=100${cursor ? `&cursor=${cursor}` : ''}`, undefined, analyst);
        expect(page.status).toBe(200);
        expect(page.body).toMatchObject({ brand: 'demo', month, timeZone: 'Europe/Berlin' });
        exported.push(...page.body.lines);
        cursor = page.body.nextCursor;
      } while (cursor);
      const laptops = exported.filter((line) => ids.includes(line.passportId));
      expect(laptops.map((line) => `${line.passportId}/${line.entryId}`).sort()).toEqual(ofMonth.map((line) => `${line.passportId}/${line.entryId}`).sort());
      expect(laptops.every((line) => line.category === 'laptop')).toBe(true);
      expect(exported.map((line) => line.at)).toEqual(exported.map((line) => line.at).sort());

      const csv = await call('GET', `/v1/ledger?month=${month}`, undefined, { ...analyst, accept: 'text/csv' });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="demo-ledger-${month}.csv"`);
      const rows = new TextDecoder().decode(csv.body).trimEnd().split('\r\n');
      expect(rows[0]!.startsWith('at,passportId,category,kind,direction,amount,currency')).toBe(true);
      expect(rows.filter((row) => ids.some((id) => row.includes(id))).length).toBe(ofMonth.length);
    }

    expect((await call('GET', '/v1/ledger?month=2026-11', undefined, await demoOps())).status).toBe(403);
    const otherBrand = await aBrandLikeDemo(() => ({}));
    const other = await call('GET', `/v1/ledger?month=${monthOf(new Date(booked[0]!.at), 'Europe/Berlin')}`, undefined, await staff({ brand: otherBrand, roles: ['analyst'] }));
    expect(other).toMatchObject({ status: 200, body: { brand: otherBrand, lines: [] } });
    expect(await call('GET', '/v1/ledger?month=2026-13', undefined, analyst)).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ in: 'query', path: ['month'] })] } });
    // Months whose arithmetic leaves four-digit years (the month after 9999-12; Date.UTC's 0099 is 1999) are no months of a ledger.
    for (const month of ['9999-12', '0099-05', '1999-12', '3000-01']) {
      expect(await call('GET', `/v1/ledger?month=${month}`, undefined, analyst)).toMatchObject({
        status: 400,
        body: { errors: [{ in: 'query', path: ['month'], message: 'must be a month from 2000-01 to 2999-12, YYYY-MM' }] },
      });
    }
    expect((await call('GET', '/v1/ledger?month=2026-11&cursor=bm90IG91cnM', undefined, analyst)).status).toBe(400);
    expect((await call('GET', '/v1/ledger?month=2026-11', undefined, { ...analyst, accept: 'application/pdf' })).status).toBe(406);
  });

  it('answers the impact report as a PDF, and refuses a PDF of the finance report with 406', async () => {
    const pdf = await call('GET', `/v1/reports/impact?${PERIOD}&groupBy=month`, undefined, { ...analyst, accept: 'application/pdf' });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(new TextDecoder().decode(pdf.body.slice(0, 5))).toBe('%PDF-');
    const refused = await call('GET', `/v1/reports/finance?${PERIOD}`, undefined, { ...analyst, accept: 'application/pdf' });
    expect(refused.status).toBe(406);
  });

  it('refuses a grouping the report does not offer, a period of more than 36 months, a month out of range and a parameter it does not take with 400 naming the parameter', async () => {
    const byChannel = await call('GET', `/v1/reports/impact?${PERIOD}&groupBy=channel`, undefined, analyst);
    expect(byChannel).toMatchObject({ status: 400, body: { errors: [{ in: 'query', path: ['groupBy'] }] } });
    const tooLong = await call('GET', '/v1/reports/impact?from=2020-01&to=2026-12', undefined, analyst);
    expect(tooLong).toMatchObject({ status: 400, body: { errors: [{ in: 'query', path: ['to'] }] } });
    // One month, but not one a report can hold: refused at the month, not as a period too long.
    const farOff = await call('GET', '/v1/reports/impact?from=9999-12&to=9999-12', undefined, analyst);
    expect(farOff).toMatchObject({ status: 400, body: { errors: [{ in: 'query', path: ['from'] }, { in: 'query', path: ['to'] }] } });
    // A misspelt parameter was ignored, and the report grouped by month as if nothing had been asked.
    const misspelt = await call('GET', `/v1/reports/impact?${PERIOD}&groupby=category`, undefined, analyst);
    expect(misspelt).toMatchObject({ status: 400, body: { errors: [{ in: 'query', path: ['groupby'], message: 'is not a parameter of this route' }] } });
  });

  it("refuses a take-back whose return reason is not one of the brand's with 400 at returnReason, and keeps the quote usable", async () => {
    // A phone, so that the laptop rows stay the two laptops'.
    const quoteId = await aQuote();
    const refused = await call('POST', '/v1/brands/demo/take-backs', aTakeBackBody(quoteId, { returnReason: 'bored' }), { 'idempotency-key': randomUUID() });
    expect(refused).toMatchObject({ status: 400, body: { errors: [{ in: 'body', path: ['returnReason'] }] } });
    expect(refused.body.errors[0].message).toContain('upgrade');
    const accepted = await call('POST', '/v1/brands/demo/take-backs', aTakeBackBody(quoteId, { returnReason: 'unused' }), { 'idempotency-key': randomUUID() });
    expect(accepted.status).toBe(201);
  });
});
