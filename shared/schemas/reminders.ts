import * as z from 'zod/mini';
import { REMINDER_KINDS } from '../domain/reminders';
import { schema } from './common';

/** What an EventBridge Scheduler one-time schedule hands the reminder function when it falls due. */
export const DueReminderSchema = /* @__PURE__ */ schema(() => z.object({
  kind: z.enum(REMINDER_KINDS),
  passportId: z.string().check(z.minLength(1)),
}));
export type DueReminder = z.infer<typeof DueReminderSchema>;
