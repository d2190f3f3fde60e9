import { z } from 'zod';
import { required, text } from './order-fields';
import type { DhlSandboxReceiver } from './receivers';

/*
 * The constraints of DHL's `ReturnOrder` as its OpenAPI document (Parcel DE Returns API 1.0.9)
 * states them. The sandbox keeps its own copy rather than sharing the adapter's types: it stands
 * for DHL, so an adapter mistake must show up here as DHL would show it.
 */

/** DHL's `PostalCode`: "relaxed UPU version". */
const postalCode = text(3, 10).regex(/^[0-9A-Za-z]+([ -]?[0-9A-Za-z]+)*$/, 'is not a postal code');
const email = text(3, 70).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'is not an e-mail address');

/** `maximum: 31500` is grams however the weight is given: DHL parcels weigh at most 31.5 kg. */
const weight = z
  .object(
    {
      uom: z.enum(['g', 'kg'], { error: required('g or kg') }),
      value: z.number({ error: required('a number') }).min(0.001, 'must be at least 0.001'),
    },
    { error: required('an object') },
  )
  .refine((w) => (w.uom === 'kg' ? w.value * 1000 : w.value) <= 31_500, { message: 'must be at most 31.5 kg', path: ['value'] });

const isCents = (value: number) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;

const value = z.strictObject(
  {
    currency: z.enum(['EUR', 'GBP', 'CHF'], { error: required('EUR, GBP or CHF') }).optional(),
    value: z
      .number({ error: required('a number') })
      .min(0, 'must not be negative')
      .max(100_000, 'must be at most 100000')
      .refine(isCents, 'must have at most two decimals')
      .optional(),
  },
  { error: required('an object') },
);

const contactAddress = z.object(
  {
    name1: text(1, 50),
    name2: text(0, 50).optional(),
    name3: text(0, 50).optional(),
    addressStreet: text(1, 50),
    addressHouse: text(1, 10),
    postalCode,
    city: text(1, 40),
    email: email.optional(),
    phone: text(1, 20).optional(),
    state: text(0, 20).optional(),
    country: text(3, 3).optional(),
  },
  { error: required('an object') },
);

const commodity = z.object({
  itemDescription: text(1, 50),
  packagedQuantity: z.number({ error: required('an integer') }).int('must be an integer').min(1, 'must be at least 1'),
  countryOfOrigin: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 3166-1 alpha-3 code').optional(),
  hsCode: text(6, 11).optional(),
  itemWeight: weight,
  itemValue: value,
});

const returnOrderSchema = z.object(
  {
    receiverId: text(1, 50),
    customerReference: text(0, 50).optional(),
    shipmentReference: text(0, 50).optional(),
    creationSoftware: text(0, 35).optional(),
    shipper: contactAddress,
    itemWeight: weight.optional(),
    itemValue: value.optional(),
    customsDetails: z
      .object({ items: z.array(commodity, { error: required('an array') }).min(1, 'must not be empty').max(20, 'must have at most 20 items') })
      .optional(),
    services: z.object({ goGreenPlus: z.boolean().optional() }).optional(),
  },
  { error: required('a ReturnOrder object') },
);

/** A ReturnOrder the sandbox accepted. */
export type ReturnOrder = z.infer<typeof returnOrderSchema>;

/** Why a ReturnOrder was refused: the first offending field, as DHL reports one problem at a time. */
export interface ReturnOrderViolation {
  /** E.g. `shipper.postalCode`, `customsDetails.items[0].hsCode`; empty for the body as a whole. */
  field: string;
  message: string;
}

/** Postal code formats DHL checks strictly, by shipper country. */
const POSTAL_CODE_FORMATS: Readonly<Record<string, { pattern: RegExp; example: string }>> = {
  deu: { pattern: /^\d{5}$/, example: '99999' },
  aut: { pattern: /^\d{4}$/, example: '9999' },
  che: { pattern: /^\d{4}$/, example: '9999' },
  nld: { pattern: /^\d{4} ?[A-Za-z]{2}$/, example: '9999 AA' },
};

/** Shipper countries outside the EU, whose returns need a customs declaration (CN23). */
const CUSTOMS_COUNTRIES = new Set(['che', 'gbr', 'nor']);

/**
 * Checks a request body against DHL's ReturnOrder and the receivers the user has configured.
 *
 * @returns the accepted order and its receiver, or the first violation.
 */
export function validateReturnOrder(
  body: unknown,
  receivers: Readonly<Record<string, DhlSandboxReceiver>>,
): { order: ReturnOrder; receiver: DhlSandboxReceiver } | { violation: ReturnOrderViolation } {
  const parsed = returnOrderSchema.safeParse(body);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    return { violation: { field: fieldPath(issue?.path ?? []), message: issue?.message ?? 'is invalid' } };
  }
  const order = parsed.data;
  const receiver = Object.hasOwn(receivers, order.receiverId) ? receivers[order.receiverId] : undefined;
  if (receiver === undefined) {
    return { violation: { field: 'receiverId', message: 'no receiver with this ID is configured' } };
  }
  const shipperCountry = receiver.shipperCountry ?? 'deu';
  if (order.shipper.country !== undefined && order.shipper.country.toLowerCase() !== shipperCountry) {
    return { violation: { field: 'shipper.country', message: `this receiver takes returns from ${shipperCountry} only` } };
  }
  const format = POSTAL_CODE_FORMATS[shipperCountry];
  if (format && !format.pattern.test(order.shipper.postalCode)) {
    return {
      violation: { field: 'shipper.postalCode', message: `Postal code is invalid. Please use ${format.example} format.` },
    };
  }
  // DHL routes by postcode and refuses one no town has, though its form is right: German postcodes begin at 01001.
  if (shipperCountry === 'deu' && Number(order.shipper.postalCode) < 1001) {
    return { violation: { field: 'shipper.postalCode', message: 'Postal code does not exist.' } };
  }
  if (CUSTOMS_COUNTRIES.has(shipperCountry) && order.customsDetails === undefined) {
    return { violation: { field: 'customsDetails', message: 'is required for returns from outside the EU' } };
  }
  return { order, receiver };
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (joined, key) => (typeof key === 'number' ? `${joined}[${key}]` : joined ? `${joined}.${String(key)}` : String(key)),
    '',
  );
}
