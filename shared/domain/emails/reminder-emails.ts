import type { Money } from '../catalog';
import { VOUCHER_EXPIRY_TIME_ZONE } from '../payout-rules';
import { formatDate, formatMoney } from './format';
import { renderEmail, type CustomerEmail, type RenderedEmail } from './layout';

export interface LabelReminderEmailInput extends CustomerEmail {
  productName: string;
  /** The last moment to hand the parcel over. */
  shipBy: string;
  links: { tracking: string; labelPdf: string; labelQr: string };
}

export interface TakeBackExpiredEmailInput extends CustomerEmail {
  productName: string;
  shipBy: string;
  /** Where the customer starts a new take-back. */
  links: { catalog: string };
}

export interface VoucherExpiryReminderEmailInput extends CustomerEmail {
  voucher: { code: string; balance: Money; expiresAt: string };
  links: { shop: string };
}

const COPY = {
  de: {
    labelSubject: 'Erinnerung: Ihr Rücksendeetikett läuft bald ab',
    labelBody: (product: string, date: string) =>
      `Ihr Paket mit „${product}“ ist noch nicht bei DHL angekommen. Bitte geben Sie es bis spätestens ${date} ab – danach ist das Etikett nicht mehr gültig.`,
    labelPdf: 'Etikett (PDF)',
    labelQr: 'QR-Code für die Filiale',
    tracking: 'Status verfolgen',
    labelAlready: 'Haben Sie das Paket schon abgegeben? Dann ist alles gut, und Sie können diese E-Mail ignorieren.',
    expiredSubject: 'Ihre Rücknahme ist abgelaufen',
    expiredBody: (product: string, date: string) =>
      `wir haben Ihr Paket mit „${product}“ bis zum ${date} nicht erhalten, deshalb haben wir die Rücknahme beendet und das Etikett ist nicht mehr gültig.`,
    expiredAgain: 'Sie möchten den Artikel trotzdem zurückgeben? Starten Sie einfach eine neue Rücknahme – Sie bekommen ein neues Angebot und ein neues Etikett.',
    catalog: 'Neue Rücknahme starten',
    voucherSubject: (balance: string) => `Ihr Gutschein über ${balance} läuft bald ab`,
    voucherBody: (date: string) => `Ihr Gutschein ist nur noch bis ${date} gültig. Denken Sie daran, ihn vorher einzulösen.`,
    code: 'Gutscheincode',
    balance: 'Restwert',
    expires: 'Gültig bis',
    shop: 'Zum Shop',
  },
  en: {
    labelSubject: 'Reminder: your return label expires soon',
    labelBody: (product: string, date: string) =>
      `Your parcel with the "${product}" has not reached DHL yet. Please hand it over by ${date} at the latest; after that the label is no longer valid.`,
    labelPdf: 'Label (PDF)',
    labelQr: 'QR code for the shop',
    tracking: 'Track the status',
    labelAlready: 'Already handed the parcel over? Then all is well and you can ignore this e-mail.',
    expiredSubject: 'Your take-back has expired',
    expiredBody: (product: string, date: string) =>
      `We did not receive your parcel with the "${product}" by ${date}, so we have closed the take-back and the label is no longer valid.`,
    expiredAgain: 'Would you still like to return the item? Simply start a new take-back to get a new offer and a new label.',
    catalog: 'Start a new take-back',
    voucherSubject: (balance: string) => `Your ${balance} voucher expires soon`,
    voucherBody: (date: string) => `Your voucher is valid until ${date} only. Remember to spend it before then.`,
    code: 'Voucher code',
    balance: 'Left to spend',
    expires: 'Valid until',
    shop: 'Go to the shop',
  },
} as const;

/**
 * The reminder that the parcel has not been handed over, 3 days before the shipping deadline,
 * with the label links again.
 *
 * @example
 * renderLabelReminderEmail({
 *   locale: 'en', brandName: 'Demo Outfitters', customerName: 'Alex', productName: 'Summit Book 14',
 *   shipBy: '2026-03-15T23:59:59.999Z', links,
 * }).subject; // 'Reminder: your return label expires soon'
 */
export function renderLabelReminderEmail(input: LabelReminderEmailInput): RenderedEmail {
  const copy = COPY[input.locale];
  return renderEmail(input, {
    subject: copy.labelSubject,
    blocks: [
      { kind: 'paragraph', text: copy.labelBody(input.productName, formatDate(input.shipBy, input)), emphasis: true },
      {
        kind: 'links',
        links: [
          { label: copy.labelPdf, url: input.links.labelPdf },
          { label: copy.labelQr, url: input.links.labelQr },
          { label: copy.tracking, url: input.links.tracking },
        ],
      },
      { kind: 'paragraph', text: copy.labelAlready },
    ],
  });
}

/**
 * The notice that a take-back expired because the parcel was not handed over by the deadline.
 *
 * @example
 * renderTakeBackExpiredEmail({
 *   locale: 'de', brandName: 'Demo Outfitters', customerName: 'Lena', productName: 'Trailphone X2',
 *   shipBy: '2026-03-15T23:59:59.999Z', links: { catalog: 'https://...' },
 * }).subject; // 'Ihre Rücknahme ist abgelaufen'
 */
export function renderTakeBackExpiredEmail(input: TakeBackExpiredEmailInput): RenderedEmail {
  const copy = COPY[input.locale];
  return renderEmail(input, {
    subject: copy.expiredSubject,
    blocks: [
      { kind: 'paragraph', text: copy.expiredBody(input.productName, formatDate(input.shipBy, input)) },
      { kind: 'paragraph', text: copy.expiredAgain },
      { kind: 'links', links: [{ label: copy.catalog, url: input.links.catalog }] },
    ],
  });
}

/**
 * The reminder to spend a voucher, 14 days before it expires, with what is left on it.
 *
 * @example
 * renderVoucherExpiryReminderEmail({
 *   locale: 'en', brandName: 'Demo Outfitters', customerName: 'Alex',
 *   voucher: { code: 'KRLF-...', balance: { amount: 2_500, currency: 'EUR' }, expiresAt: '2029-02-28T23:59:59.999Z' },
 *   links: { shop: 'https://shop.example' },
 * }).subject; // 'Your €25.00 voucher expires soon'
 */
export function renderVoucherExpiryReminderEmail(input: VoucherExpiryReminderEmailInput): RenderedEmail {
  const { locale, voucher } = input;
  const copy = COPY[locale];
  const balance = formatMoney(voucher.balance, locale);
  const expires = formatDate(voucher.expiresAt, { locale, timeZone: VOUCHER_EXPIRY_TIME_ZONE });
  return renderEmail(input, {
    subject: copy.voucherSubject(balance),
    blocks: [
      { kind: 'paragraph', text: copy.voucherBody(expires), emphasis: true },
      {
        kind: 'facts',
        rows: [
          { label: copy.code, value: voucher.code },
          { label: copy.balance, value: balance },
          { label: copy.expires, value: expires },
        ],
      },
      { kind: 'actions', links: [{ label: copy.shop, url: input.links.shop }] },
    ],
  });
}
