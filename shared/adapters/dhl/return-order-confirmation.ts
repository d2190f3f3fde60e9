import * as z from 'zod/mini';
import { CarrierUnavailableError, type ReturnLabel } from '../../ports/label-carrier';
import { schema } from '../../schemas/common';
import { isPdf } from './dhl-client';

// Marked pure, as the schemas in `shared/schemas/` are: a function that imports the take-back's
// composition without creating labels neither carries nor builds these.
const documentSchema = /* @__PURE__ */ schema(() => z.object({ b64: z.base64().check(z.minLength(1)) }));

/** DHL's 201 body for `labelType=BOTH`: both documents must be there. */
const confirmationSchema = /* @__PURE__ */ schema(() => z.object({
  shipmentNo: z.string().check(z.minLength(1), z.maxLength(50)),
  label: documentSchema,
  qrLabel: documentSchema,
  qrLink: z.optional(z.string()),
  routingCode: z.optional(z.string()),
}));

const PNG_SIGNATURE = /* @__PURE__ */ Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * The ReturnLabel in DHL's `ReturnOrderConfirmation`. A body of another shape, or documents that
 * are not a PDF and a PNG, mean DHL is not working as documented right now: worth retrying, not a
 * reason to crash.
 *
 * @throws CarrierUnavailableError when the body is not a usable confirmation.
 */
export function toReturnLabel(body: unknown): ReturnLabel {
  const parsed = confirmationSchema.safeParse(body);
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(body)').join(', ');
    throw new CarrierUnavailableError(`DHL answered 201 with a body that is not a ReturnOrderConfirmation (${where})`, 201);
  }
  const { shipmentNo, label, qrLabel, qrLink, routingCode } = parsed.data;
  const pdf = Buffer.from(label.b64, 'base64');
  const qrPng = Buffer.from(qrLabel.b64, 'base64');
  if (!isPdf(pdf)) throw new CarrierUnavailableError('DHL answered 201 with a label that is not a PDF', 201);
  if (!startsWith(qrPng, PNG_SIGNATURE)) throw new CarrierUnavailableError('DHL answered 201 with a QR label that is not a PNG', 201);
  return {
    shipmentNo,
    pdf: new Uint8Array(pdf),
    qrPng: new Uint8Array(qrPng),
    ...(qrLink === undefined ? {} : { qrLink }),
    ...(routingCode === undefined ? {} : { routingCode }),
  };
}

function startsWith(bytes: Buffer, prefix: Buffer): boolean {
  return bytes.subarray(0, prefix.length).equals(prefix);
}
