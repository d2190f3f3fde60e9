import type { Passport } from '../passport';
import { formatDate } from './format';
import { renderEmail, type RenderedEmail } from './layout';

export interface LabelEmailInput {
  passport: Passport;
  brandName: string;
  /** The brand's time zone, where the shipping deadline ends (Europe/Berlin without one). */
  timeZone?: string;
  links: { tracking: string; labelPdf: string; labelQr: string };
}

const COPY = {
  de: {
    subject: (brand: string) => `Ihr Rücksendeetikett für ${brand}`,
    intro: (product: string) => `danke, dass Sie Ihren Artikel „${product}“ zurückgeben. Ihr kostenloses DHL-Rücksendeetikett ist fertig.`,
    steps: [
      'Verpacken Sie den Artikel sicher, gern in der Originalverpackung.',
      'Drucken Sie das Etikett aus und kleben Sie es auf das Paket – oder zeigen Sie den QR-Code in einer DHL-Filiale oder Packstation vor, dann wird es dort gedruckt.',
      'Geben Sie das Paket bei DHL ab.',
    ],
    deadline: (date: string) => `Bitte geben Sie das Paket bis spätestens ${date} ab.`,
    shipmentNo: 'Sendungsnummer',
    label: 'Etikett (PDF)',
    qr: 'QR-Code für die Filiale',
    tracking: 'Status verfolgen',
    next: 'Sobald Ihr Paket bei uns ist, prüfen wir den Artikel und melden uns mit dem endgültigen Wert.',
    cancel: 'Sie haben es sich anders überlegt? Solange das Paket nicht bei uns ist, können Sie die Rücknahme auf der Statusseite stornieren.',
  },
  en: {
    subject: (brand: string) => `Your return label for ${brand}`,
    intro: (product: string) => `Thank you for trading in your "${product}". Your prepaid DHL return label is ready.`,
    steps: [
      'Pack the item safely, in its original box if you still have it.',
      'Print the label and stick it on the parcel, or show the QR code at a DHL shop or Packstation to have it printed there.',
      'Hand the parcel over to DHL.',
    ],
    deadline: (date: string) => `Please hand the parcel over by ${date} at the latest.`,
    shipmentNo: 'Shipment number',
    label: 'Label (PDF)',
    qr: 'QR code for the shop',
    tracking: 'Track the status',
    next: 'Once your parcel arrives we check the item and let you know its final value.',
    cancel: 'Changed your mind? Until the parcel reaches us, you can cancel the take-back on the status page.',
  },
} as const;

/**
 * The e-mail that sends the customer the return label, in the customer's language: what to do, by
 * when, and the links to the label, the QR code and the tracking page.
 *
 * @throws Error when the passport has no label yet.
 * @example
 * renderLabelEmail({ passport, brandName: 'Demo Outfitters', links }).subject; // "Ihr Rücksendeetikett für Demo Outfitters"
 */
export function renderLabelEmail({ passport, brandName, timeZone, links }: LabelEmailInput): RenderedEmail {
  if (!passport.label) throw new Error(`Passport ${passport.id} has no label to send.`);
  const { locale, name } = passport.customer;
  const copy = COPY[locale];
  return renderEmail(
    { locale, brandName, customerName: name },
    {
      subject: copy.subject(brandName),
      blocks: [
        { kind: 'paragraph', text: copy.intro(passport.product.name) },
        { kind: 'steps', items: [...copy.steps] },
        { kind: 'paragraph', text: copy.deadline(formatDate(passport.label.shipBy, { locale, timeZone })), emphasis: true },
        { kind: 'facts', rows: [{ label: copy.shipmentNo, value: passport.label.shipmentNo }] },
        {
          kind: 'links',
          links: [
            { label: copy.label, url: links.labelPdf },
            { label: copy.qr, url: links.labelQr },
            { label: copy.tracking, url: links.tracking },
          ],
        },
        { kind: 'paragraph', text: copy.next },
        { kind: 'paragraph', text: copy.cancel },
      ],
    },
  );
}
