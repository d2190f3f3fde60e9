import { z } from 'zod';
import { required, text } from './order-fields';
import type { DhlSandboxShipper } from './shipper-refs';

/*
 * The constraints of DHL's `ShipmentOrderRequest` as its OpenAPI document (Parcel DE Shipping API
 * 2.1) states them, for the two products the sandbox ships and a shipper given by reference (the
 * sandbox takes no shipper address). The sandbox keeps its own copy rather than sharing the
 * adapter's types: it stands for DHL, so an adapter mistake must show up here as DHL would show it.
 */

/** The group profile every DHL business customer account has. */
export const STANDARD_PROFILE = 'STANDARD_GRUPPENPROFIL';

/** The products the sandbox ships: DHL Paket (within Germany) and DHL Paket International. */
const PRODUCTS = ['V01PAK', 'V53WPAK'] as const;
/** The procedure (digits 11–12 of a billing number) each product is booked under. */
const PROCEDURES: Readonly<Record<(typeof PRODUCTS)[number], string>> = { V01PAK: '01', V53WPAK: '53' };

/** DHL parcels weigh at most 31.5 kg. */
const MAX_WEIGHT_GRAMS = 31_500;

/** DHL's `PostalCode`: "relaxed UPU version". */
const postalCode = text(3, 10).regex(/^[0-9A-Za-z]+([ -]?[0-9A-Za-z]+)*$/, 'is not a postal code');
const email = text(3, 80).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'is not an e-mail address');

const consignee = z.object(
  {
    name1: text(1, 50),
    name2: text(0, 50).optional(),
    name3: text(0, 50).optional(),
    addressStreet: text(1, 50),
    addressHouse: text(1, 10).optional(),
    // Optional for the few countries without postal codes; required for Germany below.
    postalCode: postalCode.optional(),
    city: text(1, 40),
    state: text(0, 20).optional(),
    country: z.string({ error: required('a string') }).regex(/^[A-Z]{3}$/, 'must be an ISO 3166-1 alpha-3 code in upper case'),
    email: email.optional(),
    phone: text(1, 20).optional(),
  },
  { error: required('an object') },
);

const weight = z
  .object(
    {
      uom: z.enum(['g', 'kg'], { error: required('g or kg') }),
      value: z.number({ error: required('a number') }),
    },
    { error: required('an object') },
  )
  .refine(
    (w) => {
      const grams = w.uom === 'kg' ? w.value * 1000 : w.value;
      return grams >= 1 && grams <= MAX_WEIGHT_GRAMS;
    },
    { message: 'must be from 1 g to 31.5 kg', path: ['value'] },
  );

const shipmentSchema = z.object(
  {
    product: z.enum(PRODUCTS, { error: required('V01PAK or V53WPAK (the products the sandbox ships)') }),
    // DHL allows letters in the last two places (the participation), in rare contracts.
    billingNumber: z.string({ error: required('a string') }).regex(/^\d{12}[0-9A-Z]{2}$/, 'must be 14 digits'),
    refNo: text(8, 35).optional(),
    costCenter: text(0, 50).optional(),
    shipper: z.object({ shipperRef: text(1, 50) }, { error: required('an object') }),
    consignee,
    details: z.object({ weight }, { error: required('an object') }),
    customs: z.looseObject({}, { error: required('an object') }).optional(),
  },
  { error: required('a Shipment object') },
);

const orderSchema = z.object(
  {
    profile: text(1, 35),
    shipments: z
      .array(z.unknown(), { error: required('an array') })
      .min(1, 'must not be empty')
      // DHL takes up to 30; one is all the adapter sends, and one keeps the answers simple.
      .max(1, 'must have one shipment: the sandbox takes one per request'),
  },
  { error: required('a ShipmentOrderRequest object') },
);

/** A shipment the sandbox accepted. */
export type Shipment = z.infer<typeof shipmentSchema>;

/** DHL's `ValidationMessageItem` for an error, naming the property relative to the shipment (`consignee.postalCode`). */
export interface ValidationMessage {
  property: string;
  validationMessage: string;
  validationState: 'Error';
}

/**
 * Why an order was refused: the request as a whole (`detail` only, e.g. an unknown profile) or its
 * shipment (every error DHL finds, as DHL lists them all).
 */
export interface ShipmentOrderRefusal {
  detail: string;
  validationMessages: ValidationMessage[];
}

/** Consignee countries of the EU customs territory: a parcel to anywhere else needs a customs declaration. */
const EU_COUNTRIES = new Set([
  'AUT', 'BEL', 'BGR', 'CYP', 'CZE', 'DEU', 'DNK', 'ESP', 'EST', 'FIN', 'FRA', 'GRC', 'HRV', 'HUN',
  'IRL', 'ITA', 'LTU', 'LUX', 'LVA', 'MLT', 'NLD', 'POL', 'PRT', 'ROU', 'SVK', 'SVN', 'SWE',
]);

/**
 * Checks a request body against DHL's ShipmentOrderRequest and the shipper references the user keeps.
 *
 * @returns the accepted shipment and its shipper's address, or the refusal.
 */
export function validateShipmentOrder(
  body: unknown,
  shipperRefs: Readonly<Record<string, DhlSandboxShipper>>,
): { shipment: Shipment; shipper: DhlSandboxShipper } | { refusal: ShipmentOrderRefusal } {
  const order = orderSchema.safeParse(body);
  if (!order.success) {
    const [issue] = order.error.issues;
    return { refusal: { detail: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'is invalid'}`, validationMessages: [] } };
  }
  if (order.data.profile !== STANDARD_PROFILE) {
    return { refusal: { detail: `profile: no group profile ${order.data.profile} is configured`, validationMessages: [] } };
  }
  const parsed = shipmentSchema.safeParse(order.data.shipments[0]);
  if (!parsed.success) return refused(parsed.error.issues.map((issue) => error(issue.path.join('.'), issue.message)));

  const shipment = parsed.data;
  const errors: ValidationMessage[] = [];
  const { country } = shipment.consignee;
  if (shipment.product === 'V01PAK' && country !== 'DEU') {
    errors.push(error('product', `V01PAK ships within Germany only; use V53WPAK for ${country}`));
  }
  if (shipment.product === 'V53WPAK' && country === 'DEU') {
    errors.push(error('product', 'V53WPAK ships abroad only; use V01PAK within Germany'));
  }
  const procedure = shipment.billingNumber.slice(10, 12);
  if (procedure !== PROCEDURES[shipment.product]) {
    errors.push(error('billingNumber', `digits 11-12 (${procedure}) must be ${PROCEDURES[shipment.product]}, the procedure of ${shipment.product}`));
  }
  const { shipperRef } = shipment.shipper;
  const shipper = Object.hasOwn(shipperRefs, shipperRef) ? shipperRefs[shipperRef] : undefined;
  if (shipper === undefined) errors.push(error('shipper.shipperRef', 'no shipper address is stored under this reference'));
  if (country === 'DEU' && !/^\d{5}$/.test(shipment.consignee.postalCode ?? '')) {
    errors.push(error('consignee.postalCode', 'Postal code is invalid. Please use 99999 format.'));
  }
  if (!EU_COUNTRIES.has(country) && shipment.customs === undefined) {
    errors.push(error('customs', `is required for shipments to ${country}, outside the EU customs territory`));
  }
  if (errors.length > 0 || shipper === undefined) return refused(errors);
  return { shipment, shipper };
}

function error(property: string, validationMessage: string): ValidationMessage {
  return { property, validationMessage, validationState: 'Error' };
}

function refused(validationMessages: ValidationMessage[]): { refusal: ShipmentOrderRefusal } {
  return { refusal: { detail: 'The shipment could not be created.', validationMessages } };
}
