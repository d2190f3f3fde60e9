import type { DueReminder } from '../schemas/reminders';

/** One-time schedules that hand a reminder to the reminder function when it falls due (EventBridge Scheduler). */
export interface ReminderScheduler {
  /**
   * Schedules the reminder under a name unique to it; scheduling a name that exists is a no-op,
   * so duplicate events schedule nothing twice.
   */
  scheduleOnce(name: string, at: string, reminder: DueReminder): Promise<void>;
}
