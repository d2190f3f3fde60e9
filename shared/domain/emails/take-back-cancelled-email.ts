import { renderEmail, type CustomerEmail, type RenderedEmail } from './layout';

export interface TakeBackCancelledEmailInput extends CustomerEmail {
  productName: string;
  /** Whether a label had been sent, which is void now. */
  hadLabel: boolean;
  /** Where the customer starts a new take-back. */
  links: { catalog: string };
}

const COPY = {
  de: {
    subject: 'Ihre Rücknahme ist storniert',
    body: (product: string) => `Ihre Rücknahme von „${product}“ ist storniert.`,
    label: 'Das Rücksendeetikett ist nicht mehr gültig: Bitte schicken Sie das Paket nicht ab. Haben Sie es schon abgegeben, prüfen wir den Artikel trotzdem, sobald er ankommt.',
    again: 'Sie möchten den Artikel doch zurückgeben? Starten Sie einfach eine neue Rücknahme – Sie bekommen ein neues Angebot.',
    catalog: 'Neue Rücknahme starten',
  },
  en: {
    subject: 'Your take-back is cancelled',
    body: (product: string) => `The take-back of your "${product}" is cancelled.`,
    label: 'The return label is no longer valid: please do not send the parcel. If you have handed it over already, we still check the item when it arrives.',
    again: 'Changed your mind? Simply start a new take-back to get a new offer.',
    catalog: 'Start a new take-back',
  },
} as const;

/**
 * The notice that the take-back is cancelled (by the customer, or by the brand's staff for them),
 * with what it means for a label already sent.
 *
 * @example
 * renderTakeBackCancelledEmail({
 *   locale: 'en', brandName: 'Demo Outfitters', customerName: 'Alex', productName: 'Summit Book 14',
 *   hadLabel: true, links: { catalog: 'https://...' },
 * }).subject; // 'Your take-back is cancelled'
 */
export function renderTakeBackCancelledEmail(input: TakeBackCancelledEmailInput): RenderedEmail {
  const copy = COPY[input.locale];
  return renderEmail(input, {
    subject: copy.subject,
    blocks: [
      { kind: 'paragraph', text: copy.body(input.productName), emphasis: true },
      ...(input.hadLabel ? [{ kind: 'paragraph' as const, text: copy.label }] : []),
      { kind: 'paragraph', text: copy.again },
      { kind: 'links', links: [{ label: copy.catalog, url: input.links.catalog }] },
    ],
  });
}
