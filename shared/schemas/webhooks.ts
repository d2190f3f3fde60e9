import * as z from 'zod/mini';
import { PASSPORT_EVENT_TYPES } from '../domain/passport';
import type { DeadLetter, WebhookSubscription } from '../ports/webhook-store';
import { type Assert, BrandSlugSchema, isoDateTime, type Same, schema, UlidSchema } from './common';
import { PassportEventDetailSchema } from './events';

// Brand integrations: the subscriptions of a brand's endpoints to passport events, and the
// messages delivered to them (Standard Webhooks).

/** The passport event types a subscription gets, as a request names them: at least one, each once. */
const SubscribedEventTypesSchema = /* @__PURE__ */ schema(() =>
  z
    .array(z.enum(PASSPORT_EVENT_TYPES))
    .check(
      z.minLength(1),
      z.refine((types) => new Set(types).size === types.length, 'must not name an event type twice'),
    ),
);

export const CreateWebhookSubscriptionRequestSchema = /* @__PURE__ */ schema(() => z.strictObject({
  /** An https:// endpoint of the brand. */
  url: z.string().check(z.minLength(1), z.maxLength(2_048)),
  eventTypes: SubscribedEventTypesSchema,
}));
export type CreateWebhookSubscriptionRequest = z.infer<typeof CreateWebhookSubscriptionRequestSchema>;

/**
 * A change of a subscription's event types, which replace those it has. Its endpoint is not changed here: another
 * endpoint is another subscription, with a secret of its own.
 */
export const ChangeWebhookSubscriptionRequestSchema = /* @__PURE__ */ schema(() => z.strictObject({ eventTypes: SubscribedEventTypesSchema }));
export type ChangeWebhookSubscriptionRequest = z.infer<typeof ChangeWebhookSubscriptionRequestSchema>;

export const WebhookSubscriptionPathSchema = /* @__PURE__ */ schema(() => z.object({ subscriptionId: UlidSchema }));

export const WebhookSubscriptionSchema = /* @__PURE__ */ schema(() => z.object({
  subscriptionId: UlidSchema,
  url: z.string(),
  eventTypes: z.array(z.enum(PASSPORT_EVENT_TYPES)),
  createdAt: isoDateTime(),
}));
export type WebhookSubscriptionView = z.infer<typeof WebhookSubscriptionSchema>;

/**
 * A subscription as the table keeps it (without its keys): read back with this schema, never cast, since a
 * subscription is part of the brand's configuration (where its events go and what signs them).
 */
export const StoredWebhookSubscriptionSchema = /* @__PURE__ */ schema(() => z.object({
  subscriptionId: UlidSchema,
  brand: BrandSlugSchema,
  url: z.string().check(z.minLength(1)),
  eventTypes: z.array(z.enum(PASSPORT_EVENT_TYPES)),
  secretSealed: z.string().check(z.minLength(1)),
  previousSecretSealed: z.optional(z.string().check(z.minLength(1))),
  previousSecretExpiresAt: z.optional(isoDateTime()),
  createdAt: isoDateTime(),
}));

/** The version of a brand's subscriptions, which each addition raises (`webhookVersionKey`). */
export const StoredWebhookVersionSchema = /* @__PURE__ */ schema(() => z.object({ version: z.int().check(z.positive()) }));

/** Fails to compile when the stored schema and the port's `WebhookSubscription` disagree. */
export type StoredWebhookSubscriptionAgrees = Assert<Same<z.infer<typeof StoredWebhookSubscriptionSchema>, WebhookSubscription>>;

/** The signing secret (`whsec_...`) is shown once, in this response. */
export const WebhookSubscriptionCreatedSchema = /* @__PURE__ */ schema(() => z.extend(WebhookSubscriptionSchema, { secret: z.string() }));
export type WebhookSubscriptionCreated = z.infer<typeof WebhookSubscriptionCreatedSchema>;

/** A new signing secret (`whsec_...`), shown once, in this response; the one before it also signs until `previousSecretExpiresAt`. */
export const WebhookSecretRotatedSchema = /* @__PURE__ */ schema(() => z.object({
  subscriptionId: UlidSchema,
  secret: z.string(),
  previousSecretExpiresAt: isoDateTime(),
}));
export type WebhookSecretRotated = z.infer<typeof WebhookSecretRotatedSchema>;

export const WebhookSubscriptionListSchema = /* @__PURE__ */ schema(() => z.object({ subscriptions: z.array(WebhookSubscriptionSchema) }));

/** The body of every delivery: the passport event as it is on our bus. */
export const WebhookPayloadSchema = /* @__PURE__ */ schema(() => z.object({
  type: z.enum(PASSPORT_EVENT_TYPES),
  timestamp: isoDateTime(),
  data: PassportEventDetailSchema,
}));
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;

/** One delivery on the delivery queue: which subscription, under which webhook id, with which body. */
export const WebhookDeliverySchema = /* @__PURE__ */ schema(() => z.object({
  brand: z.string(),
  subscriptionId: UlidSchema,
  /** The Standard Webhooks `webhook-id`: the same on every retry and replay. */
  webhookId: z.string(),
  body: z.string(),
}));
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

/**
 * A dead-lettered delivery as the table keeps it (without its keys): read back with this schema, never cast, since a
 * replay sends its body to the subscription it names.
 */
export const StoredWebhookDeadLetterSchema = /* @__PURE__ */ schema(() => z.object({
  deadLetterId: z.string().check(z.minLength(1)),
  delivery: WebhookDeliverySchema,
  failedAt: isoDateTime(),
}));

/** Fails to compile when the stored schema and the port's `DeadLetter` disagree. */
export type StoredWebhookDeadLetterAgrees = Assert<Same<z.infer<typeof StoredWebhookDeadLetterSchema>, DeadLetter>>;

export const DeadLetterReplaySchema = /* @__PURE__ */ schema(() => z.object({
  replayed: z.int().check(z.nonnegative()),
  /** Dead letters kept in the brand's records that do not read as one of its deliveries: left as they are, and logged for an operator. */
  unreadable: z.int().check(z.nonnegative()),
}));
export type DeadLetterReplay = z.infer<typeof DeadLetterReplaySchema>;
