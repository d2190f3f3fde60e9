import type { Money } from '../catalog';
import { factorCitation, formatKg, type PassportImpact } from '../impact';
import { VOUCHER_EXPIRY_TIME_ZONE } from '../payout-rules';
import { formatDate, formatMoney, type EmailLocale } from './format';
import { renderEmail, type CustomerEmail, type EmailBlock, type RenderedEmail } from './layout';

export interface VoucherIssuedEmailInput extends CustomerEmail {
  productName: string;
  voucher: { code: string; value: Money; expiresAt: string };
  /** The passport's impact (`impactOfPassport`): the CO2e saved and the factor behind it. */
  impact: Pick<PassportImpact, 'avoidedKgCo2e' | 'factor'>;
  links: { shop: string };
}

const CATEGORY_NAMES: Record<EmailLocale, Record<string, string>> = {
  de: {
    smartphone: 'Smartphones',
    tablet: 'Tablets',
    laptop: 'Laptops',
    jacket: 'Jacken',
    jeans: 'Jeans',
    shoes: 'Schuhe',
    garment: 'Kleidung',
  },
  en: {
    smartphone: 'smartphones',
    tablet: 'tablets',
    laptop: 'laptops',
    jacket: 'jackets',
    jeans: 'jeans',
    shoes: 'shoes',
    garment: 'clothing',
  },
};

const COPY = {
  de: {
    subject: (value: string) => `Ihr Gutschein über ${value}`,
    thanks: (product: string) => `danke, dass Sie Ihren Artikel „${product}“ zurückgegeben haben. Hier ist Ihr Gutschein:`,
    code: 'Gutscheincode',
    value: 'Wert',
    expires: 'Gültig bis',
    redeem: (brand: string) => `Geben Sie den Code beim Bezahlen im Shop von ${brand} ein.`,
    shop: 'Zum Shop',
    saved: (kg: string) =>
      `Gut fürs Klima: Dass Ihr Artikel weiter genutzt wird, spart rund ${kg} CO₂e – die Emissionen Ihres Rückversands sind schon abgezogen.`,
    source: (citation: string) => `Quelle: ${citation}`,
    noFigure: (category: string) =>
      `Wie viel CO₂e die Weiternutzung spart, können wir Ihnen hier nicht sagen: Für ${category} gibt es dazu noch keinen veröffentlichten Wert, und eine Schätzung wollen wir nicht als Zahl ausgeben.`,
  },
  en: {
    subject: (value: string) => `Your ${value} voucher`,
    thanks: (product: string) => `Thank you for trading in your "${product}". Here is your voucher:`,
    code: 'Voucher code',
    value: 'Value',
    expires: 'Valid until',
    redeem: (brand: string) => `Enter the code at checkout in the ${brand} shop.`,
    shop: 'Go to the shop',
    saved: (kg: string) =>
      `Good for the climate: keeping your item in use saves about ${kg} CO₂e, after subtracting the emissions of your return parcel.`,
    source: (citation: string) => `Source: ${citation}`,
    noFigure: (category: string) =>
      `We cannot tell you here how much CO₂e keeping your item in use saves: no figure has been published for ${category} yet, and we would rather not present an estimate as a number.`,
  },
} as const;


/**
 * The e-mail with the customer's voucher: its code, value and expiry, and the CO2e their trade-in
 * saves with the source of the figure, or, where no figure is published for the category, a
 * sentence saying so instead of a number.
 *
 * @example
 * renderVoucherIssuedEmail({
 *   locale: 'en', brandName: 'Demo Outfitters', customerName: 'Alex', productName: 'Summit Book 14',
 *   voucher: { code: 'KL-7Q2M-9XRT', value: { amount: 30_000, currency: 'EUR' }, expiresAt: '2027-03-31T21:59:59Z' },
 *   impact, links: { shop: 'https://shop.example' },
 * }).subject; // 'Your €300.00 voucher'
 */
export function renderVoucherIssuedEmail(input: VoucherIssuedEmailInput): RenderedEmail {
  const { locale, voucher, impact } = input;
  const copy = COPY[locale];
  const value = formatMoney(voucher.value, locale);
  const { category, source, year } = impact.factor;
  const climate: EmailBlock[] =
    impact.avoidedKgCo2e === null || source === null
      ? [{ kind: 'paragraph', text: copy.noFigure(CATEGORY_NAMES[locale][category] ?? category) }]
      : [
          { kind: 'paragraph', text: copy.saved(formatKg(impact.avoidedKgCo2e, locale)) },
          { kind: 'paragraph', text: copy.source(factorCitation(source, year)) },
        ];
  return renderEmail(input, {
    subject: copy.subject(value),
    blocks: [
      { kind: 'paragraph', text: copy.thanks(input.productName) },
      {
        kind: 'facts',
        rows: [
          { label: copy.code, value: voucher.code },
          { label: copy.value, value },
          { label: copy.expires, value: formatDate(voucher.expiresAt, { locale, timeZone: VOUCHER_EXPIRY_TIME_ZONE }) },
        ],
      },
      { kind: 'paragraph', text: copy.redeem(input.brandName) },
      { kind: 'actions', links: [{ label: copy.shop, url: input.links.shop }] },
      ...climate,
    ],
  });
}

