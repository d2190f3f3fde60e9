/** An expression EventBridge Scheduler and scheduled rules accept, parsed. */
export type ScheduleExpression =
  | { kind: 'at'; at: number }
  | { kind: 'rate'; periodMs: number }
  | { kind: 'cron'; cron: CronSchedule; timezone: string };

/** An expression that AWS would refuse; the message says why. */
export class InvalidScheduleExpressionError extends Error {
  override readonly name = 'InvalidScheduleExpressionError';
}

interface CronSchedule {
  minutes: number[];
  hours: number[];
  /** `undefined` when the field is `?`. */
  daysOfMonth: { days: Set<number>; last: boolean } | undefined;
  months: Set<number>;
  /** `undefined` when the field is `?`; weekdays 1 (Sunday) to 7 (Saturday). */
  daysOfWeek: { days: Set<number>; last: Set<number>; nth: { day: number; week: number }[] } | undefined;
  years: Set<number>;
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MINUTE_MS = 60_000;
const UNIT_MS = { minute: MINUTE_MS, hour: 60 * MINUTE_MS, day: 24 * 60 * MINUTE_MS } as const;
/** How far ahead a cron expression is searched: AWS's cron years end at 2199. */
const LAST_YEAR = 2199;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let known = formatters.get(timezone);
  if (!known) {
    try {
      known = new Intl.DateTimeFormat('en-US', {
        timeZone: timezone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new InvalidScheduleExpressionError(`Invalid time zone: ${timezone}`);
    }
    formatters.set(timezone, known);
  }
  return known;
}

function localTime(instant: number, timezone: string): LocalTime {
  const parts = Object.fromEntries(formatter(timezone).formatToParts(new Date(instant)).map((part) => [part.type, Number(part.value)]));
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
}

/** The instant of a wall-clock time in a time zone; a time skipped by a DST change lands just after the gap. */
function instantOf(time: LocalTime, timezone: string): number {
  const asUtc = Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
  const offsetAt = (instant: number): number => {
    const local = localTime(instant, timezone);
    return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second) - Math.floor(instant / 1000) * 1000;
  };
  const first = asUtc - offsetAt(asUtc);
  return asUtc - offsetAt(first);
}

function numberIn(token: string, names: string[], offset: number, min: number, max: number, field: string): number {
  const named = names.indexOf(token.toUpperCase());
  const value = named >= 0 ? named + offset : Number(token);
  if (!/^\d+$/.test(token) && named < 0) throw new InvalidScheduleExpressionError(`Invalid value ${token} in the ${field} field`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidScheduleExpressionError(`Value ${token} of the ${field} field is outside ${min}-${max}`);
  }
  return value;
}

/** Parses `*`, `5`, `1-5`, `*\/15`, `10-50/20` and lists of them into the set of values. */
function parseField(text: string, min: number, max: number, field: string, names: string[] = [], offset = 0): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : numberIn(stepText, [], 0, 1, max, field);
    let from = min;
    let to = max;
    if (range !== '*') {
      const [start = '', end] = range.split('-');
      from = numberIn(start, names, offset, min, max, field);
      to = end === undefined ? (stepText === undefined ? from : max) : numberIn(end, names, offset, min, max, field);
    }
    if (from > to) throw new InvalidScheduleExpressionError(`The range ${range} of the ${field} field is empty`);
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return values;
}

function parseCron(body: string): CronSchedule {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) throw new InvalidScheduleExpressionError('A cron expression has six fields: minutes hours day-of-month month day-of-week year');
  const [minutes, hours, daysOfMonth, months, daysOfWeek, years] = fields as [string, string, string, string, string, string];
  if ((daysOfMonth === '?') === (daysOfWeek === '?')) {
    throw new InvalidScheduleExpressionError('Exactly one of the day-of-month and day-of-week fields must be ?');
  }
  const sorted = (values: Set<number>): number[] => [...values].sort((a, b) => a - b);
  const schedule: CronSchedule = {
    minutes: sorted(parseField(minutes, 0, 59, 'minutes')),
    hours: sorted(parseField(hours, 0, 23, 'hours')),
    daysOfMonth: undefined,
    months: parseField(months, 1, 12, 'month', MONTHS, 1),
    daysOfWeek: undefined,
    years: parseField(years, 1970, LAST_YEAR, 'year'),
  };
  if (daysOfMonth !== '?') {
    if (/W/i.test(daysOfMonth)) throw new InvalidScheduleExpressionError('The local scheduler does not support W in the day-of-month field');
    const last = daysOfMonth.toUpperCase() === 'L';
    schedule.daysOfMonth = { days: last ? new Set() : parseField(daysOfMonth, 1, 31, 'day-of-month'), last };
  }
  if (daysOfWeek !== '?') {
    const parsed = { days: new Set<number>(), last: new Set<number>(), nth: [] as { day: number; week: number }[] };
    for (const part of daysOfWeek.split(',')) {
      const nth = /^(\w+)#([1-5])$/.exec(part);
      const last = /^(\w+)L$/i.exec(part);
      if (nth) parsed.nth.push({ day: numberIn(nth[1]!, WEEKDAYS, 1, 1, 7, 'day-of-week'), week: Number(nth[2]) });
      else if (part.toUpperCase() === 'L') parsed.last.add(7);
      else if (last) parsed.last.add(numberIn(last[1]!, WEEKDAYS, 1, 1, 7, 'day-of-week'));
      else for (const day of parseField(part, 1, 7, 'day-of-week', WEEKDAYS, 1)) parsed.days.add(day);
    }
    schedule.daysOfWeek = parsed;
  }
  return schedule;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function dayMatches(cron: CronSchedule, year: number, month: number, day: number): boolean {
  if (!cron.years.has(year) || !cron.months.has(month)) return false;
  const lastDay = daysInMonth(year, month);
  if (cron.daysOfMonth) return cron.daysOfMonth.last ? day === lastDay : cron.daysOfMonth.days.has(day);
  const weekdays = cron.daysOfWeek!;
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
  return (
    weekdays.days.has(weekday) ||
    (weekdays.last.has(weekday) && day + 7 > lastDay) ||
    weekdays.nth.some((nth) => nth.day === weekday && Math.ceil(day / 7) === nth.week)
  );
}

function nextCronOccurrence(cron: CronSchedule, timezone: string, after: number): number | undefined {
  const start = localTime(after + MINUTE_MS, timezone);
  const lastYear = Math.min(LAST_YEAR, Math.max(...cron.years));
  const date = new Date(Date.UTC(start.year, start.month - 1, start.day));
  for (let first = true; date.getUTCFullYear() <= lastYear; first = false, date.setUTCDate(date.getUTCDate() + 1)) {
    const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    if (!dayMatches(cron, year, month, day)) continue;
    for (const hour of cron.hours) {
      if (first && hour < start.hour) continue;
      for (const minute of cron.minutes) {
        if (first && hour === start.hour && minute < start.minute) continue;
        const instant = instantOf({ year, month, day, hour, minute, second: 0 }, timezone);
        if (instant > after) return instant;
      }
    }
  }
  return undefined;
}

/**
 * Parses `at(yyyy-mm-ddThh:mm:ss)`, `rate(n unit)` or `cron(min hour dom month dow year)`; `at`
 * and `cron` are read in `timezone` (an IANA name, default UTC).
 *
 * @throws InvalidScheduleExpressionError for an expression AWS would refuse.
 * @example
 * parseScheduleExpression('at(2025-03-01T09:00:00)', 'Europe/Berlin'); // { kind: 'at', at: 1740816000000 }
 */
export function parseScheduleExpression(expression: string, timezone = 'UTC'): ScheduleExpression {
  formatter(timezone);
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(expression);
  if (at) {
    const [year, month, day, hour, minute, second] = at.slice(1).map(Number) as [number, number, number, number, number, number];
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
      throw new InvalidScheduleExpressionError(`Invalid date in ${expression}`);
    }
    return { kind: 'at', at: instantOf({ year, month, day, hour, minute, second }, timezone) };
  }
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2]!;
    if (value < 1) throw new InvalidScheduleExpressionError(`The rate in ${expression} must be at least 1`);
    if ((value === 1) !== !unit.endsWith('s')) {
      throw new InvalidScheduleExpressionError(`${expression}: a value of 1 takes the singular unit, larger values the plural`);
    }
    return { kind: 'rate', periodMs: value * UNIT_MS[unit.replace(/s$/, '') as keyof typeof UNIT_MS] };
  }
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (cron) return { kind: 'cron', cron: parseCron(cron[1]!), timezone };
  throw new InvalidScheduleExpressionError(`Invalid Schedule Expression ${expression}.`);
}

/**
 * The first occurrence strictly after `after` (platform ms), or `undefined` when there is none.
 * A rate counts its periods from `anchor` (the schedule's start or creation).
 */
export function nextOccurrence(expression: ScheduleExpression, after: number, anchor: number): number | undefined {
  switch (expression.kind) {
    case 'at':
      return expression.at > after ? expression.at : undefined;
    case 'rate': {
      const periods = Math.max(1, Math.floor((after - anchor) / expression.periodMs) + 1);
      return anchor + periods * expression.periodMs;
    }
    case 'cron':
      return nextCronOccurrence(expression.cron, expression.timezone, after);
  }
}

/** The last occurrence after `after` and at or before `until`, or `undefined` when none falls in between. */
function lastOccurrenceUpTo(expression: ScheduleExpression, after: number, until: number, anchor: number): number | undefined {
  if (expression.kind === 'rate') {
    const next = nextOccurrence(expression, after, anchor);
    if (next === undefined || next > until) return undefined;
    return anchor + Math.floor((until - anchor) / expression.periodMs) * expression.periodMs;
  }
  let last: number | undefined;
  for (let next = nextOccurrence(expression, after, anchor); next !== undefined && next <= until; next = nextOccurrence(expression, next, anchor)) {
    last = next;
  }
  return last;
}

/**
 * The occurrence a schedule fires next, given the one it last fired for (or the time it started
 * counting from): the latest occurrence due by `until` when it missed one or more, else the next
 * one, else `undefined` when none is left before `end`.
 */
export function occurrenceToFire(
  expression: ScheduleExpression,
  options: { after: number; anchor: number; until: number; end?: number },
): number | undefined {
  const end = options.end ?? Infinity;
  const next = nextOccurrence(expression, options.after, options.anchor);
  if (next === undefined || next > end) return undefined;
  if (next > options.until) return next;
  return lastOccurrenceUpTo(expression, options.after, Math.min(options.until, end), options.anchor);
}
