import { describe, expect, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { endOfDayAfter, ianaTimeZoneOf, monthBounds, monthOf } from '../../shared/domain/calendar';
import { unknownTimeZone } from '../../shared/domain/catalogue-checks';
import { BrandCatalogSchema } from '../../shared/schemas/brand-config';

describe('calendar days and months in a brand time zone', () => {
  it('ends a deadline at midnight where the brand is, across a daylight-saving switch', () => {
    expect(endOfDayAfter(new Date('2025-03-01T09:30:00Z'), 14, 'Europe/Berlin')).toBe('2025-03-15T22:59:59.999Z');
    // Berlin moves to summer time on 29 March 2026: the deadline's day ends at 22:00 UTC.
    expect(endOfDayAfter(new Date('2026-03-20T12:00:00Z'), 14, 'Europe/Berlin')).toBe('2026-04-03T21:59:59.999Z');
    expect(endOfDayAfter(new Date('2026-03-20T12:00:00Z'), 0, 'UTC')).toBe('2026-03-20T23:59:59.999Z');
  });

  it('spans a month from its first instant where the brand is to the first of the next', () => {
    expect(monthBounds('2026-11', 'Europe/Berlin')).toEqual({ from: '2026-10-31T23:00:00.000Z', to: '2026-11-30T23:00:00.000Z' });
    // October 2026 in Berlin: summer time at its start, winter time at its end.
    expect(monthBounds('2026-10', 'Europe/Berlin')).toEqual({ from: '2026-09-30T22:00:00.000Z', to: '2026-10-31T23:00:00.000Z' });
    expect(monthBounds('2026-12', 'America/New_York')).toEqual({ from: '2026-12-01T05:00:00.000Z', to: '2027-01-01T05:00:00.000Z' });
    expect(monthBounds('2027-01', 'Pacific/Auckland')).toEqual({ from: '2026-12-31T11:00:00.000Z', to: '2027-01-31T11:00:00.000Z' });
    expect(monthBounds('2026-02', 'UTC')).toEqual({ from: '2026-02-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' });
  });

  it('agrees with monthOf at both ends of every month of a year', () => {
    for (const timeZone of ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland']) {
      for (let month = 1; month <= 12; month += 1) {
        const name = `2026-${String(month).padStart(2, '0')}`;
        const { from, to } = monthBounds(name, timeZone);
        expect(monthOf(new Date(from), timeZone), `${timeZone} ${name} from`).toBe(name);
        expect(monthOf(new Date(Date.parse(to) - 1), timeZone), `${timeZone} ${name} end`).toBe(name);
        expect(monthOf(new Date(Date.parse(from) - 1), timeZone), `${timeZone} ${name} before`).not.toBe(name);
      }
    }
  });
});

describe("a brand's time zone on a save of its configuration", () => {
  const inZone = (timeZone: string | undefined, base = demoBrand) => ({ ...base, config: { ...base.config, timeZone } });
  const messageFor = (timeZone: string) => unknownTimeZone(demoBrand, inZone(timeZone)).map((issue) => issue.message);

  it('knows the IANA name a zone stands for, and none for an offset or a zone the database does not list', () => {
    expect(['Europe/Berlin', 'America/New_York', 'UTC', 'utc', 'Etc/UTC', 'Europe/berlin'].map(ianaTimeZoneOf)).toEqual([
      'Europe/Berlin',
      'America/New_York',
      'UTC',
      'UTC',
      'UTC',
      'Europe/Berlin',
    ]);
    expect(['+05:30', '-00:00', 'Etc/GMT+5', 'Mars/Olympus', ''].map(ianaTimeZoneOf)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('refuses an offset or a name the database does not list, and names the spelling of one it writes otherwise', () => {
    for (const zone of ['+05:30', 'Etc/GMT+5', 'Mars/Olympus']) expect(messageFor(zone), zone).toEqual(['must be an IANA time zone name, e.g. Europe/Berlin']);
    expect(messageFor('utc')).toEqual(['must be an IANA time zone name as the time zone database writes it: UTC']);
    expect(messageFor('Europe/berlin')).toEqual(['must be an IANA time zone name as the time zone database writes it: Europe/Berlin']);
    expect(messageFor('europe/kyiv')).toEqual(['must be an IANA time zone name as the time zone database writes it: Europe/Kiev']);
    expect(unknownTimeZone(undefined, inZone('+05:30'))).toEqual([{ in: 'body', path: ['config', 'timeZone'], message: 'must be an IANA time zone name, e.g. Europe/Berlin' }]);
  });

  it('takes an IANA name as the database writes it, or none (Europe/Berlin)', () => {
    for (const zone of ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'UTC', undefined]) expect(unknownTimeZone(undefined, inZone(zone)), String(zone)).toEqual([]);
    // The database's current names for zones Node 22's ICU writes by their older ones (Europe/Kiev, Asia/Calcutta).
    for (const zone of ['Europe/Kyiv', 'Asia/Kolkata', 'Etc/UTC']) expect(unknownTimeZone(undefined, inZone(zone)), zone).toEqual([]);
  });

  it('leaves a zone the current version already has, which still parses, and checks it again when it changes', () => {
    const before = inZone('+05:30');
    expect(BrandCatalogSchema.safeParse(before).success).toBe(true);
    expect(unknownTimeZone(before, { ...before, config: { ...before.config, name: 'Demo GmbH' } })).toEqual([]);
    expect(unknownTimeZone(before, inZone('utc', before))).toHaveLength(1);
  });
});
