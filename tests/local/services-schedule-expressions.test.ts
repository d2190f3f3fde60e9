import { describe, expect, it } from 'vitest';
import { nextOccurrence, occurrenceToFire, parseScheduleExpression } from '../../local/services/schedule-expressions';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('schedule expressions', () => {
  it('reads at() in its time zone', () => {
    expect(parseScheduleExpression('at(2030-07-01T09:30:00)', 'Europe/Berlin')).toEqual({ kind: 'at', at: at('2030-07-01T07:30:00Z') });
    expect(parseScheduleExpression('at(2030-01-01T09:30:00)')).toEqual({ kind: 'at', at: at('2030-01-01T09:30:00Z') });
  });

  it('counts rate() periods from the anchor', () => {
    const hourly = parseScheduleExpression('rate(1 hour)');
    const anchor = at('2030-01-01T00:00:00Z');

    expect(iso(nextOccurrence(hourly, anchor, anchor))).toBe('2030-01-01T01:00:00.000Z');
    expect(iso(nextOccurrence(hourly, at('2030-01-01T05:30:00Z'), anchor))).toBe('2030-01-01T06:00:00.000Z');
    expect(parseScheduleExpression('rate(15 minutes)')).toEqual({ kind: 'rate', periodMs: 900_000 });
  });

  it('finds the next cron() time with lists, ranges, steps, names, L and #', () => {
    const after = at('2030-01-01T00:00:00Z');
    const next = (expression: string) => iso(nextOccurrence(parseScheduleExpression(expression), after, after));

    expect(next('cron(*/20 9-10 * * ? *)')).toBe('2030-01-01T09:00:00.000Z');
    expect(next('cron(0 8 ? * MON-FRI *)')).toBe('2030-01-01T08:00:00.000Z');
    expect(next('cron(0 8 ? * SAT,SUN *)')).toBe('2030-01-05T08:00:00.000Z');
    expect(next('cron(0 0 L * ? *)')).toBe('2030-01-31T00:00:00.000Z');
    expect(next('cron(0 12 ? * 6L *)')).toBe('2030-01-25T12:00:00.000Z');
    expect(next('cron(0 12 ? * 2#2 *)')).toBe('2030-01-14T12:00:00.000Z');
    expect(next('cron(0 0 1 JAN ? 2031)')).toBe('2031-01-01T00:00:00.000Z');
    expect(next('cron(0 0 1 JAN ? 2029)')).toBeUndefined();
  });

  it('refuses what AWS refuses', () => {
    for (const expression of ['rate(1 hours)', 'rate(2 hour)', 'rate(0 minutes)', 'cron(0 9 * * * *)', 'cron(0 9 * *)', 'at(2030-02-30T00:00:00)', 'every day']) {
      expect(() => parseScheduleExpression(expression), expression).toThrow();
    }
    expect(() => parseScheduleExpression('rate(1 hour)', 'Mars/Olympus')).toThrow(/time zone/);
  });

  it('fires the latest of several missed occurrences, and the next one when none was missed', () => {
    const hourly = parseScheduleExpression('rate(1 hour)');
    const anchor = at('2030-01-01T00:00:00Z');

    expect(iso(occurrenceToFire(hourly, { after: anchor, anchor, until: at('2030-01-01T05:30:00Z') }))).toBe('2030-01-01T05:00:00.000Z');
    expect(iso(occurrenceToFire(hourly, { after: anchor, anchor, until: at('2030-01-01T00:30:00Z') }))).toBe('2030-01-01T01:00:00.000Z');
    expect(occurrenceToFire(hourly, { after: anchor, anchor, until: anchor, end: at('2030-01-01T00:59:00Z') })).toBeUndefined();
  });
});
