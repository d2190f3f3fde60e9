import type { PassportEventType } from '../domain/passport';

/** An event that does not change the passport's state, e.g. a reminder sent. */
export interface LoggedEvent {
  type: PassportEventType;
  data: Record<string, unknown>;
}

/**
 * Events that must be on a passport's timeline at most once whatever retries and duplicate
 * deliveries happen, each under a key of its own.
 */
export interface PassportEventLog {
  /**
   * Appends the event unless one was appended under the same key before.
   * @returns `true` when it was appended now, `false` when it had been before.
   * @throws NotFoundError when there is no such passport.
   */
  appendOnce(passportId: string, onceKey: string, at: string, event: LoggedEvent): Promise<boolean>;
}
