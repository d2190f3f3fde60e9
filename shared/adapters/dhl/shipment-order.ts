import { CarrierRejectedError } from '../../ports/label-carrier';
import type { ParcelProduct } from '../../domain/return-shipment';
import type { ParcelLabelRequest } from '../../ports/parcel-carrier';
import { alpha3CountryCode } from './country-codes';

/** The group profile every DHL business customer account has, with all of the account's billing numbers. */
const PROFILE = 'STANDARD_GRUPPENPROFIL';

/** The `ShipmentOrderRequest` body of DHL's `POST /orders` (Parcel DE Shipping API v2), the part of it we fill. */
export interface ShipmentOrder {
  profile: string;
  /** One shipment per request, so that a refusal or a failure concerns one label only. */
  shipments: [Shipment];
}

export interface Shipment {
  product: ParcelProduct;
  /** 14 characters: the EKP (10 digits), the product's procedure (`01` for V01PAK, `53` for V53WPAK) and the participation. */
  billingNumber: string;
  /** 8 to 35 characters; printed on the label, and DHL's tracking finds the shipment by it from 8 characters on. */
  refNo: string;
  /** The sender address the brand keeps in DHL's business customer portal under this reference. */
  shipper: { shipperRef: string };
  consignee: {
    /** At most 50 characters. */
    name1: string;
    addressStreet: string;
    addressHouse: string;
    postalCode: string;
    city: string;
    /** ISO 3166-1 alpha-3, upper case. */
    country: string;
    /** 3 to {@link CONSIGNEE_EMAIL_MAX_LENGTH} characters. */
    email?: string;
  };
  details: { weight: { uom: 'g'; value: number } };
}

/** DHL's longest consignee e-mail address; an address may have 254 characters. */
const CONSIGNEE_EMAIL_MAX_LENGTH = 80;

/**
 * The ShipmentOrder for a parcel label request. Lengths, formats and whether the product fits the
 * country and the billing number are left to DHL to judge, so that its answer (and the field it
 * names) reaches the caller unchanged; only a country code that names no country is refused here,
 * since no ShipmentOrder can express it.
 *
 * The consignee's e-mail address, which DHL may use to announce the parcel to the customer, is sent
 * only when DHL takes it (at most 80 characters): DHL needs none to deliver, and refused the whole
 * label for a longer one, which staff could not correct (until 7 December 2026 it was sent as it was).
 *
 * @throws CarrierRejectedError when the consignee's country is not an ISO 3166-1 alpha-2 code.
 * @example
 * toShipmentOrder({ reference: '01J…', product: 'V01PAK', billingNumber: '33333333330102', shipperRef: 'warehouse', consignee: { country: 'DE', … }, weightGrams: 800 });
 */
export function toShipmentOrder(request: ParcelLabelRequest): ShipmentOrder {
  const { consignee } = request;
  const country = alpha3CountryCode(consignee.country);
  if (country === undefined) {
    throw new CarrierRejectedError(
      `The consignee's country ${JSON.stringify(consignee.country)} is not an ISO 3166-1 alpha-2 code; the order was not sent`,
      422,
      ['consignee.country'],
    );
  }
  return {
    profile: PROFILE,
    shipments: [
      {
        product: request.product,
        billingNumber: request.billingNumber,
        refNo: request.reference,
        shipper: { shipperRef: request.shipperRef },
        consignee: {
          name1: consignee.name,
          addressStreet: consignee.street,
          addressHouse: consignee.houseNumber,
          postalCode: consignee.postalCode,
          city: consignee.city,
          country,
          ...(consignee.email === undefined || consignee.email.length > CONSIGNEE_EMAIL_MAX_LENGTH ? {} : { email: consignee.email }),
        },
        details: { weight: { uom: 'g', value: request.weightGrams } },
      },
    ],
  };
}

/** Our request's field for each Shipment property DHL may name in a validation message. */
const REQUEST_FIELDS: Readonly<Record<string, string>> = {
  product: 'product',
  billingNumber: 'billingNumber',
  refNo: 'reference',
  shipper: 'shipperRef',
  'shipper.shipperRef': 'shipperRef',
  consignee: 'consignee',
  'consignee.name1': 'consignee.name',
  'consignee.addressStreet': 'consignee.street',
  'consignee.addressHouse': 'consignee.houseNumber',
  'consignee.postalCode': 'consignee.postalCode',
  'consignee.city': 'consignee.city',
  'consignee.country': 'consignee.country',
  'consignee.email': 'consignee.email',
  'details.weight': 'weightGrams',
};

/**
 * The field of our request that a property in DHL's validation messages stands for, e.g.
 * `consignee.name` for `consignee.name1` and `weightGrams` for `details.weight.value`; `undefined`
 * for a property that none of our fields fills.
 *
 * @example
 * requestFieldOf('shipments[0].consignee.addressHouse'); // 'consignee.houseNumber'
 */
export function requestFieldOf(property: string): string | undefined {
  // DHL names a shipment's properties relative to the shipment, and sometimes from the body's root.
  let path = property.replace(/^shipments\[\d+\]\./, '');
  for (;;) {
    if (Object.hasOwn(REQUEST_FIELDS, path)) return REQUEST_FIELDS[path];
    const parent = path.lastIndexOf('.');
    if (parent < 0) return undefined;
    path = path.slice(0, parent);
  }
}
