import type { ReturnCause } from '../return-shipment';
import { renderEmail, type CustomerEmail, type RenderedEmail } from './layout';

export interface ItemReturnedEmailInput extends CustomerEmail {
  productName: string;
  /** Why it goes back: the customer declined the counter-offer, or the parcel held another item than the one traded in. */
  cause: ReturnCause;
  /** DHL's shipment number of the parcel the item travels back in. */
  shipmentNo: string;
  links: { tracking: string; carrierTracking: string };
}

const COPY = {
  de: {
    subject: 'Ihr Artikel ist auf dem Rückweg',
    body: {
      declined: (product: string) => `Sie haben unser Gegenangebot für „${product}“ abgelehnt. Wir haben den Artikel heute an Sie zurückgeschickt – die Versandkosten tragen wir.`,
      lapsed: (product: string) =>
        `Sie haben unser Gegenangebot für „${product}“ nicht rechtzeitig angenommen. Wir haben den Artikel heute an Sie zurückgeschickt – die Versandkosten tragen wir.`,
      'other-item': (product: string) =>
        `in Ihrem Paket zur Rücknahme von „${product}“ war ein anderer Artikel. Wir haben ihn heute an Sie zurückgeschickt – die Versandkosten tragen wir.`,
    },
    shipment: 'Sendungsnummer',
    next: 'DHL stellt das Paket an die Adresse zu, von der Sie es geschickt haben.',
    carrier: 'Sendung bei DHL verfolgen',
    tracking: 'Status verfolgen',
  },
  en: {
    subject: 'Your item is on its way back',
    body: {
      declined: (product: string) => `You declined our counter-offer for your "${product}". We sent the item back to you today, at our cost.`,
      lapsed: (product: string) => `You did not accept our counter-offer for your "${product}" in time. We sent the item back to you today, at our cost.`,
      'other-item': (product: string) => `Your parcel for the take-back of your "${product}" held another item. We sent it back to you today, at our cost.`,
    },
    shipment: 'Shipment number',
    next: 'DHL delivers the parcel to the address you sent it from.',
    carrier: 'Track the parcel at DHL',
    tracking: 'Track the status',
  },
} as const;

/**
 * The notice that an item is on its way back to its customer (a counter-offer declined or left to
 * lapse, or another item than the one traded in), with the parcel's shipment number and DHL's tracking page.
 *
 * @example
 * renderItemReturnedEmail({
 *   locale: 'en', brandName: 'Demo Outfitters', customerName: 'Alex', productName: 'Summit Book 14',
 *   cause: 'declined', shipmentNo: '340434310428091700', links: { tracking: 'https://...', carrierTracking: 'https://www.dhl.de/...' },
 * }).subject; // 'Your item is on its way back'
 */
export function renderItemReturnedEmail(input: ItemReturnedEmailInput): RenderedEmail {
  const copy = COPY[input.locale];
  return renderEmail(input, {
    subject: copy.subject,
    blocks: [
      { kind: 'paragraph', text: copy.body[input.cause](input.productName), emphasis: true },
      { kind: 'facts', rows: [{ label: copy.shipment, value: input.shipmentNo }] },
      { kind: 'paragraph', text: copy.next },
      { kind: 'links', links: [{ label: copy.carrier, url: input.links.carrierTracking }, { label: copy.tracking, url: input.links.tracking }] },
    ],
  });
}
