import type { RejectionReason } from '../parcel-rejection';
import { renderEmail, type CustomerEmail, type RenderedEmail } from './layout';

export interface ParcelRejectedEmailInput extends CustomerEmail {
  productName: string;
  reason: RejectionReason;
  links: { tracking: string };
}

const COPY = {
  de: {
    subject: { EMPTY: 'Ihr Paket war leer', OTHER_ITEM: 'In Ihrem Paket war ein anderer Artikel' },
    body: {
      EMPTY: (product: string) => `Ihr Paket zur Rücknahme von „${product}“ ist bei uns angekommen, aber es war kein Artikel darin.`,
      OTHER_ITEM: (product: string) => `Ihr Paket zur Rücknahme von „${product}“ ist bei uns angekommen, aber darin war ein anderer Artikel.`,
    },
    payout: 'Deshalb zahlen wir für diese Rücknahme nichts aus.',
    next: {
      EMPTY: 'Haben Sie den Artikel noch? Dann starten Sie eine neue Rücknahme. Glauben Sie, dass hier ein Fehler vorliegt, melden Sie sich bei uns und nennen Sie die Sendung unten.',
      OTHER_ITEM: 'Wir schicken Ihnen den Artikel auf unsere Kosten zurück; die Sendungsnummer bekommen Sie, sobald das Paket unterwegs ist.',
    },
    tracking: 'Status verfolgen',
  },
  en: {
    subject: { EMPTY: 'Your parcel was empty', OTHER_ITEM: 'Your parcel held another item' },
    body: {
      EMPTY: (product: string) => `Your parcel for the take-back of your "${product}" has arrived, but there was no item in it.`,
      OTHER_ITEM: (product: string) => `Your parcel for the take-back of your "${product}" has arrived, but it held another item.`,
    },
    payout: 'So there is no payout for this take-back.',
    next: {
      EMPTY: 'Do you still have the item? Then start a new take-back. If you think this is a mistake, contact us and quote the take-back below.',
      OTHER_ITEM: 'We are sending the item back to you at our cost; you get the shipment number once the parcel is on its way.',
    },
    tracking: 'Track the status',
  },
} as const;

/**
 * The notice that the warehouse rejected the parcel instead of grading it, with why and what
 * follows: an empty parcel ends the take-back; another item goes back to the customer.
 *
 * @example
 * renderParcelRejectedEmail({
 *   locale: 'en', brandName: 'Demo Outfitters', customerName: 'Alex', productName: 'Summit Book 14',
 *   reason: 'EMPTY', links: { tracking: 'https://...' },
 * }).subject; // 'Your parcel was empty'
 */
export function renderParcelRejectedEmail(input: ParcelRejectedEmailInput): RenderedEmail {
  const copy = COPY[input.locale];
  return renderEmail(input, {
    subject: copy.subject[input.reason],
    blocks: [
      { kind: 'paragraph', text: copy.body[input.reason](input.productName), emphasis: true },
      { kind: 'paragraph', text: copy.payout },
      { kind: 'paragraph', text: copy.next[input.reason] },
      { kind: 'links', links: [{ label: copy.tracking, url: input.links.tracking }] },
    ],
  });
}
