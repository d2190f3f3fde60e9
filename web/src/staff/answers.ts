import { fields, list, money, number, optional, record, text, type Check } from '../ui/answer-checks';

// Whether a 2xx answer is the API's answer a staff page asked for, by the fields the page draws (`callApi`'s
// `isAnswer`). An answer of another shape (`{"ok": true}`, `null` from a proxy or a misrouted gateway) is then no answer,
// worded as a lost connection with "Erneut versuchen", instead of a blank page (a TypeError at `page.items.map`) or a
// page that stays on "Wird geladen …", as until 7 December 2026.


/** `GET /v1/passports?state=` and `?shipmentNo=`. */
export const isWorkQueue: Check = fields({ items: list(fields({ id: text, state: text })), nextCursor: optional(text) });

/** `GET /v1/listings`. */
export const isListingPage: Check = fields({ listings: list(fields({ passportId: text, channel: text, state: text, price: money })), nextCursor: optional(text) });

/** `GET /v1/repair-partners`. */
export const isRepairPartnerList: Check = fields({ partners: list(fields({ partnerId: text, name: text })) });

/** `GET /v1/payouts/exports`. */
export const isPayoutExportList: Check = fields({ exports: list(fields({ exportId: text, total: money })), held: list(record), awaiting: list(record), cursor: optional(text) });

/** `GET /v1/brand-config`. */
export const isBrandCatalog: Check = fields({ config: fields({ name: text, currency: text }), products: list(fields({ sku: text })), questions: list(fields({ id: text })) });

/** `GET /v1/brand-config/history`. */
export const isBrandConfigHistory: Check = fields({ versions: list(fields({ version: number })), cursor: optional(text) });

/** `GET /v1/passports/{id}` and the passport a change of it answers. */
export const isPassportDetail: Check = fields({ id: text, state: text, version: number, product: fields({ sku: text }), timeline: list(record), ledger: list(record), jobs: list(record) });

/** `GET /v1/webhook-subscriptions`. */
export const isWebhookSubscriptionList: Check = fields({ subscriptions: list(fields({ subscriptionId: text, url: text, eventTypes: list(text) })) });

/** `GET /v1/staff`. */
export const isStaffDirectory: Check = fields({ staff: list(fields({ subject: text })) });

/** `POST /v1/payouts/exports`. */
export const isPayoutExport: Check = fields({ exportId: text, total: money, held: list(record) });
