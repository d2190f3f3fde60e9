import { describe, expect, it } from 'vitest';
import { demoRouteRules } from '../../local/seed/demo-brand';
import { ConflictError, UnprocessableError } from '../../shared/domain/errors';
import {
  applyPartnerReport,
  CostLimitExceededError,
  DEFAULT_REPAIR_COST_TOLERANCE,
  passportIdOfJob,
  raiseCostLimit,
  repairCostLimit,
  repairEstimateMinutes,
  repairJobId,
  type RepairJob,
  withdrawRepairJob,
} from '../../shared/domain/repair-jobs';
import { problemFor } from '../../shared/http/problem';

const PASSPORT = '01JD3Z6C5W9V1X4N2QHR7T8K0B';
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const at = '2026-11-20T10:00:00.000Z';
const context = { at, partnerName: 'Gerätewerk Berlin' };

const aJob = (overrides: Partial<RepairJob> = {}): RepairJob => ({
  jobId: `${PASSPORT}-R1`,
  passportId: PASSPORT,
  brand: 'demo',
  partnerId: 'rp-geraetewerk-berlin',
  status: 'ASSIGNED',
  assignedAt: '2026-11-15T09:00:00.000Z',
  estimateMinutes: 45,
  expectedCost: eur(4_500),
  reports: [],
  ...overrides,
});

describe('repair job ids', () => {
  it('names the passport and the attempt, and gives the passport back', () => {
    const jobId = repairJobId(PASSPORT, 2);

    expect(jobId).toBe(`${PASSPORT}-R2`);
    expect(passportIdOfJob(jobId)).toBe(PASSPORT);
  });

  it.each([0, 1.5, 1_000])('refuses attempt %s', (attempt) => {
    expect(() => repairJobId(PASSPORT, attempt)).toThrow(RangeError);
  });
});

describe('repairEstimateMinutes', () => {
  it("takes the brand's estimate for the grade", () => {
    expect(repairEstimateMinutes(demoRouteRules.categories.smartphone, 'DEFECTIVE')).toBe(90);
  });

  it('costs a grade without an estimate at the lightest repair of the category', () => {
    expect(repairEstimateMinutes(demoRouteRules.categories.smartphone, 'GOOD')).toBe(45);
  });

  it('expects no labour for a category without rules', () => {
    expect(repairEstimateMinutes(undefined, 'FAIR')).toBe(0);
  });
});

describe('applyPartnerReport', () => {
  it('moves a job to the reported status and keeps the report', () => {
    const outcome = applyPartnerReport(aJob(), { status: 'ACCEPTED' }, context);

    expect(outcome).toEqual({ kind: 'UPDATED', job: aJob({ status: 'ACCEPTED', reports: [{ status: 'ACCEPTED', at }] }) });
  });

  it('changes nothing when the job already has the reported status', () => {
    const job = aJob({ status: 'IN_PROGRESS' });

    expect(applyPartnerReport(job, { status: 'IN_PROGRESS' }, context)).toEqual({ kind: 'UNCHANGED', job });
  });

  it('finishes a completed job with its labour, cost, parts and a ledger entry for the labour and each part line', () => {
    const battery = { sku: 'BAT-X2', name: 'Battery X2', quantity: 1, cost: eur(1_900) };
    const screws = { sku: 'SCR-M1', name: 'Screw M1', quantity: 4, cost: eur(25) };

    const outcome = applyPartnerReport(
      aJob({ status: 'IN_PROGRESS' }),
      { status: 'COMPLETED', laborMinutes: 40, cost: eur(3_500), parts: [battery, screws], notes: 'New battery' },
      context,
    );

    expect(outcome).toMatchObject({
      kind: 'FINISHED',
      job: { status: 'COMPLETED', finishedAt: at, laborMinutes: 40, cost: eur(3_500), parts: [battery, screws], notes: 'New battery' },
      totalCost: eur(5_500),
    });
    expect(outcome.kind === 'FINISHED' && outcome.ledger).toEqual([
      { entryId: `${PASSPORT}-R1:labour`, kind: 'REPAIR', direction: 'COST', amount: eur(3_500), description: 'Repair by Gerätewerk Berlin, 40 min', detail: { of: 'REPAIR', outcome: 'COMPLETED', partnerName: 'Gerätewerk Berlin', laborMinutes: 40 }, at, jobId: `${PASSPORT}-R1` },
      { entryId: `${PASSPORT}-R1:part:1`, kind: 'PARTS', direction: 'COST', amount: eur(1_900), description: '1 × Battery X2 (BAT-X2)', detail: { of: 'PART', quantity: 1, name: 'Battery X2', sku: 'BAT-X2' }, at, jobId: `${PASSPORT}-R1` },
      { entryId: `${PASSPORT}-R1:part:2`, kind: 'PARTS', direction: 'COST', amount: eur(100), description: '4 × Screw M1 (SCR-M1)', detail: { of: 'PART', quantity: 4, name: 'Screw M1', sku: 'SCR-M1' }, at, jobId: `${PASSPORT}-R1` },
    ]);
  });

  it('books what a partner charges for finding an item unrepairable as a diagnosis', () => {
    const outcome = applyPartnerReport(aJob({ status: 'ACCEPTED' }), { status: 'UNREPAIRABLE', cost: eur(1_000), notes: 'Board corroded' }, context);

    expect(outcome).toMatchObject({ kind: 'FINISHED', job: { status: 'UNREPAIRABLE', finishedAt: at, notes: 'Board corroded' }, totalCost: eur(1_000) });
    expect(outcome.kind === 'FINISHED' && outcome.ledger.map((entry) => entry.description)).toEqual(['Diagnosis (unrepairable) by Gerätewerk Berlin']);
  });

  it('books nothing for a job finished without amounts', () => {
    const outcome = applyPartnerReport(aJob(), { status: 'UNREPAIRABLE' }, context);

    expect(outcome).toMatchObject({ kind: 'FINISHED', ledger: [], totalCost: undefined });
  });

  it('refuses a status a finished job cannot take, naming its status', () => {
    expect(() => applyPartnerReport(aJob({ status: 'COMPLETED' }), { status: 'IN_PROGRESS' }, context)).toThrow(
      expect.objectContaining({ name: 'ConflictError', extensions: { currentStatus: 'COMPLETED' } }),
    );
    expect(() => applyPartnerReport(aJob({ status: 'COMPLETED' }), { status: 'UNREPAIRABLE' }, context)).toThrow(ConflictError);
  });

  it.each([
    ['ASSIGNED', 'ACCEPTED'],
    ['ACCEPTED', 'IN_PROGRESS'],
    ['IN_PROGRESS', 'IN_PROGRESS'],
    ['IN_PROGRESS', 'COMPLETED'],
    ['ASSIGNED', 'UNREPAIRABLE'],
  ] as const)('refuses amounts in another currency than the job, naming each field, on a job %s reported %s', (current, status) => {
    const report = { status, cost: { amount: 3_000, currency: 'CHF' }, parts: [{ sku: 'A', name: 'A', quantity: 1, cost: eur(100) }, { sku: 'B', name: 'B', quantity: 1, cost: { amount: 1, currency: 'USD' } }] };

    const refusal = (() => {
      try {
        applyPartnerReport(aJob({ status: current }), report, context);
      } catch (error) {
        return error;
      }
      return undefined;
    })();

    expect(refusal).toBeInstanceOf(UnprocessableError);
    expect((refusal as UnprocessableError).issues.map((issue) => issue.path)).toEqual([
      ['cost', 'currency'],
      ['parts', 1, 'cost', 'currency'],
    ]);
  });
});

describe('withdrawRepairJob', () => {
  const withdrawal = { at, by: 'admin-1', reason: 'The partner closed down' };

  it.each(['ASSIGNED', 'ACCEPTED', 'IN_PROGRESS'] as const)('ends a job that is %s as WITHDRAWN, with who took the item back and why', (status) => {
    expect(withdrawRepairJob(aJob({ status }), withdrawal)).toEqual(aJob({ status: 'WITHDRAWN', finishedAt: at, withdrawal }));
  });

  it.each(['COMPLETED', 'UNREPAIRABLE', 'WITHDRAWN'] as const)('refuses to withdraw a job that is %s, naming its status', (status) => {
    expect(() => withdrawRepairJob(aJob({ status }), withdrawal)).toThrow(expect.objectContaining({ name: ConflictError.name, extensions: { currentStatus: status } }));
  });

  it('refuses a partner report on a withdrawn job, naming its status', () => {
    const withdrawn = withdrawRepairJob(aJob(), withdrawal);

    expect(() => applyPartnerReport(withdrawn, { status: 'COMPLETED', cost: eur(3_000) }, context)).toThrow(
      expect.objectContaining({ name: ConflictError.name, extensions: { currentStatus: 'WITHDRAWN' } }),
    );
  });
});

describe('repairCostLimit', () => {
  const smartphone = demoRouteRules.categories.smartphone;

  it("is the partner's labour and the grade's parts, plus the brand's tolerance", () => {
    // 45 € of labour and 25 € of parts (FAIR), plus 25 %.
    expect(repairCostLimit({ expectedCost: eur(4_500), rules: smartphone, grade: 'FAIR', tolerance: 0.25 })).toEqual(eur(8_750));
    expect(DEFAULT_REPAIR_COST_TOLERANCE).toBe(0.25);
  });

  it('rounds the tolerance up to a whole minor unit, and never past what floating point makes of a share', () => {
    expect(repairCostLimit({ expectedCost: eur(4_500), rules: smartphone, grade: 'FAIR', tolerance: 0.1 })).toEqual(eur(7_700));
    expect(repairCostLimit({ expectedCost: eur(4_501), rules: smartphone, grade: 'FAIR', tolerance: 0.1 })).toEqual(eur(7_702));
    expect(repairCostLimit({ expectedCost: eur(4_500), rules: smartphone, grade: 'FAIR', tolerance: 0 })).toEqual(eur(7_000));
  });

  it('costs the parts of a grade without an estimate as the lightest repair, and none without route rules', () => {
    expect(repairCostLimit({ expectedCost: eur(4_500), rules: smartphone, grade: 'GOOD', tolerance: 0 })).toEqual(eur(7_000));
    expect(repairCostLimit({ expectedCost: eur(4_500), rules: undefined, grade: 'FAIR', tolerance: 0.25 })).toEqual(eur(5_625));
  });

  it('is at most the most an amount may be', () => {
    expect(repairCostLimit({ expectedCost: eur(999_000_000), rules: smartphone, grade: 'FAIR', tolerance: 1 })).toEqual(eur(1_000_000_000));
  });
});

describe('the cost limit of a finishing report', () => {
  const limited = aJob({ status: 'IN_PROGRESS', costLimit: eur(8_750) });
  const battery = { sku: 'BAT-X2', name: 'Battery', quantity: 2, cost: eur(1_900) };

  it.each(['COMPLETED', 'UNREPAIRABLE'] as const)('refuses a %s report that books more than the limit, naming the limit and the total', (status) => {
    const refusal = (() => {
      try {
        return applyPartnerReport(limited, { status, cost: eur(4_951), parts: [battery] }, context);
      } catch (error) {
        return error;
      }
    })();

    expect(refusal).toBeInstanceOf(CostLimitExceededError);
    expect(problemFor(refusal)).toMatchObject({
      type: 'https://kreislauf.dev/problems/repair-cost-limit-exceeded',
      title: 'Repair cost limit exceeded',
      status: 422,
      costLimit: eur(8_750),
      reportTotal: eur(8_751),
      errors: [{ in: 'body', path: [] }],
    });
  });

  it('books a report that comes to the limit exactly', () => {
    expect(applyPartnerReport(limited, { status: 'COMPLETED', cost: eur(4_950), parts: [battery] }, context)).toMatchObject({ kind: 'FINISHED', totalCost: eur(8_750) });
  });

  it('holds neither a report that books nothing nor a job assigned before limits', () => {
    expect(applyPartnerReport(limited, { status: 'IN_PROGRESS', cost: eur(100_000) }, context)).toMatchObject({ kind: 'UNCHANGED' });
    expect(applyPartnerReport({ ...limited, status: 'ASSIGNED' }, { status: 'ACCEPTED', cost: eur(100_000) }, context)).toMatchObject({ kind: 'UPDATED' });
    expect(applyPartnerReport(aJob(), { status: 'COMPLETED', cost: eur(100_000) }, context)).toMatchObject({ kind: 'FINISHED', totalCost: eur(100_000) });
  });
});

describe('raiseCostLimit', () => {
  it("raises an open job's limit in its currency and names the limit before", () => {
    expect(raiseCostLimit(aJob({ status: 'ACCEPTED', costLimit: eur(8_750) }), 12_000)).toEqual({
      job: aJob({ status: 'ACCEPTED', costLimit: eur(12_000) }),
      from: eur(8_750),
    });
  });

  it('refuses an amount that is not above the limit, naming the limit', () => {
    for (const amount of [8_750, 100]) {
      expect(() => raiseCostLimit(aJob({ costLimit: eur(8_750) }), amount)).toThrow(UnprocessableError);
    }
    expect(() => raiseCostLimit(aJob({ costLimit: eur(8_750) }), 8_750)).toThrow(expect.objectContaining({ extensions: { costLimit: eur(8_750) } }));
  });

  it.each(['COMPLETED', 'UNREPAIRABLE', 'WITHDRAWN'] as const)('refuses to raise the limit of a %s job, naming its status', (status) => {
    expect(() => raiseCostLimit(aJob({ status, costLimit: eur(8_750) }), 12_000)).toThrow(expect.objectContaining({ status: 409, extensions: { currentStatus: status } }));
  });

  it('refuses to raise a limit on a job that has none', () => {
    expect(() => raiseCostLimit(aJob(), 12_000)).toThrow(ConflictError);
  });
});
