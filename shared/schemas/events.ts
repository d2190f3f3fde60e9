import * as z from 'zod/mini';
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
  seq: z.int().check(z.positive()),
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

const MoneyAmount = z.object({ amount: z.int(), currency: z.string() });
const event = <T extends string, D extends z.ZodMiniType>(type: T, data: D) => z.object({ ...base, type: z.literal(type), data });

export const LabelReminderSentSchema = event('LabelReminderSent', z.object({ shipBy: z.iso.datetime() }));
export const TakeBackExpiredSchema = event('TakeBackExpired', z.object({ shipBy: z.iso.datetime() }));

/** The parcel was scanned at the brand's warehouse. */
export const ParcelReceivedSchema = event('ParcelReceived', z.object({ location: z.optional(z.string()), by: z.string() }));
/**
 * The item was graded: the route decided by the brand's rules and the settlement of the payout.
 * `state` is GRADED when the value was accepted, COUNTER_OFFERED when the customer must answer.
 */
export const GradedSchema = event(
  'Graded',
  z.object({
    grade: GradeSchema,
    route: z.enum(['RESELL', 'REPAIR', 'RECYCLE']),
    settlement: z.object({ outcome: z.enum(['ACCEPTED', 'COUNTER_OFFER']), payout: MoneyAmount, offered: z.optional(MoneyAmount) }),
    by: z.string(),
  }),
);
/** The customer answered a counter-offer: GRADED (accepted) or RETURN_TO_CUSTOMER (declined). */
export const CounterOfferAnsweredSchema = event('CounterOfferAnswered', z.object({ accepted: z.boolean(), payout: MoneyAmount }));
export const RouteOverriddenSchema = event(
  'RouteOverridden',
  z.object({ from: z.enum(['RESELL', 'REPAIR', 'RECYCLE']), route: z.enum(['RESELL', 'REPAIR', 'RECYCLE']), reason: z.string(), by: z.string() }),
);
export const RoutedToRecyclingSchema = event('RoutedToRecycling', z.object({ reason: z.string() }));
export const RepairAssignedSchema = event('RepairAssigned', z.object({ jobId: z.string(), partnerId: z.string(), expectedCost: MoneyAmount }));
export const RepairUpdatedSchema = event('RepairUpdated', z.object({ jobId: z.string(), status: z.enum(['ACCEPTED', 'IN_PROGRESS']) }));
export const RepairedSchema = event('Repaired', z.object({ jobId: z.string(), partnerId: z.string(), laborMinutes: z.optional(z.number()), cost: z.optional(MoneyAmount) }));
export const UnrepairableSchema = event('Unrepairable', z.object({ jobId: z.string(), partnerId: z.string(), notes: z.optional(z.string()) }));
export const NeedsAttentionSchema = event('NeedsAttention', z.object({ reason: z.string() }));

/** A voucher was issued. The code is a bearer secret and never travels in events. */
export const VoucherIssuedSchema = event('VoucherIssued', z.object({ voucherId: z.string(), value: MoneyAmount, expiresAt: z.iso.datetime() }));
export const VoucherExpiryReminderSentSchema = event('VoucherExpiryReminderSent', z.object({ voucherId: z.string(), expiresAt: z.iso.datetime() }));
export const BankPayoutQueuedSchema = event('BankPayoutQueued', z.object({ payoutId: z.string(), amount: MoneyAmount }));
export const BankPayoutExportedSchema = event('BankPayoutExported', z.object({ payoutId: z.string(), exportId: z.string() }));
/** A customer e-mail went out for an event (at most one per template and event). */
export const CustomerEmailSentSchema = event('CustomerEmailSent', z.object({ template: z.string(), messageId: z.string(), forEventId: z.string() }));

export const PassportEventDetailSchema = z.discriminatedUnion('type', [
  TakeBackRequestedSchema,
  LabelCreatedSchema,
  LabelEmailSentSchema,
  LabelFailedSchema,
  LabelReminderSentSchema,
  TakeBackExpiredSchema,
  ParcelReceivedSchema,
  GradedSchema,
  CounterOfferAnsweredSchema,
  RouteOverriddenSchema,
  RoutedToRecyclingSchema,
  RepairAssignedSchema,
  RepairUpdatedSchema,
  RepairedSchema,
  UnrepairableSchema,
  NeedsAttentionSchema,
  VoucherIssuedSchema,
  VoucherExpiryReminderSentSchema,
  BankPayoutQueuedSchema,
  BankPayoutExportedSchema,
  CustomerEmailSentSchema,
]);
export type PassportEventDetail = z.infer<typeof PassportEventDetailSchema>;
