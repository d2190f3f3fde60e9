import { formatDate } from './format';
import { renderEmail, type CustomerEmail, type RenderedEmail } from './layout';

export interface ParcelReceivedEmailInput extends CustomerEmail {
  productName: string;
  /** When the warehouse scanned the parcel. */
  receivedAt: string;
  links: { tracking: string };
}

const COPY = {
  de: {
    subject: 'Ihr Paket ist bei uns angekommen',
    arrived: (product: string, date: string) => `Ihr Paket mit „${product}“ ist am ${date} bei uns angekommen. Danke!`,
    next: 'Als Nächstes prüfen wir den Zustand Ihres Artikels. Danach melden wir uns mit dem endgültigen Wert.',
    tracking: 'Status verfolgen',
  },
  en: {
    subject: 'Your parcel has arrived',
    arrived: (product: string, date: string) => `We received your parcel with the "${product}" on ${date}. Thank you!`,
    next: "Next, we check the item's condition. We will then get back to you with its final value.",
    tracking: 'Track the status',
  },
} as const;

/**
 * The e-mail that tells the customer their parcel has arrived and what happens next.
 *
 * @example
 * renderParcelReceivedEmail({
 *   locale: 'en', brandName: 'Demo Outfitters', customerName: 'Alex', productName: 'Summit Book 14',
 *   receivedAt: '2026-03-04T09:12:00Z', links: { tracking: 'https://...' },
 * }).subject; // 'Your parcel has arrived'
 */
export function renderParcelReceivedEmail(input: ParcelReceivedEmailInput): RenderedEmail {
  const copy = COPY[input.locale];
  return renderEmail(input, {
    subject: copy.subject,
    blocks: [
      { kind: 'paragraph', text: copy.arrived(input.productName, formatDate(input.receivedAt, input)) },
      { kind: 'paragraph', text: copy.next },
      { kind: 'links', links: [{ label: copy.tracking, url: input.links.tracking }] },
    ],
  });
}
