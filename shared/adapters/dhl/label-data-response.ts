import * as z from 'zod/mini';
import { CarrierAuthError, CarrierRejectedError, CarrierUnavailableError } from '../../ports/label-carrier';
import type { ParcelLabel } from '../../ports/parcel-carrier';
import { schema } from '../../schemas/common';
import { retryAfterSeconds } from './carrier-error';
import { isPdf, isRefusal } from './dhl-client';
import { requestFieldOf } from './shipment-order';

// Marked pure, as the schemas in `shared/schemas/` are: a function that imports a composition with a
// parcel carrier without shipping parcels neither carries nor builds these.

/** DHL's 200 body for one shipment ordered with `includeDocs=include`: one item, with the label in it. */
const createdSchema = /* @__PURE__ */ schema(() => z.object({
  items: z.tuple([z.object({
    shipmentNo: z.string().check(z.minLength(1), z.maxLength(50)),
    label: z.object({ b64: z.base64().check(z.minLength(1)) }),
  })]),
}));

/** What a refusal may say. Every part is optional: a body of another shape only costs the error its detail. */
const requestStatusSchema = /* @__PURE__ */ schema(() => z.object({ title: z.optional(z.string()), detail: z.optional(z.string()) }));
const refusalSchema = /* @__PURE__ */ schema(() => z.object({
  // The shipping API nests its RequestStatus in `status`; DHL's API gateway (API key, rate limit) answers a flat problem document.
  status: z.optional(z.union([requestStatusSchema, z.number()])),
  title: z.optional(z.string()),
  detail: z.optional(z.string()),
  items: z.optional(z.array(z.object({
    validationMessages: z.optional(z.array(z.object({
      property: z.optional(z.string()),
      validationMessage: z.optional(z.string()),
      validationState: z.optional(z.string()),
    }))),
  }))),
}));

const MAX_DETAIL_LENGTH = 300;

/**
 * The ParcelLabel in DHL's 200 `LabelDataResponse`. A body of another shape, or a label that is not
 * a PDF, mean DHL is not working as documented right now: worth retrying, not a reason to crash.
 *
 * @throws CarrierUnavailableError when the body is not a usable LabelDataResponse.
 */
export function toParcelLabel(body: unknown): ParcelLabel {
  const parsed = createdSchema.safeParse(body);
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(body)').join(', ');
    throw new CarrierUnavailableError(`DHL answered 200 with a body that is not a LabelDataResponse with one label (${where})`, 200);
  }
  const [{ shipmentNo, label }] = parsed.data.items;
  const pdf = Buffer.from(label.b64, 'base64');
  if (!isPdf(pdf)) {
    throw new CarrierUnavailableError('DHL answered 200 with a label that is not a PDF', 200);
  }
  return { shipmentNo, pdf: new Uint8Array(pdf) };
}

/**
 * The carrier error for a shipping API answer that is not a 200: 400/422 and other refusals of the
 * request become CarrierRejectedError, naming the fields of our request where DHL's validation
 * messages name DHL's; 401/403 CarrierAuthError; 429, 5xx and anything unexpected
 * CarrierUnavailableError, with the Retry-After delay where DHL gave one.
 *
 * @param now - the current time in epoch milliseconds, to turn an HTTP-date Retry-After into seconds.
 * @example
 * parcelCarrierErrorFor(400, '{"items":[{"validationMessages":[{"property":"consignee.name1","validationMessage":"too long","validationState":"Error"}]}]}', null, Date.now());
 * // CarrierRejectedError, fields ['consignee.name']
 */
export function parcelCarrierErrorFor(status: number, body: string, retryAfter: string | null, now: number): Error {
  const refusal = refusalOf(body);
  const requestStatus = typeof refusal.status === 'object' ? refusal.status : refusal;
  const errors = (refusal.items ?? [])
    .flatMap((item) => item.validationMessages ?? [])
    .filter((message) => (message.validationState ?? 'Error') === 'Error');
  const named = errors.map(({ property, validationMessage }) => {
    const field = property === undefined ? undefined : requestFieldOf(property);
    return { field, line: [field ?? property, validationMessage].filter(nonEmpty).join(': ') };
  });
  const summary = [requestStatus.title, requestStatus.detail].filter(nonEmpty).join(' - ');
  const explanation = [summary, ...named.map(({ line }) => line)].filter(nonEmpty).join('; ').slice(0, MAX_DETAIL_LENGTH);
  const message = `DHL answered ${status}${explanation ? `: ${explanation}` : ''}`;

  if (status === 401 || status === 403) return new CarrierAuthError(message, status);
  if (isRefusal(status)) {
    const fields = named.map(({ field }) => field).filter(nonEmpty);
    return new CarrierRejectedError(message, status, [...new Set(fields)]);
  }
  return new CarrierUnavailableError(message, status, retryAfterSeconds(retryAfter, now));
}

/** The parts of a refusal's body that say why; nothing for a body that is not JSON or of another shape. */
function refusalOf(body: string): z.infer<typeof refusalSchema> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return {};
  }
  const parsed = refusalSchema.safeParse(json);
  return parsed.success ? parsed.data : {};
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}
