import { describe, expect, it } from 'vitest';
import { demoRepairPartners } from '../../local/seed/demo-brand';
import { ConflictError, UnprocessableError } from '../../shared/domain/errors';
import {
  assignRepairPartner,
  nextJobStatus,
  partnerStatistics,
  type AssignRepairPartnerInput,
  type JobStatus,
  type RepairJobRecord,
  type RepairPartner,
} from '../../shared/domain/repair-partners';

const aPartner = (partnerId: string, overrides: Partial<RepairPartner> = {}): RepairPartner => ({
  partnerId,
  brand: 'demo',
  name: `Workshop ${partnerId}`,
  categories: ['smartphone'],
  regions: { countries: ['DE'] },
  capacity: 10,
  labourRatePerHour: { amount: 6_000, currency: 'EUR' },
  targetTurnaroundDays: 5,
  webhookUrl: `https://${partnerId}.example/jobs`,
  active: true,
  ...overrides,
});

const assign = (overrides: Partial<AssignRepairPartnerInput>) =>
  assignRepairPartner({
    partners: [],
    load: {},
    category: 'smartphone',
    address: { country: 'DE', postalCode: '10115' },
    estimateMinutes: 45,
    ...overrides,
  });

const assignedId = (overrides: Partial<AssignRepairPartnerInput>) => assign(overrides).partner?.partnerId;

describe('assignRepairPartner', () => {
  it('assigns the partner that repairs the item for the least, with the cost and turnaround to expect', () => {
    const partners = [
      aPartner('dear', { labourRatePerHour: { amount: 8_000, currency: 'EUR' } }),
      aPartner('cheap', { labourRatePerHour: { amount: 5_200, currency: 'EUR' }, targetTurnaroundDays: 6 }),
    ];

    const assignment = assign({ partners });

    expect(assignment).toEqual({
      partner: partners[1],
      expectedCost: { amount: 3_900, currency: 'EUR' },
      turnaroundDays: 6,
      reason: 'Workshop cheap is the cheapest eligible partner: €39.00 in 6 days, against €60.00 at Workshop dear',
    });
  });

  it('passes over an inactive partner', () => {
    const partners = [aPartner('paused', { active: false, labourRatePerHour: { amount: 1_000, currency: 'EUR' } }), aPartner('open')];

    expect(assignedId({ partners })).toBe('open');
  });

  it('passes over a partner that does not repair the category', () => {
    const partners = [aPartner('tailor', { categories: ['jacket'], labourRatePerHour: { amount: 1_000, currency: 'EUR' } }), aPartner('phones')];

    expect(assignedId({ partners })).toBe('phones');
  });

  it('passes over a partner that does not serve the item’s country', () => {
    const partners = [aPartner('vienna', { regions: { countries: ['AT'] }, labourRatePerHour: { amount: 1_000, currency: 'EUR' } }), aPartner('berlin')];

    expect(assignedId({ partners })).toBe('berlin');
  });

  it('assigns a regional partner when the postal code starts with one of its prefixes', () => {
    const partners = [
      aPartner('munich', { regions: { countries: ['DE'], postalCodePrefixes: ['80', '81'] }, labourRatePerHour: { amount: 5_000, currency: 'EUR' } }),
      aPartner('nationwide'),
    ];

    expect(assignedId({ partners, address: { country: 'DE', postalCode: '81675' } })).toBe('munich');
  });

  it('passes over a regional partner when the postal code starts with none of its prefixes', () => {
    const partners = [
      aPartner('munich', { regions: { countries: ['DE'], postalCodePrefixes: ['80', '81'] }, labourRatePerHour: { amount: 5_000, currency: 'EUR' } }),
      aPartner('nationwide'),
    ];

    expect(assignedId({ partners, address: { country: 'DE', postalCode: '10115' } })).toBe('nationwide');
  });

  it('matches postal codes and countries however they are spaced and cased', () => {
    const partners = [aPartner('amsterdam', { regions: { countries: ['NL'], postalCodePrefixes: ['1012A'] } })];

    expect(assignedId({ partners, address: { country: 'nl', postalCode: '1012 ab' } })).toBe('amsterdam');
  });

  it('passes over a partner whose open jobs fill its capacity', () => {
    const partners = [aPartner('busy', { capacity: 3, labourRatePerHour: { amount: 1_000, currency: 'EUR' } }), aPartner('free')];

    expect(assignedId({ partners, load: { busy: { openJobs: 3 } } })).toBe('free');
  });

  it('assigns a partner with one place left', () => {
    const partners = [aPartner('nearly-full', { capacity: 3 })];

    expect(assignedId({ partners, load: { 'nearly-full': { openJobs: 2 } } })).toBe('nearly-full');
  });

  it('prefers the faster of equally cheap partners, judging by the measured median over the target', () => {
    const partners = [aPartner('promises-3', { targetTurnaroundDays: 3 }), aPartner('promises-5', { targetTurnaroundDays: 5 })];
    const load = { 'promises-3': { openJobs: 0, medianTurnaroundDays: 8 } };

    const assignment = assign({ partners, load });

    expect(assignment.partner?.partnerId).toBe('promises-5');
    expect(assignment.reason).toBe(
      'Workshop promises-5 is the fastest of the cheapest eligible partners: €45.00 in 5 days, against 8 days at Workshop promises-3',
    );
  });

  it('judges a partner without finished jobs by its target', () => {
    const partners = [aPartner('new', { targetTurnaroundDays: 3 }), aPartner('known', { targetTurnaroundDays: 3 })];
    const load = { new: { openJobs: 0, medianTurnaroundDays: null }, known: { openJobs: 0, medianTurnaroundDays: 4.5 } };

    expect(assign({ partners, load })).toMatchObject({ partner: { partnerId: 'new' }, turnaroundDays: 3 });
  });

  it('assigns the partner with the lower id among equally cheap and fast ones', () => {
    const partners = [aPartner('rp-b'), aPartner('rp-a'), aPartner('rp-c')];

    const assignment = assign({ partners });

    expect(assignment.partner?.partnerId).toBe('rp-a');
    expect(assignment.reason).toBe('Workshop rp-a comes first by partner id among equally cheap and fast partners: €45.00 in 5 days');
  });

  it('says when the only eligible partner is assigned', () => {
    expect(assign({ partners: [aPartner('solo')] }).reason).toBe('Workshop solo is the only eligible partner: €45.00 in 5 days');
  });

  it('assigns nobody when no active partner repairs the category, and says so', () => {
    const partners = [aPartner('tailor', { categories: ['jacket'] }), aPartner('paused', { active: false })];

    expect(assign({ partners })).toEqual({
      partner: undefined,
      reason: 'No active repair partner repairs smartphone',
      basis: { kind: 'NO_REPAIR_PARTNER', problem: 'no-partner-for-category', category: 'smartphone' },
    });
  });

  it('assigns nobody when no partner for the category serves the address, and says so', () => {
    const partners = [aPartner('munich', { regions: { countries: ['DE'], postalCodePrefixes: ['80'] } })];

    expect(assign({ partners })).toEqual({
      partner: undefined,
      reason: 'No repair partner for smartphone serves DE 10115',
      basis: { kind: 'NO_REPAIR_PARTNER', problem: 'no-partner-for-region', category: 'smartphone', where: 'DE 10115' },
    });
  });

  it('assigns nobody when every partner in reach is at capacity, and says so', () => {
    const partners = [aPartner('one', { capacity: 1 }), aPartner('two', { capacity: 2 })];

    expect(assign({ partners, load: { one: { openJobs: 1 }, two: { openJobs: 2 } } })).toEqual({
      partner: undefined,
      reason: 'Every repair partner for smartphone serving DE 10115 is at capacity',
      basis: { kind: 'NO_REPAIR_PARTNER', problem: 'all-at-capacity', category: 'smartphone', where: 'DE 10115' },
    });
  });

  it('refuses to compare partners that charge in different currencies', () => {
    const partners = [aPartner('euro'), aPartner('franc', { labourRatePerHour: { amount: 6_000, currency: 'CHF' } })];

    expect(() => assign({ partners })).toThrow(UnprocessableError);
  });

  it('sends a demo smartphone from Munich to the Munich workshop and one from Hamburg to Berlin', () => {
    const from = (postalCode: string) =>
      assignedId({ partners: demoRepairPartners, address: { country: 'DE', postalCode } });

    expect(from('80331')).toBe('rp-handywerk-muenchen');
    expect(from('20095')).toBe('rp-geraetewerk-berlin');
  });
});

describe('nextJobStatus', () => {
  const allowed: [JobStatus, JobStatus][] = [
    ['ASSIGNED', 'ACCEPTED'],
    ['ASSIGNED', 'IN_PROGRESS'],
    ['ASSIGNED', 'COMPLETED'],
    ['ASSIGNED', 'UNREPAIRABLE'],
    ['ACCEPTED', 'IN_PROGRESS'],
    ['ACCEPTED', 'COMPLETED'],
    ['ACCEPTED', 'UNREPAIRABLE'],
    ['IN_PROGRESS', 'COMPLETED'],
    ['IN_PROGRESS', 'UNREPAIRABLE'],
  ];

  it.each(allowed)('moves a job from %s to %s', (current, reported) => {
    expect(nextJobStatus(current, reported)).toEqual({ changed: true, status: reported });
  });

  it.each(['ASSIGNED', 'ACCEPTED', 'IN_PROGRESS', 'COMPLETED', 'UNREPAIRABLE'] as const)(
    'leaves a job that is %s as it is when the partner reports that again',
    (status) => {
      expect(nextJobStatus(status, status)).toEqual({ changed: false, status });
    },
  );

  const refused: [JobStatus, JobStatus][] = [
    ['ACCEPTED', 'ASSIGNED'],
    ['IN_PROGRESS', 'ACCEPTED'],
    ['COMPLETED', 'IN_PROGRESS'],
    ['COMPLETED', 'UNREPAIRABLE'],
    ['UNREPAIRABLE', 'COMPLETED'],
    // Staff took the item back: no report moves the job on.
    ['WITHDRAWN', 'ACCEPTED'],
    ['WITHDRAWN', 'IN_PROGRESS'],
    ['WITHDRAWN', 'COMPLETED'],
    ['WITHDRAWN', 'UNREPAIRABLE'],
  ];

  it.each(refused)('refuses to move a job from %s back or on to %s, naming its status', (current, reported) => {
    expect(() => nextJobStatus(current, reported)).toThrow(
      expect.objectContaining({ name: ConflictError.name, extensions: { currentStatus: current } }),
    );
  });
});

describe('partnerStatistics', () => {
  const now = new Date('2025-06-30T12:00:00Z');
  const job = (status: JobStatus, assignedAt: string, finishedAt?: string): RepairJobRecord => ({ status, assignedAt, finishedAt });

  it('counts the jobs not yet completed or found unrepairable as open', () => {
    const jobs = [
      job('ASSIGNED', '2025-06-29T00:00:00Z'),
      job('ACCEPTED', '2025-06-28T00:00:00Z'),
      job('IN_PROGRESS', '2025-01-02T00:00:00Z'),
      job('COMPLETED', '2025-06-01T00:00:00Z', '2025-06-05T00:00:00Z'),
      job('UNREPAIRABLE', '2025-06-01T00:00:00Z', '2025-06-02T00:00:00Z'),
    ];

    expect(partnerStatistics(jobs, now).openJobs).toBe(3);
  });

  it('measures the median days from assignment to completion', () => {
    const jobs = [
      job('COMPLETED', '2025-06-01T00:00:00Z', '2025-06-03T00:00:00Z'),
      job('COMPLETED', '2025-06-01T00:00:00Z', '2025-06-11T00:00:00Z'),
      job('COMPLETED', '2025-06-01T00:00:00Z', '2025-06-05T12:00:00Z'),
    ];

    expect(partnerStatistics(jobs, now).medianTurnaroundDays).toBe(4.5);
  });

  it('takes the mean of the middle two turnarounds of an even number of jobs', () => {
    const jobs = [
      job('COMPLETED', '2025-06-01T00:00:00Z', '2025-06-03T00:00:00Z'),
      job('COMPLETED', '2025-06-01T00:00:00Z', '2025-06-05T00:00:00Z'),
      job('COMPLETED', '2025-06-01T00:00:00Z', '2025-06-07T00:00:00Z'),
      job('COMPLETED', '2025-06-01T00:00:00Z', '2025-06-21T00:00:00Z'),
    ];

    expect(partnerStatistics(jobs, now).medianTurnaroundDays).toBe(5);
  });

  it('leaves jobs found unrepairable out of the turnaround', () => {
    const jobs = [
      job('COMPLETED', '2025-06-01T00:00:00Z', '2025-06-07T00:00:00Z'),
      job('UNREPAIRABLE', '2025-06-01T00:00:00Z', '2025-06-02T00:00:00Z'),
    ];

    expect(partnerStatistics(jobs, now).medianTurnaroundDays).toBe(6);
  });

  it('has no turnaround for a partner that completed no job', () => {
    expect(partnerStatistics([job('IN_PROGRESS', '2025-06-01T00:00:00Z')], now).medianTurnaroundDays).toBeNull();
  });

  it('gives the share of finished jobs that were repaired as the repair yield', () => {
    const jobs = [
      job('COMPLETED', '2025-06-01T00:00:00Z', '2025-06-03T00:00:00Z'),
      job('COMPLETED', '2025-06-01T00:00:00Z', '2025-06-04T00:00:00Z'),
      job('COMPLETED', '2025-06-01T00:00:00Z', '2025-06-05T00:00:00Z'),
      job('UNREPAIRABLE', '2025-06-01T00:00:00Z', '2025-06-02T00:00:00Z'),
      job('IN_PROGRESS', '2025-06-01T00:00:00Z'),
    ];

    expect(partnerStatistics(jobs, now).repairYield).toBe(0.75);
  });

  it('has no repair yield for a partner that finished no job', () => {
    expect(partnerStatistics([job('ACCEPTED', '2025-06-01T00:00:00Z')], now).repairYield).toBeNull();
  });

  it('counts a job staff withdrew as neither open nor finished by the partner', () => {
    const jobs = [
      job('COMPLETED', '2025-06-01T00:00:00Z', '2025-06-03T00:00:00Z'),
      job('WITHDRAWN', '2025-06-01T00:00:00Z', '2025-06-20T00:00:00Z'),
    ];

    expect(partnerStatistics(jobs, now)).toEqual({ openJobs: 0, medianTurnaroundDays: 2, repairYield: 1 });
  });

  it('judges a partner by the jobs it finished in the last 90 days', () => {
    const jobs = [
      job('COMPLETED', '2025-03-01T00:00:00Z', '2025-03-31T00:00:00Z'),
      job('UNREPAIRABLE', '2025-03-01T00:00:00Z', '2025-03-31T00:00:00Z'),
      job('COMPLETED', '2025-06-01T00:00:00Z', '2025-06-03T00:00:00Z'),
    ];

    expect(partnerStatistics(jobs, now)).toEqual({ openJobs: 0, medianTurnaroundDays: 2, repairYield: 1 });
  });
});
