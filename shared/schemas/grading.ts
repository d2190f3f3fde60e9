import * as z from 'zod/mini';
import { MoneySchema, PassportStateSchema, schema, UlidSchema } from './common';

// The customer's side of grading: answering a counter-offer on the tracking link.

/** `POST /v1/take-backs/{id}/counter-offer?token=` */
export const CounterOfferAnswerSchema = /* @__PURE__ */ schema(() => z.strictObject({ accept: z.boolean() }));
export type CounterOfferAnswer = z.infer<typeof CounterOfferAnswerSchema>;

export const CounterOfferAnsweredSchema = /* @__PURE__ */ schema(() => z.object({
  id: UlidSchema,
  status: PassportStateSchema,
  accepted: z.boolean(),
  /** What the customer is paid when they accepted, and was offered when they declined. */
  payout: MoneySchema,
}));
export type CounterOfferAnswered = z.infer<typeof CounterOfferAnsweredSchema>;
