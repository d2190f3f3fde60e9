import { describe, expect, it } from 'vitest';
import type { Passport } from '../../shared/domain/passport';
import type { PassportImpact } from '../../shared/domain/impact';
import { renderBankDetailsNeededEmail, renderBankPayoutSentEmail } from '../../shared/domain/emails/bank-payout-sent-email';
import { EMAIL_TEMPLATES } from '../../shared/domain/emails/catalogue';
import type { EmailLocale } from '../../shared/domain/emails/format';
import { renderGradedEmail } from '../../shared/domain/emails/graded-email';
import { renderItemNewLifeEmail } from '../../shared/domain/emails/item-new-life-email';
import { renderLabelEmail } from '../../shared/domain/emails/label-email';
import type { CustomerEmail, RenderedEmail } from '../../shared/domain/emails/layout';
import { renderParcelReceivedEmail } from '../../shared/domain/emails/parcel-received-email';
import { renderVoucherIssuedEmail } from '../../shared/domain/emails/voucher-issued-email';

const NBSP = '\u00a0';
const TRACKING = 'https://api.kreislauf.test/v1/take-backs/01JQ3W8Z6E5R2T7Y9U1I4O6P8A?token=abc';
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const to = (locale: EmailLocale, names: Partial<CustomerEmail> = {}): CustomerEmail => ({
  locale,
  brandName: 'Demo Outfitters',
  customerName: 'Lena',
  ...names,
});

const passport = (locale: EmailLocale, customerName = 'Lena'): Passport => ({
  id: '01JQ3W8Z6E5R2T7Y9U1I4O6P8A',
  brand: 'demo',
  state: 'LABEL_CREATED',
  version: 2,
  product: { sku: 'DO-PHONE-X2-128', name: 'Trailphone X2', category: 'smartphone', weightGrams: 192 },
  selfAssessedGrade: 'GOOD',
  offer: { quoteId: '01JQ3W7M2K4N6B8V0C2X4Z6L8J', value: { min: 14_900, max: 19_700, currency: 'EUR' }, validUntil: '2026-03-15T10:00:00.000Z' },
  customer: { name: customerName, email: 'lena@example.com', locale },
  address: { street: 'Bergmannstraße', houseNumber: '12', postalCode: '10961', city: 'Berlin', country: 'DE' },
  payout: { method: 'VOUCHER' },
  label: {
    carrier: 'DHL',
    shipmentNo: '00340434161094042557',
    pdfKey: 'labels/a.pdf',
    qrKey: 'labels/a.png',
    createdAt: '2026-03-01T10:00:05.000Z',
    shipBy: '2026-03-14T12:00:00.000Z',
  },
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-01T10:00:05.000Z',
});

const labelLinks = { tracking: TRACKING, labelPdf: `${TRACKING}&format=pdf`, labelQr: `${TRACKING}&format=qr` };

const phoneImpact: Pick<PassportImpact, 'avoidedKgCo2e' | 'factor'> = {
  avoidedKgCo2e: 24.48704,
  factor: {
    category: 'smartphone',
    origin: 'kreislauf',
    source: 'ADEME, Évaluation de l’impact environnemental (September 2022)',
    year: 2022,
    basis: 'per year of extended use x 1 year',
    confidence: 'medium',
    note: 'One extra year of use.',
  },
};
const tabletImpact: Pick<PassportImpact, 'avoidedKgCo2e' | 'factor'> = {
  avoidedKgCo2e: null,
  factor: {
    category: 'tablet',
    origin: 'kreislauf',
    source: 'ADEME (September 2022)',
    year: 2022,
    basis: 'no per-item figure published',
    confidence: null,
    note: 'Only a percentage is published.',
  },
};

const counterOffer = {
  amount: 8_900,
  currency: 'EUR',
  acceptUrl: 'https://portal.kreislauf.test/counter-offer/accept?token=abc',
  declineUrl: 'https://portal.kreislauf.test/counter-offer/decline?token=abc',
};

/** Every template, rendered for one recipient. */
const TEMPLATES: Record<string, (recipient: CustomerEmail) => RenderedEmail> = {
  label: ({ locale, brandName, customerName }) =>
    renderLabelEmail({ passport: passport(locale, customerName), brandName, links: labelLinks }),
  'parcel received': (recipient) =>
    renderParcelReceivedEmail({ ...recipient, productName: 'Trailphone X2', receivedAt: '2026-03-06T08:41:00Z', links: { tracking: TRACKING } }),
  graded: (recipient) =>
    renderGradedEmail({
      ...recipient,
      productName: 'Trailphone X2',
      grade: 'GOOD',
      value: eur(14_900),
      payoutMethod: 'VOUCHER',
      links: { tracking: TRACKING },
    }),
  'graded with a counter-offer': (recipient) =>
    renderGradedEmail({
      ...recipient,
      productName: 'Trailphone X2',
      selfAssessedGrade: 'GOOD',
      grade: 'FAIR',
      counterOffer,
      links: { tracking: TRACKING },
    }),
  'voucher issued': (recipient) =>
    renderVoucherIssuedEmail({
      ...recipient,
      productName: 'Trailphone X2',
      // As the payout rules compute it: the end of a UTC day, which is 7 March in Berlin already.
      voucher: { code: 'KL-7Q2M-9XRT-4HCD', value: eur(14_900), expiresAt: '2027-03-06T23:59:59.999Z' },
      impact: phoneImpact,
      links: { shop: 'https://shop.demo.test/?ref=voucher&utm=mail' },
    }),
  'bank payout sent': (recipient) =>
    renderBankPayoutSentEmail({
      ...recipient,
      productName: 'Trailphone X2',
      amount: eur(14_900),
      iban: 'DE89 3704 0044 0532 0130 00',
      expectedArrival: '2026-03-10T12:00:00Z',
    }),
  'bank details needed': (recipient) =>
    renderBankDetailsNeededEmail({
      ...recipient,
      productName: 'Trailphone X2',
      amount: eur(14_900),
      ibanMasked: 'DE89 **** **** **** **30 00',
      links: { tracking: TRACKING },
    }),
  'item repaired': (recipient) => renderItemNewLifeEmail({ ...recipient, productName: 'Trailphone X2', kind: 'REPAIRED' }),
  'item sold': (recipient) => renderItemNewLifeEmail({ ...recipient, productName: 'Trailphone X2', kind: 'SOLD' }),
};
const templateNames = Object.keys(TEMPLATES);
const render = (name: string, recipient: CustomerEmail) => TEMPLATES[name]!(recipient);

describe.each(templateNames)('the %s e-mail', (name) => {
  it('has a German subject different from the English one', () => {
    expect(render(name, to('de')).subject).not.toBe(render(name, to('en')).subject);
  });

  it.each(['de', 'en'] as const)('declares its language in the HTML (%s)', (locale) => {
    expect(render(name, to(locale)).html).toContain(`<html lang="${locale}">`);
  });

  it.each(['de', 'en'] as const)("greets the customer by name and signs with the brand's name (%s)", (locale) => {
    const { text } = render(name, to(locale, { customerName: 'Jonas', brandName: 'Fjord & Fell' }));

    expect(text).toMatch(/^(Guten Tag|Hello) Jonas,/);
    expect(text).toMatch(/\nFjord & Fell\n\n-- \n.*Fjord & Fell/);
  });

  it("escapes the customer's and the brand's names in the HTML", () => {
    const { html } = render(name, to('en', { customerName: '<script>alert(1)</script>', brandName: 'Ben & Jerry\'s "Outdoor"' }));

    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Ben &amp; Jerry&#39;s &quot;Outdoor&quot;');
    expect(html).not.toContain('Ben & Jerry');
  });
});

describe('the label e-mail', () => {
  it.each(['de', 'en'] as const)('gives the shipment number and the links to the label, the QR code and the status (%s)', (locale) => {
    const { text, html } = render('label', to(locale));

    expect(text).toContain('00340434161094042557');
    for (const url of Object.values(labelLinks)) {
      expect(text).toContain(url);
      expect(html).toContain(`href="${url.replaceAll('&', '&amp;')}"`);
    }
  });

  it('writes the shipping deadline as a German date', () => {
    expect(render('label', to('de')).text).toContain('bis spätestens 14. März 2026 ab');
  });

  it('writes the shipping deadline as a British date', () => {
    expect(render('label', to('en')).text).toContain('by 14 March 2026 at the latest');
  });

  it("writes the deadline as the brand's day, in the brand's time zone", () => {
    // The end of 20 December in New York is already 21 December in Berlin, the zone of a brand that names none.
    const endOfDayInNewYork = { ...passport('en'), label: { ...passport('en').label!, shipBy: '2026-12-21T04:59:59.999Z' } };
    const render = (timeZone?: string) => renderLabelEmail({ passport: endOfDayInNewYork, brandName: 'Demo Outfitters', ...(timeZone ? { timeZone } : {}), links: labelLinks }).text;

    expect(render('America/New_York')).toContain('by 20 December 2026 at the latest');
    expect(render()).toContain('by 21 December 2026 at the latest');
  });

  it.each([
    ['de', 'Rücknahme auf der Statusseite stornieren'],
    ['en', 'cancel the take-back on the status page'],
  ] as const)('says the take-back can be cancelled on the status page until the parcel arrives (%s)', (locale, words) => {
    expect(render('label', to(locale)).text).toContain(words);
  });
});

describe('the parcel received e-mail', () => {
  it('gives the day the parcel arrived in Berlin time', () => {
    const { text } = renderParcelReceivedEmail({
      ...to('de'),
      productName: 'Trailphone X2',
      receivedAt: '2026-03-06T23:30:00Z',
      links: { tracking: TRACKING },
    });

    expect(text).toContain('am 7. März 2026 bei uns angekommen');
  });

  it.each(['de', 'en'] as const)('links to the status page (%s)', (locale) => {
    expect(render('parcel received', to(locale)).text).toContain(TRACKING);
  });
});

describe('the graded e-mail', () => {
  it('gives the value in German format', () => {
    const { subject, text } = render('graded', to('de'));

    expect(subject).toBe(`Ihr Artikel ist geprüft: 149,00${NBSP}€`);
    expect(text).toContain(`Wert: 149,00${NBSP}€`);
  });

  it('gives the value in British format', () => {
    expect(render('graded', to('en')).text).toContain('Value: €149.00');
  });

  it.each([
    ['de', 'Zustand: Gut'],
    ['en', 'Condition: Good'],
  ] as const)('names the grade found (%s)', (locale, grade) => {
    expect(render('graded', to(locale)).text).toContain(grade);
  });

  it('says a voucher follows when the customer chose one', () => {
    expect(render('graded', to('en')).text).toContain('Your voucher for this amount follows');
  });

  it('says a transfer follows when the customer chose a bank payout', () => {
    const { text } = renderGradedEmail({
      ...to('en'),
      productName: 'Trailphone X2',
      grade: 'GOOD',
      value: eur(14_900),
      payoutMethod: 'BANK_TRANSFER',
      links: { tracking: TRACKING },
    });

    expect(text).toContain('We will transfer the amount to your bank account');
  });

  it('offers no choice when there is no counter-offer', () => {
    expect(render('graded', to('en')).text).not.toContain('Accept');
  });

  it.each([
    ['de', 'VOUCHER', 'ohne Vergütung an'],
    ['de', 'BANK_TRANSFER', 'ohne Vergütung an'],
    ['en', 'VOUCHER', 'We accept it without payment'],
  ] as const)('says in %s that an item worth 0 is accepted without payment, promising no %s', (locale, payoutMethod, words) => {
    const { subject, text } = renderGradedEmail({ ...to(locale), productName: 'Demo Jeans', grade: 'DEFECTIVE', value: eur(0), payoutMethod, links: { tracking: TRACKING } });

    expect(text).toContain(words);
    expect(`${subject}\n${text}`).not.toMatch(/0,00|0\.00|Gutschein|voucher|überweisen|transfer/i);
  });
});

describe('the graded e-mail with a counter-offer', () => {
  it('gives the counter-offer in German format and both grades', () => {
    const { text } = render('graded with a counter-offer', to('de'));

    expect(text).toContain(`89,00${NBSP}€ anbieten`);
    expect(text).toContain('Sie hatten „Gut“ gewählt, wir haben ihn als „Akzeptabel“ eingestuft');
  });

  it('gives the counter-offer in British format', () => {
    expect(render('graded with a counter-offer', to('en')).text).toContain('we can offer you €89.00');
  });

  it.each(['de', 'en'] as const)('links to accepting and declining in text and HTML (%s)', (locale) => {
    const { text, html } = render('graded with a counter-offer', to(locale));

    expect(text).toContain(counterOffer.acceptUrl);
    expect(text).toContain(counterOffer.declineUrl);
    expect(html).toContain(`href="${counterOffer.acceptUrl}"`);
    expect(html).toContain(`href="${counterOffer.declineUrl}"`);
  });
});

describe('the voucher issued e-mail', () => {
  it.each([
    ['de', `Wert: 149,00${NBSP}€`, 'Gültig bis: 6. März 2027'],
    ['en', 'Value: €149.00', 'Valid until: 6 March 2027'],
  ] as const)('gives the code, the value and the expiry (%s)', (locale, value, expiry) => {
    const { text } = render('voucher issued', to(locale));

    expect(text).toContain('KL-7Q2M-9XRT-4HCD');
    expect(text).toContain(value);
    expect(text).toContain(expiry);
  });

  it.each([
    ['de', 'rund 24,5 kg CO₂e', 'Quelle: ADEME'],
    ['en', 'about 24.5 kg CO₂e', 'Source: ADEME'],
  ] as const)('gives the CO2e saved, rounded, with its source (%s)', (locale, saved, source) => {
    const { text } = render('voucher issued', to(locale));

    expect(text).toContain(saved);
    expect(text).toContain(source);
  });

  it("adds the year to a brand's source that does not name it", () => {
    const { text } = renderVoucherIssuedEmail({
      ...to('en'),
      productName: 'Trailphone X2',
      voucher: { code: 'KL-1', value: eur(100), expiresAt: '2027-03-06T22:59:59Z' },
      impact: { ...phoneImpact, factor: { ...phoneImpact.factor, origin: 'brand', source: 'Demo Outfitters product LCA', year: 2025 } },
      links: { shop: 'https://shop.demo.test' },
    });

    expect(text).toContain('Source: Demo Outfitters product LCA (2025)');
  });

  it.each([
    ['de', 'Für Tablets gibt es dazu noch keinen veröffentlichten Wert'],
    ['en', 'no figure has been published for tablets yet'],
  ] as const)('says that no published figure exists instead of giving a number (%s)', (locale, sentence) => {
    const { text } = renderVoucherIssuedEmail({
      ...to(locale),
      productName: 'Summit Tab 11',
      voucher: { code: 'KL-7Q2M-9XRT-4HCD', value: eur(9_900), expiresAt: '2027-03-06T22:59:59Z' },
      impact: tabletImpact,
      links: { shop: 'https://shop.demo.test' },
    });

    expect(text).toContain(sentence);
    expect(text).not.toMatch(/\d kg/);
  });

  it('links to the shop with the URL escaped in the HTML', () => {
    expect(render('voucher issued', to('en')).html).toContain('href="https://shop.demo.test/?ref=voucher&amp;utm=mail"');
  });
});

describe('the bank payout sent e-mail', () => {
  it.each([
    ['de', `149,00${NBSP}€`, '10. März 2026'],
    ['en', '€149.00', '10 March 2026'],
  ] as const)('gives the amount and the expected arrival (%s)', (locale, amount, arrival) => {
    const { subject, text } = render('bank payout sent', to(locale));

    expect(subject).toContain(amount);
    expect(text).toContain(arrival);
  });

  it.each(['de', 'en'] as const)('shows the IBAN masked (%s)', (locale) => {
    expect(render('bank payout sent', to(locale)).text).toContain('DE89 **** **** **** **30 00');
  });

  it('never shows the full IBAN, in text or HTML', () => {
    const { text, html } = render('bank payout sent', to('en'));

    for (const body of [text, html]) {
      expect(body.replace(/\s/g, '')).not.toContain('0532');
    }
  });
});

describe('the bank details needed e-mail', () => {
  it.each([
    ['de', `149,00${NBSP}€`, 'Bankverbindung eingeben'],
    ['en', '€149.00', 'Enter bank details'],
  ] as const)('gives the amount and the account given, masked, and a button to the status page (%s)', (locale, amount, button) => {
    const { text, html } = render('bank details needed', to(locale));

    expect(text).toContain(amount);
    expect(text).toContain('DE89 **** **** **** **30 00');
    expect(text).toContain(TRACKING);
    expect(html).toContain(button);
    expect(html).toContain(TRACKING.replace(/&/g, '&amp;'));
  });
});

describe('the bank details reminder e-mail', () => {
  it.each([
    ['de', 'Erinnerung: Wir brauchen noch Ihre Bankverbindung'],
    ['en', 'Reminder: we still need your bank details'],
  ] as const)('says it is a reminder, with the same amount, account and button (%s)', (locale, subject) => {
    const first = render('bank details needed', to(locale));
    const reminder = renderBankDetailsNeededEmail({ ...to(locale), productName: 'Trailphone X2', amount: eur(14_900), ibanMasked: 'DE89 **** **** **** **30 00', links: { tracking: TRACKING }, reminder: true });

    expect(reminder.subject).toBe(subject);
    expect(reminder.subject).not.toBe(first.subject);
    expect(reminder.text.replace(reminder.subject, '')).toBe(first.text.replace(first.subject, ''));
  });
});

describe('the item new life e-mail', () => {
  it.each(['de', 'en'] as const)('tells a repaired item from a sold one (%s)', (locale) => {
    expect(render('item repaired', to(locale)).subject).not.toBe(render('item sold', to(locale)).subject);
  });

  it.each([
    ['de', 'ist repariert'],
    ['en', 'has been repaired'],
  ] as const)('says the item was repaired (%s)', (locale, phrase) => {
    expect(render('item repaired', to(locale)).text).toContain(phrase);
  });

  it.each([
    ['de', 'hat jemanden gefunden, der ihn weiter nutzt'],
    ['en', 'has found a new owner'],
  ] as const)('says the item found a new owner (%s)', (locale, phrase) => {
    expect(render('item sold', to(locale)).text).toContain(phrase);
  });
});

describe('EMAIL_TEMPLATES', () => {
  it('gives every template its own name', () => {
    const names = EMAIL_TEMPLATES.map((template) => template.name);

    expect(new Set(names).size).toBe(names.length);
  });

  it('lists every message a customer can receive', () => {
    expect(EMAIL_TEMPLATES.map((template) => template.name)).toEqual([
      'label',
      'label-reminder',
      'take-back-expired',
      'take-back-cancelled',
      'item-returned',
      'parcel-rejected',
      'parcel-received',
      'graded',
      'graded-counter-offer',
      'counter-offer-reminder',
      'counter-offer-lapsed',
      'voucher-issued',
      'voucher-expiry-reminder',
      'bank-payout-sent',
      'bank-details-needed',
      'bank-details-reminder',
      'item-repaired',
      'item-sold',
    ]);
  });

  it.each(EMAIL_TEMPLATES.map((template) => [template.name, template] as const))(
    'renders a sample of %s in German and in English',
    (_, template) => {
      const de = template.renderSample('de');
      const en = template.renderSample('en');

      expect(de.html).toContain('lang="de"');
      expect(en.html).toContain('lang="en"');
      expect(de.subject).not.toBe(en.subject);
    },
  );

  it.each(EMAIL_TEMPLATES.map((template) => [template.name, template] as const))(
    'addresses the customer as "Sie" in the German %s, as the web pages do',
    (_, template) => {
      const { subject, text } = template.renderSample('de');

      expect(`${subject}\n${text}`).not.toMatch(/\b(du|dich|dir|dein|deine|deinen|deinem|deiner|deines)\b/i);
      expect(text).toMatch(/^Guten Tag /);
    },
  );
});
