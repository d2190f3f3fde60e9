import { describe, expect, it } from 'vitest';
import { issueWords } from '../../shared/http/issue-words';
import { MAX_AMOUNT } from '../../shared/domain/catalog';
import { PartnerReportSchema, RepairPartSchema } from '../../shared/schemas/repair';
import { ListingChangeRequestSchema } from '../../shared/schemas/resale-api';
import { SaleReturnRequestSchema } from '../../shared/schemas/staff';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
/** The paths and words of what a schema refuses, as the API answers them. */
const refused = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.success ? [] : result.error!.issues.map((issue) => [issue.path.join('.'), issue.message]);

describe('the most an amount sent to the API may be', () => {
  it('takes 10,000,000.00 and refuses a cent more in a repair report, its parts, a sale return and a new listing price', () => {
    const part = (amount: number) => ({ sku: 'SCR-1', name: 'Screen', quantity: 1_000, cost: eur(amount) });
    const report = (amount: number) => ({ jobId: '01M97CPM81KP5CS0N6EFKGBZW5-R1', status: 'COMPLETED', cost: eur(amount), parts: [part(amount)] });
    expect(PartnerReportSchema.safeParse(report(MAX_AMOUNT)).success).toBe(true);
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

  it('keeps the largest report a partner may send within exact whole numbers', () => {
    // 50 lines of 1,000 units at the most, and the labour: each sum of the ledger stays exact.
    expect(Number.isSafeInteger(50 * 1_000 * MAX_AMOUNT + MAX_AMOUNT)).toBe(true);
  });
});
