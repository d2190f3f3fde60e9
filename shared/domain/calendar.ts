/**
 * Calendar days as a brand's customers read them. Deadlines end at midnight in the brand's time
 * zone, not in UTC, so "by 15 March" means the end of 15 March where the customer lives.
 */

/** The default time zone of a brand (the demo brand and most early adopters are in Germany). */
export const DEFAULT_TIME_ZONE = 'Europe/Berlin';

const MS_PER_MINUTE = 60_000;

let zoneNames: ReadonlySet<string> | undefined;

/**
 * The IANA time zone name a brand's `timeZone` stands for, as the runtime's time zone database writes it: the name itself
 * when it is written so, the database's spelling when it is another (`utc` and `Etc/UTC` are `UTC`, `Europe/berlin` is
 * `Europe/Berlin`; Node 22's ICU keeps `Europe/Kiev` and `Asia/Calcutta` for `Europe/Kyiv` and `Asia/Kolkata`), and
 * `undefined` for what names no zone of the database, though `Intl` computes with it: an offset such as `+05:30`, which
 * knows no summer time, or `Etc/GMT+5`, whose sign runs against the offset it means.
 *
 * @example
 * ianaTimeZoneOf('Europe/Berlin'); // 'Europe/Berlin'
 * ianaTimeZoneOf('utc'); // 'UTC'
 * ianaTimeZoneOf('+05:30'); // undefined
 */
export function ianaTimeZoneOf(zone: string): string | undefined {
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  // The list leaves out UTC, which the database names too.
  zoneNames ??= new Set(Intl.supportedValuesOf('timeZone'));
  return resolved === 'UTC' || zoneNames.has(resolved) ? resolved : undefined;
}

/**
 * The last millisecond of the calendar day that lies `days` days after the day of `from`, both
 * days read in `timeZone`.
 *
 * @example
 * endOfDayAfter(new Date('2025-03-01T09:30:00Z'), 14, 'Europe/Berlin'); // '2025-03-15T22:59:59.999Z'
 */
export function endOfDayAfter(from: Date, days: number, timeZone: string): string {
  const local = localDate(from, timeZone);
  // Midnight that starts the day after the deadline, as a wall-clock time, then as an instant.
  const nextMidnight = midnightOf(Date.UTC(local.year, local.month - 1, local.day + days + 1), timeZone);
  return new Date(Date.parse(nextMidnight) - 1).toISOString();
}

/**
 * The calendar month an instant falls in, read in `timeZone`: what reports bucket an event by.
 *
 * @example
 * monthOf(new Date('2026-11-30T23:30:00Z'), 'Europe/Berlin'); // '2026-12'
 * monthOf(new Date('2026-11-30T23:30:00Z'), 'America/New_York'); // '2026-11'
 */
export function monthOf(at: Date, timeZone: string): string {
  const { year, month } = localDate(at, timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/**
 * The instants a calendar month of `timeZone` spans: from its first millisecond (inclusive) to the
 * first millisecond of the next month (exclusive), as ISO strings.
 *
 * @example
 * monthBounds('2026-11', 'Europe/Berlin'); // { from: '2026-10-31T23:00:00.000Z', to: '2026-11-30T23:00:00.000Z' }
 */
export function monthBounds(month: string, timeZone: string): { from: string; to: string } {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return { from: midnightOf(Date.UTC(year, monthNumber - 1, 1), timeZone), to: midnightOf(Date.UTC(year, monthNumber, 1), timeZone) };
}

/** The instant at which the wall clock of `timeZone` shows midnight of the day `wallClockMidnight` (a UTC date's midnight) names. */
function midnightOf(wallClockMidnight: number, timeZone: string): string {
  let instant = wallClockMidnight - offsetMinutes(wallClockMidnight, timeZone) * MS_PER_MINUTE;
  // Near a daylight-saving switch the offset at the guess and at the answer can differ.
  instant = wallClockMidnight - offsetMinutes(instant, timeZone) * MS_PER_MINUTE;
  return new Date(instant).toISOString();
}

function localDate(at: Date, timeZone: string): { year: number; month: number; day: number } {
  const parts = wallClock(at.getTime(), timeZone);
  return { year: parts.year, month: parts.month, day: parts.day };
}

/** How many minutes `timeZone` is ahead of UTC at the instant `at`. */
function offsetMinutes(at: number, timeZone: string): number {
  const p = wallClock(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(at / 1000) * 1000) / MS_PER_MINUTE);
}

function wallClock(at: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(at));
  const value = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
  return { year: value('year'), month: value('month'), day: value('day'), hour: value('hour'), minute: value('minute'), second: value('second') };
}
