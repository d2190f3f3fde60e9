import { z } from 'zod';
import { GradeSchema, PassportStateSchema } from './common';

/**
 * The event catalogue: every passport event published on the EventBridge bus, as
 * `source: kreislauf.passport`, `detail-type: <type>`, `detail: <this schema>`. Events carry ids
 * and facts, never personal data (no names, e-mail or postal addresses).
 */
export const EVENT_SOURCE = 'kreislauf.passport';

const base = {
  /** `{passportId}/{seq}`: unique per event, for consumers that deduplicate. */
  eventId: z.string(),
  passportId: z.string(),
  brand: z.string(),
  seq: z.number().int().positive(),
  at: z.iso.datetime(),
  state: PassportStateSchema,
};

export const TakeBackRequestedSchema = z.object({
  ...base,
  type: z.literal('TakeBackRequested'),
  data: z.object({ sku: z.string(), quoteId: z.string(), selfAssessedGrade: GradeSchema, payoutMethod: z.string() }),
});
export const LabelCreatedSchema = z.object({
  ...base,
  type: z.literal('LabelCreated'),
  data: z.object({ carrier: z.literal('DHL'), shipmentNo: z.string(), shipBy: z.iso.datetime() }),
});
export const LabelEmailSentSchema = z.object({
  ...base,
  type: z.literal('LabelEmailSent'),
  data: z.object({ messageId: z.string() }),
});
export const LabelFailedSchema = z.object({
  ...base,
  type: z.literal('LabelFailed'),
  data: z.object({ reason: z.string(), error: z.string() }),
});

export const PassportEventDetailSchema = z.discriminatedUnion('type', [
  TakeBackRequestedSchema,
  LabelCreatedSchema,
  LabelEmailSentSchema,
  LabelFailedSchema,
]);
export type PassportEventDetail = z.infer<typeof PassportEventDetailSchema>;
