import * as z from 'zod/mini';
import { REMINDER_KINDS } from '../domain/reminders';

/** What an EventBridge Scheduler one-time schedule hands the reminder function when it falls due. */
export const DueReminderSchema = z.object({
  kind: z.enum(REMINDER_KINDS),
  passportId: z.string().check(z.minLength(1)),
});
export type DueReminder = z.infer<typeof DueReminderSchema>;
