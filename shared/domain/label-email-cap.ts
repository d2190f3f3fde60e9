import { DEFAULT_TIME_ZONE, endOfDayAfter } from './calendar';

/**
 * How many take-backs, and so label e-mails, one e-mail address may be sent per brand and calendar
 * day. Anyone can request a take-back for any address; without a cap, a stranger could make a
 * brand mail someone labels (and pay DHL for them) as fast as the API answers. Five covers a
 * household that sends back several items in one afternoon.
 */
export const DEFAULT_LABEL_EMAILS_PER_ADDRESS_PER_DAY = 5;

/** The brand's day a take-back counts towards, and when the next one starts. */
export interface LabelEmailDay {
  /** Names the brand's calendar day: the last millisecond of it, as an ISO instant. */
  day: string;
  /** Midnight in the brand's time zone that starts the next day. */
  resetsAt: Date;
  /** The brand's cap. */
  limit: number;
}

/**
 * The calendar day of the brand in which `now` falls, with the brand's cap.
 *
 * @example
 * labelEmailDay(new Date('2025-03-15T09:30:00Z'), { timeZone: 'Europe/Berlin' });
 * // { day: '2025-03-15T22:59:59.999Z', resetsAt: 2025-03-15T23:00:00.000Z, limit: 5 }
 */
export function labelEmailDay(now: Date, config: { timeZone?: string; labelEmailsPerAddressPerDay?: number }): LabelEmailDay {
  const day = endOfDayAfter(now, 0, config.timeZone ?? DEFAULT_TIME_ZONE);
  return {
    day,
    resetsAt: new Date(Date.parse(day) + 1),
    limit: config.labelEmailsPerAddressPerDay ?? DEFAULT_LABEL_EMAILS_PER_ADDRESS_PER_DAY,
  };
}

/** Whole seconds from `now` until the cap's day is over, at least one. */
export function secondsUntil(resetsAt: Date, now: Date): number {
  return Math.max(1, Math.ceil((resetsAt.getTime() - now.getTime()) / 1000));
}
