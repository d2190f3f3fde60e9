import type { Passport } from '../passport';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface LabelEmailInput {
  passport: Passport;
  brandName: string;
  links: { tracking: string; labelPdf: string; labelQr: string };
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const dateIn = (iso: string, locale: 'de' | 'en') =>
  new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(new Date(iso));

const COPY = {
  de: {
    subject: (brand: string) => `Dein Rücksendeetikett für ${brand}`,
    greeting: (name: string) => `Hallo ${name},`,
    intro: (product: string) => `danke, dass du deinen Artikel „${product}“ zurückgibst. Dein kostenloses DHL-Rücksendeetikett ist fertig.`,
    steps: [
      'Verpacke den Artikel sicher, gern in der Originalverpackung.',
      'Drucke das Etikett aus und klebe es auf das Paket – oder zeige den QR-Code in einer DHL-Filiale oder Packstation vor, dann wird es dort gedruckt.',
      'Gib das Paket bei DHL ab.',
    ],
    deadline: (date: string) => `Bitte gib das Paket bis spätestens ${date} ab.`,
    shipment: (no: string) => `Sendungsnummer: ${no}`,
    label: 'Etikett (PDF)',
    qr: 'QR-Code für die Filiale',
    tracking: 'Status verfolgen',
    next: 'Sobald dein Paket bei uns ist, prüfen wir den Artikel und melden uns mit dem endgültigen Wert.',
  },
  en: {
    subject: (brand: string) => `Your return label for ${brand}`,
    greeting: (name: string) => `Hello ${name},`,
    intro: (product: string) => `thank you for trading in your "${product}". Your prepaid DHL return label is ready.`,
    steps: [
      'Pack the item safely, in its original box if you still have it.',
      'Print the label and stick it on the parcel, or show the QR code at a DHL shop or Packstation to have it printed there.',
      'Hand the parcel over to DHL.',
    ],
    deadline: (date: string) => `Please hand the parcel over by ${date} at the latest.`,
    shipment: (no: string) => `Shipment number: ${no}`,
    label: 'Label (PDF)',
    qr: 'QR code for the shop',
    tracking: 'Track the status',
    next: 'Once your parcel arrives we check the item and let you know its final value.',
  },
} as const;

/**
 * The e-mail that sends the customer the return label, in the customer's language: what to do, by
 * when, and the links to the label, the QR code and the tracking page.
 *
 * @example
 * renderLabelEmail({ passport, brandName: 'Demo Outfitters', links }).subject; // "Dein Rücksendeetikett für Demo Outfitters"
 */
export function renderLabelEmail({ passport, brandName, links }: LabelEmailInput): RenderedEmail {
  if (!passport.label) throw new Error(`Passport ${passport.id} has no label to send.`);
  const copy = COPY[passport.customer.locale];
  const deadline = copy.deadline(dateIn(passport.label.shipBy, passport.customer.locale));
  const text = [
    copy.greeting(passport.customer.name),
    '',
    copy.intro(passport.product.name),
    '',
    ...copy.steps.map((step, i) => `${i + 1}. ${step}`),
    '',
    deadline,
    copy.shipment(passport.label.shipmentNo),
    '',
    `${copy.label}: ${links.labelPdf}`,
    `${copy.qr}: ${links.labelQr}`,
    `${copy.tracking}: ${links.tracking}`,
    '',
    copy.next,
    '',
    brandName,
  ].join('\n');
  const html = `<!doctype html><html lang="${passport.customer.locale}"><body style="font-family:sans-serif;line-height:1.5">
<p>${escapeHtml(copy.greeting(passport.customer.name))}</p>
<p>${escapeHtml(copy.intro(passport.product.name))}</p>
<ol>${copy.steps.map((step) => `<li>${escapeHtml(step)}</li>`).join('')}</ol>
<p><strong>${escapeHtml(deadline)}</strong><br>${escapeHtml(copy.shipment(passport.label.shipmentNo))}</p>
<p><a href="${escapeHtml(links.labelPdf)}">${escapeHtml(copy.label)}</a> · <a href="${escapeHtml(links.labelQr)}">${escapeHtml(copy.qr)}</a> · <a href="${escapeHtml(links.tracking)}">${escapeHtml(copy.tracking)}</a></p>
<p>${escapeHtml(copy.next)}</p>
<p>${escapeHtml(brandName)}</p>
</body></html>`;
  return { subject: copy.subject(brandName), text, html };
}
