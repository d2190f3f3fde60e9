import { CarrierRejectedError, type ReturnLabelRequest } from '../../ports/label-carrier';
import { dhlSenderCountry } from './sender-countries';

/** The `ReturnOrder` body of DHL's `POST /orders`, the part of it we fill. */
export interface ReturnOrder {
  receiverId: string;
  /** At most 50 characters; DHL prints the first 30 on the label. */
  customerReference: string;
  /** At most 50 characters; not printed, shown in DHL's returns overview. */
  shipmentReference: string;
  shipper: {
    name1: string;
    addressStreet: string;
    addressHouse: string;
    postalCode: string;
    city: string;
    /** DHL's `Country` code (alpha-3, lower case). The receiverId decides the label's origin country. */
    country: string;
  };
  itemWeight: { uom: 'g'; value: number };
  /** In major units: DHL's `value` is a decimal with two places. */
  itemValue?: { currency: string; value: number };
}

/**
 * The ReturnOrder for a label request. Lengths and formats are left to DHL to judge, so that its
 * answer (and the field it names) reaches the caller unchanged; only a shipper country DHL takes no
 * returns from is refused here, since no ReturnOrder can express it.
 *
 * The shipper's e-mail address is never sent, though DHL's optional `shipper.email` takes one: DHL
 * needs none to make the label, and it e-mails the shipper when a label is ordered (the receiver's
 * `additionalEmailNote` is printed in that e-mail). We send the label e-mail ourselves: once, never
 * for a take-back cancelled meanwhile, and within the brand's cap per address; DHL's would go out at
 * once, to whatever address was typed. DHL also takes at most 70 characters there while an address
 * may have 254, and refused the label for a longer one, which no correction of the return address
 * could mend (until 7 December 2026 the address was sent).
 *
 * @throws CarrierRejectedError when DHL takes no returns from the shipper's country.
 * @example
 * toReturnOrder({ reference: '01J…', receiverId: 'deu', shipper: { country: 'DE', … }, weightGrams: 800 });
 */
export function toReturnOrder(request: ReturnLabelRequest): ReturnOrder {
  const { shipper } = request;
  const country = dhlSenderCountry(shipper.country);
  if (country === undefined) {
    throw new CarrierRejectedError(
      `DHL takes no returns from the shipper's country ${JSON.stringify(shipper.country)}; the order was not sent`,
      422,
      ['shipper.country'],
    );
  }
  return {
    receiverId: request.receiverId,
    // The reference doubles as shipmentReference so that a label can be found in DHL's portal by it.
    customerReference: request.reference,
    shipmentReference: request.reference,
    shipper: {
      name1: shipper.name,
      addressStreet: shipper.street,
      addressHouse: shipper.houseNumber,
      postalCode: shipper.postalCode,
      city: shipper.city,
      country,
    },
    itemWeight: { uom: 'g', value: request.weightGrams },
    ...(request.value === undefined
      ? {}
      : { itemValue: { currency: request.value.currency, value: request.value.amount / 100 } }),
  };
}

/** Our request's field for each ReturnOrder field DHL may name in an error. */
const REQUEST_FIELDS: Readonly<Record<string, string>> = {
  receiverId: 'receiverId',
  customerReference: 'reference',
  shipmentReference: 'reference',
  'shipper.name1': 'shipper.name',
  'shipper.addressStreet': 'shipper.street',
  'shipper.addressHouse': 'shipper.houseNumber',
  'shipper.postalCode': 'shipper.postalCode',
  'shipper.city': 'shipper.city',
  'shipper.country': 'shipper.country',
  'itemWeight.uom': 'weightGrams',
  'itemWeight.value': 'weightGrams',
  itemWeight: 'weightGrams',
  'itemValue.currency': 'value.currency',
  'itemValue.value': 'value.amount',
  itemValue: 'value',
  customsDetails: 'customsDetails',
};

// Built on first use, so that a function that never calls DHL carries none of this.
let fieldPattern: RegExp | undefined;
function requestFieldPattern(): RegExp {
  if (!fieldPattern) {
    const longestFirst = Object.keys(REQUEST_FIELDS).sort((a, b) => b.length - a.length);
    fieldPattern = new RegExp(`(?<![\\w.])(${longestFirst.map((path) => path.replace('.', '\\.')).join('|')})(?!\\w)`, 'g');
  }
  return fieldPattern;
}

/**
 * The fields of our request that a DHL error text names, e.g. `shipper.name` for a detail
 * `"shipper.name1: must be at most 50 characters"`. Texts naming no ReturnOrder field give none.
 */
export function requestFieldsNamedIn(text: string): string[] {
  const fields = [...text.matchAll(requestFieldPattern())].map((match) => REQUEST_FIELDS[match[1] ?? ''] ?? '');
  return [...new Set(fields.filter((field) => field !== ''))];
}
