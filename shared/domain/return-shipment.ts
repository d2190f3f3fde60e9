import type { BrandConfig, Money } from './catalog';
import { UnprocessableError } from './errors';
import type { LedgerEntry } from './ledger';

/**
 * An item goes back to its customer when the customer declines a counter-offer (Back Market's
 * practice, `../shared/reference/peers.md`: free of charge to the customer). The warehouse has the
 * platform make a DHL parcel label from the brand's own account and sends the item; the passport
 * moves from RETURN_TO_CUSTOMER to RETURNED and books what the parcel costs the brand.
 */

/** DHL's parcel products: `V01PAK` (DHL Paket) within Germany, `V53WPAK` (DHL Paket International) to any other country. */
export const PARCEL_PRODUCTS = ['V01PAK', 'V53WPAK'] as const;
export type ParcelProduct = (typeof PARCEL_PRODUCTS)[number];

/** The procedure each product is billed under: the 11th and 12th digit of its billing number. */
export const PARCEL_PROCEDURES: Readonly<Record<ParcelProduct, string>> = { V01PAK: '01', V53WPAK: '53' };

/**
 * The countries of the EU customs territory (ISO 3166-1 alpha-2): a parcel to any other country
 * (Switzerland, Norway, the United Kingdom) needs a customs declaration, which the platform does not
 * make; DHL would refuse the parcel without one.
 */
const EU_CUSTOMS_TERRITORY: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU',
  'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
]);

/** The brand's DHL account for parcels it sends (`config.carrier.dhl.parcels`). */
export interface BrandParcelAccount {
  /** The sender address the brand keeps in DHL's business customer portal, by its reference. */
  shipperRef: string;
  /** The 14-digit billing number per product; without `V53WPAK`, no item goes back abroad. */
  billingNumbers: { V01PAK: string; V53WPAK?: string };
  /** What one parcel costs the brand (its contract price): a ledger line of every item sent back. */
  cost?: Money;
}

/**
 * The product and billing number to send an item to a customer in `country` with.
 *
 * @throws UnprocessableError when the brand has no parcel account, or none for parcels abroad, or the
 *   customer lives outside the EU customs territory.
 * @example
 * parcelProductFor('DE', { carrier: { dhl: { receiverId: 'deu', parcels: { shipperRef: 'wh', billingNumbers: { V01PAK: '33333333330102' } } } } });
 * // { product: 'V01PAK', billingNumber: '33333333330102', shipperRef: 'wh' }
 */
export function parcelProductFor(
  country: string,
  config: Pick<BrandConfig, 'carrier'>,
): { product: ParcelProduct; billingNumber: string; shipperRef: string } {
  const account = config.carrier.dhl.parcels;
  if (!account) {
    throw new UnprocessableError('The brand has no DHL account for parcels it sends: add config.carrier.dhl.parcels to its configuration.', [
      { path: ['config', 'carrier', 'dhl', 'parcels'], message: 'is missing' },
    ]);
  }
  if (!EU_CUSTOMS_TERRITORY.has(country)) {
    throw new UnprocessableError(
      `The customer lives in ${country}, outside the EU customs territory: a parcel there needs a customs declaration, which the platform does not make. Send the item with a customs declaration made in DHL's business customer portal.`,
    );
  }
  const product: ParcelProduct = country === 'DE' ? 'V01PAK' : 'V53WPAK';
  const billingNumber = account.billingNumbers[product];
  if (!billingNumber) {
    throw new UnprocessableError(`The customer lives in ${country}, and the brand has no DHL billing number for parcels abroad: add config.carrier.dhl.parcels.billingNumbers.V53WPAK.`, [
      { path: ['config', 'carrier', 'dhl', 'parcels', 'billingNumbers', 'V53WPAK'], message: 'is missing' },
    ]);
  }
  return { product, billingNumber, shipperRef: account.shipperRef };
}

/**
 * The ledger line of a parcel that took an item back, under an id derived from its shipment
 * number; none when the brand gave no parcel cost.
 *
 * @example
 * returnParcelEntry({ amount: 439, currency: 'EUR' }, '340434310428091700', '2026-12-05T10:00:00.000Z');
 * // [{ entryId: 'RETURN#340434310428091700', kind: 'LABEL', direction: 'COST', amount: { amount: 439, currency: 'EUR' }, … }]
 */
export function returnParcelEntry(cost: Money | undefined, shipmentNo: string, at: string): LedgerEntry[] {
  if (!cost) return [];
  return [
    {
      entryId: `RETURN#${shipmentNo}`,
      kind: 'LABEL',
      direction: 'COST',
      amount: cost,
      description: `DHL parcel back to the customer ${shipmentNo}`,
      detail: { of: 'PARCEL_BACK', carrier: 'DHL', shipmentNo },
      at,
    },
  ];
}

/**
 * DHL's tracking page for a shipment, in the customer's language.
 *
 * @example
 * dhlTrackingUrl('340434310428091700', 'en');
 * // 'https://www.dhl.de/en/privatkunden/pakete-empfangen/verfolgen.html?piececode=340434310428091700'
 */
export function dhlTrackingUrl(shipmentNo: string, locale: 'de' | 'en'): string {
  return `https://www.dhl.de/${locale}/privatkunden/pakete-empfangen/verfolgen.html?piececode=${encodeURIComponent(shipmentNo)}`;
}

/** Why an item goes back to its customer, as the e-mail and the staff console say it. */
export type ReturnCause = 'declined' | 'lapsed' | 'other-item';

/**
 * Why the item of a passport going back to its customer does: the parcel held another item than the
 * one traded in (a rejection), the counter-offer lapsed unanswered, or the customer declined it.
 *
 * @example
 * returnCause({ rejection: { reason: 'OTHER_ITEM' } }); // 'other-item'
 * returnCause({ settlement: { answer: { accepted: false, lapsed: true } } }); // 'lapsed'
 */
export function returnCause(passport: { rejection?: unknown; settlement?: { answer?: { lapsed?: true } } }): ReturnCause {
  if (passport.rejection) return 'other-item';
  return passport.settlement?.answer?.lapsed ? 'lapsed' : 'declined';
}
