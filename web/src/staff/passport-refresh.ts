import { PASSPORT_STATES, type PassportState } from '../../../shared/domain/lifecycle';
import { ROUTES, type Route } from '../../../shared/domain/routing';
import type { Problem } from '../../../shared/schemas/common';
import type { PassportDetail } from '../../../shared/schemas/staff';
import type { Messages } from '../locales';

/** How often a passport the workflows are about to move on is read again while its page is visible. */
export const REFRESH_EVERY_MS = 3_000;
/**
 * How many such reads at most after the page last showed a change: the workflows move a graded item on within seconds
 * (a listing, a repair job, the recycling queue); one still not moved after two minutes waits for something slower (a
 * channel's retry, a person), and the page stops asking rather than read it every 3 s for as long as it stays open.
 */
export const REFRESH_AT_MOST = 40;

/**
 * Whether the workflows move the passport on within seconds without anyone acting on its page: a graded item with its
 * route (listed, sent to a repair partner or to recycling) and a repaired one (listed). A passport that waits for a
 * person or a parcel (received, counter-offered, needing attention, listed until sold) is not read again.
 */
export function movesOnSoon(passport: Pick<PassportDetail, 'state' | 'route'>): boolean {
  return (passport.state === 'GRADED' && passport.route !== undefined) || passport.state === 'REPAIRED';
}

export const PASSPORT_CONFLICT_WORDS: Messages<{
  moved: (state: string) => string;
  movedWithRoute: (state: string, route: string) => string;
  changed: string;
  /** A payout started again that was made meanwhile (a voucher issued, a transfer queued or exported). */
  payoutMade: string;
  shownNow: string;
}> = {
  de: {
    moved: (state) => `Nicht gespeichert: Der Artikel ist inzwischen „${state}“.`,
    movedWithRoute: (state, route) => `Nicht gespeichert: Der Artikel ist inzwischen „${state}“, sein Weg ist jetzt „${route}“.`,
    changed: 'Nicht gespeichert: Der Artikel wurde inzwischen geändert.',
    payoutMade: 'Nicht gestartet: Die Auszahlung wurde inzwischen gemacht oder für die Überweisung vorgemerkt. Die Seite zeigt jetzt den aktuellen Stand des Artikels.',
    shownNow: 'Die Seite zeigt jetzt seinen aktuellen Stand; entscheiden Sie danach, ob noch etwas zu tun ist.',
  },
  en: {
    moved: (state) => `Not saved: the item is “${state}” meanwhile.`,
    movedWithRoute: (state, route) => `Not saved: the item is “${state}” meanwhile, and its route is now “${route}”.`,
    changed: 'Not saved: the item was changed meanwhile.',
    payoutMade: 'Not started: the payout has been made or queued for the bank transfer meanwhile. The page now shows where the item stands.',
    shownNow: 'The page now shows where it stands; decide from there whether anything is left to do.',
  },
};

/** The passport's state a 409 names (`currentState`), if it is one the console knows. */
export function passportStateOf(problem: Problem & { currentState?: unknown }): PassportState | undefined {
  return (PASSPORT_STATES as readonly unknown[]).includes(problem.currentState) ? (problem.currentState as PassportState) : undefined;
}

/**
 * The console's own sentence for a 409 of an action on a passport's page (the item moved on, or a colleague changed
 * it, while the page was open), from the problem's `currentState` and `currentRoute` in the staff's words; the API's
 * English detail ("Passport 01M… is LISTED; only a graded item …") is not shown.
 */
export function passportConflictText(
  problem: Problem & { currentState?: unknown; currentRoute?: unknown; payoutStatus?: unknown },
  words: (typeof PASSPORT_CONFLICT_WORDS)['de'],
  labels: { states: Record<PassportState, string>; routes: Record<Route, string> },
): string {
  // A payout started again that another admin's start made (or queued for the bank file) meanwhile: its 409 names the
  // payout's status, not the passport's state.
  if (typeof problem.payoutStatus === 'string') return words.payoutMade;
  const state = passportStateOf(problem);
  const route = (ROUTES as readonly unknown[]).includes(problem.currentRoute) ? (problem.currentRoute as Route) : undefined;
  const said = !state ? words.changed : route ? words.movedWithRoute(labels.states[state], labels.routes[route]) : words.moved(labels.states[state]);
  return `${said} ${words.shownNow}`;
}
