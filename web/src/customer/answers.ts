import type { CounterOfferAnswered } from '../../../shared/schemas/grading';
import type { TrackedPayout } from '../../../shared/schemas/payouts';
import type { PhotoUpload } from '../../../shared/schemas/staff';
import type { CatalogResponse, QuoteResponse, TakeBackCancellation, TakeBackCreated, TakeBackStatus } from '../../../shared/schemas/take-back';
import { fields, flag, list, money, number, optional, record, text } from '../ui/answer-checks';

// Whether a 2xx answer is the API's answer a customer page asked for, by the fields the page draws or needs (`callApi`'s
// `isAnswer`). Checked by hand, not with the contract's zod schemas: the customer bundle carries no zod, and these few
// checks are what keeps a JSON body of another shape (a proxy's, a captive portal's) from drawing a blank page (a
// TypeError at `catalog.products.find`) until 7 December 2026. The contract itself is the API's to keep.

const range = fields({ min: number, max: number, currency: text });

export const isCatalog = fields({
  brand: text,
  name: text,
  currency: text,
  locale: text,
  timeZone: text,
  takesItemsBack: flag,
  products: list(fields({ sku: text, name: text, category: text })),
  questions: list(fields({ id: text, category: text, text, options: list(fields({ id: text, label: text })) })),
  payoutMethods: list(text),
  countries: list(text),
  returnReasons: list(fields({ code: text, label: text })),
  theme: optional(fields({ primaryColor: text, logoUrl: optional(text) })),
  categoryNames: optional(record),
}) as (value: unknown) => value is CatalogResponse;

export const isQuote = fields({ quoteId: text, sku: text, grade: text, value: range, validUntil: text }) as (value: unknown) => value is QuoteResponse;

/** A proxy's or a captive portal's page is no answer to the take-back: the request stays held. */
export const isTakeBackCreated = fields({ id: text, trackingToken: text }) as (value: unknown) => value is TakeBackCreated;

export const isCancellation = fields({ id: text, status: (value) => value === 'CANCELLED' }) as (value: unknown) => value is TakeBackCancellation;

export const isTakeBackStatus = fields({
  id: text,
  brand: text,
  timeZone: text,
  status: text,
  cancellable: flag,
  product: fields({ name: text }),
  timeline: list(fields({ type: text, at: text })),
  offer: fields({ value: range }),
  label: optional(fields({ pdfUrl: text, shipBy: text })),
  attention: optional(record),
  rejection: optional(fields({ reason: text })),
  returnShipment: optional(fields({ shipmentNo: text, trackingUrl: text, sentAt: text })),
  grading: optional(fields({ counterOffer: optional(fields({ value: money, offered: money, answer: text })) })),
  payout: optional(fields({ method: text, status: text, amount: money })),
  impact: (value) => value === null || fields({ avoidedKgCo2e: (kg) => kg === null || number(kg), factor: record })(value),
}) as (value: unknown) => value is TakeBackStatus;

export const isCounterOfferAnswered = fields({ id: text, accepted: flag }) as (value: unknown) => value is CounterOfferAnswered;

export const isTrackedPayout = fields({ method: text, status: text, amount: money }) as (value: unknown) => value is TrackedPayout;

export const isPhotoUpload = fields({ photoId: text, uploadUrl: text }) as (value: unknown) => value is PhotoUpload;
