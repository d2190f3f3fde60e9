import { describe, expect, it } from 'vitest';
import { issueWords } from '../../shared/http/issue-words';
import { MAX_AMOUNT } from '../../shared/domain/catalog';
import { ValidationError } from '../../shared/domain/errors';
import { applyPartnerReport, type RepairJob } from '../../shared/domain/repair-jobs';
import { PartnerReportSchema, RepairPartSchema } from '../../shared/schemas/repair';
import { ListingChangeRequestSchema } from '../../shared/schemas/resale-api';
import { SaleReturnRequestSchema } from '../../shared/schemas/staff';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
/** The paths and words of what a schema refuses, as the API answers them. */
const refused = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.success ? [] : result.error!.issues.map((issue) => [issue.path.join('.'), issue.message]);

describe('the most an amount sent to the API may be', () => {
  it('takes 10,000,000.00 and refuses a cent more in a repair report, its parts, a sale return and a new listing price', () => {
    const part = (amount: number) => ({ sku: 'SCR-1', name: 'Screen', quantity: 1, cost: eur(amount) });
    const report = (amount: number) => ({ jobId: '01M97CPM81KP5CS0N6EFKGBZW5-R1', status: 'COMPLETED', cost: eur(amount), parts: [part(amount)] });
    expect(PartnerReportSchema.safeParse({ ...report(MAX_AMOUNT), cost: eur(0) }).success).toBe(true);
    expect(refused(PartnerReportSchema.safeParse(report(Number.MAX_SAFE_INTEGER), { error: issueWords }))).toEqual([
      ['cost.amount', 'must be at most 1000000000 minor units'],
      ['parts.0.cost.amount', 'must be at most 1000000000 minor units'],
    ]);
    expect(RepairPartSchema.safeParse(part(MAX_AMOUNT + 1)).success).toBe(false);
    expect(refused(SaleReturnRequestSchema.safeParse({ reason: 'DEFECTIVE', route: 'RECYCLE', refund: eur(MAX_AMOUNT + 1) }, { error: issueWords }))).toEqual([
      ['refund.amount', 'must be at most 1000000000 minor units'],
    ]);
    expect(ListingChangeRequestSchema.safeParse({ action: 'price', price: eur(MAX_AMOUNT) }).success).toBe(true);
    expect(refused(ListingChangeRequestSchema.safeParse({ action: 'price', price: eur(9_007_199_254_740_991) }, { error: issueWords }))).toEqual([
      ['price.amount', 'must be at most 1000000000 minor units'],
    ]);
  });

  it("refuses a repair report whose part line, units times the unit's price, comes to more, at the line", () => {
    const screens = (quantity: number, amount: number) => ({ sku: 'SCR-1', name: 'Screen', quantity, cost: eur(amount) });
    const report = { jobId: '01M97CPM81KP5CS0N6EFKGBZW5-R1', status: 'COMPLETED', laborMinutes: 100_000, cost: eur(MAX_AMOUNT), parts: [screens(1, 0), screens(1_000, MAX_AMOUNT)] };
    expect(refused(PartnerReportSchema.safeParse(report, { error: issueWords }))).toEqual([['parts.1', 'must come to at most 1000000000 minor units (quantity × cost)']]);
    expect(PartnerReportSchema.safeParse({ ...report, cost: eur(0), parts: [screens(1_000, MAX_AMOUNT / 1_000)] }).success).toBe(true);
  });

  it('refuses a repair report whose labour and parts together come to more, as a whole, and takes one that comes to the most', () => {
    const report = (labour: number) => ({ jobId: '01M97CPM81KP5CS0N6EFKGBZW5-R1', status: 'COMPLETED', cost: eur(labour), parts: [{ sku: 'SCR-1', name: 'Screen', quantity: 4, cost: eur(MAX_AMOUNT / 8) }] });
    expect(PartnerReportSchema.safeParse(report(MAX_AMOUNT / 2)).success).toBe(true);
    expect(refused(PartnerReportSchema.safeParse(report(MAX_AMOUNT / 2 + 1), { error: issueWords }))).toEqual([['', 'must come to at most 1000000000 minor units, labour and parts together']]);
  });

  it('books no repair whose part line or total comes to more, whoever calls, whatever the status', () => {
    const job: RepairJob = { jobId: '01M97CPM81KP5CS0N6EFKGBZW5-R1', passportId: '01M97CPM81KP5CS0N6EFKGBZW5', brand: 'demo', partnerId: 'rp-a', status: 'IN_PROGRESS', assignedAt: '2026-12-01T09:00:00.000Z', estimateMinutes: 45, expectedCost: eur(4_500), reports: [] };
    const parts = Array.from({ length: 50 }, (_, index) => ({ sku: `P-${index}`, name: 'Part', quantity: 1_000, cost: eur(MAX_AMOUNT) }));
    const refusal = (report: Parameters<typeof applyPartnerReport>[1]) => {
      try {
        applyPartnerReport(job, report, { at: '2026-12-07T10:00:00.000Z', partnerName: 'A' });
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const tooMuch = refusal({ status: 'COMPLETED', laborMinutes: 100_000, cost: eur(MAX_AMOUNT), parts });
    expect(tooMuch).toBeInstanceOf(ValidationError);
    expect((tooMuch as ValidationError).issues).toHaveLength(50);
    expect((tooMuch as ValidationError).issues[0]).toEqual({ in: 'body', path: ['parts', 0], message: 'must come to at most 1000000000 minor units (quantity × cost)' });
    expect(refusal({ status: 'IN_PROGRESS', cost: eur(MAX_AMOUNT), parts: [{ sku: 'P', name: 'Part', quantity: 1, cost: eur(1) }] })).toBeInstanceOf(ValidationError);
  });

  it('keeps the largest report a partner may send within exact whole numbers', () => {
    // 50 lines of 1,000 units at the most, and the labour: each sum of the ledger stays exact.
    expect(Number.isSafeInteger(50 * 1_000 * MAX_AMOUNT + MAX_AMOUNT)).toBe(true);
  });
});
