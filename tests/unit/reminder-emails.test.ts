import { describe, expect, it } from 'vitest';
import { EMAIL_TEMPLATES } from '../../shared/domain/emails/catalogue';
import type { EmailLocale } from '../../shared/domain/emails/format';
import { renderLabelReminderEmail, renderTakeBackExpiredEmail, renderVoucherExpiryReminderEmail } from '../../shared/domain/emails/reminder-emails';
import { renderTakeBackCancelledEmail } from '../../shared/domain/emails/take-back-cancelled-email';
import { EVENT_EMAIL_TEMPLATES, emailTemplateFor } from '../../shared/domain/emails/triggers';
import type { PassportEventDetail } from '../../shared/schemas/events';

const to = (locale: EmailLocale) => ({ locale, brandName: 'Demo Outfitters', customerName: 'Lena' });
const links = { tracking: 'https://t.example/track', labelPdf: 'https://t.example/label.pdf', labelQr: 'https://t.example/label.png' };

describe('the label reminder', () => {
  it.each([
    ['de', '16. März 2026'],
    ['en', '16 March 2026'],
  ] as const)('names the deadline as a day in Berlin and links the label again (%s)', (locale, day) => {
    const email = renderLabelReminderEmail({ ...to(locale), productName: 'Trailphone X2', shipBy: '2026-03-15T23:59:59.999Z', links });
    expect(email.text).toContain(day);
    expect(email.text).toContain(links.labelPdf);
    expect(email.html).toContain(`href="${links.labelQr}"`);
  });
});

describe('the take-back expired e-mail', () => {
  it('says the label is no longer valid and how to start again', () => {
    const email = renderTakeBackExpiredEmail({ ...to('en'), productName: 'Trailphone X2', shipBy: '2026-03-15T23:59:59.999Z', links: { catalog: 'https://t.example/c' } });
    expect(email.subject).toBe('Your take-back has expired');
    expect(email.text).toContain('no longer valid');
    expect(email.text).toContain('https://t.example/c');
  });
});

describe('the take-back cancelled e-mail', () => {
  it.each([
    ['de', 'Ihre Rücknahme ist storniert', 'nicht mehr gültig'],
    ['en', 'Your take-back is cancelled', 'no longer valid'],
  ] as const)('confirms the cancellation and voids a label sent (%s)', (locale, subject, voided) => {
    const email = renderTakeBackCancelledEmail({ ...to(locale), productName: 'Trailphone X2', hadLabel: true, links: { catalog: 'https://t.example/c' } });
    expect(email.subject).toBe(subject);
    expect(email.text).toContain('Trailphone X2');
    expect(email.text).toContain(voided);
    expect(email.html).toContain('href="https://t.example/c"');
  });

  it('says nothing of a label when none was sent', () => {
    const email = renderTakeBackCancelledEmail({ ...to('en'), productName: 'Trailphone X2', hadLabel: false, links: { catalog: 'https://t.example/c' } });
    expect(email.text).not.toContain('label');
  });
});

describe('the voucher expiry reminder', () => {
  it.each([
    ['de', 'Ihr Gutschein über 25,00\u00a0€ läuft bald ab', '28. Februar 2029'],
    ['en', 'Your €25.00 voucher expires soon', '28 February 2029'],
  ] as const)('tells what is left and until when, the day the expiry names (%s)', (locale, subject, day) => {
    const email = renderVoucherExpiryReminderEmail({
      ...to(locale),
      // The end of 28 February in UTC, as the payout rules compute it: 1 March in Berlin already.
      voucher: { code: 'KRLF-0000', balance: { amount: 2_500, currency: 'EUR' }, expiresAt: '2029-02-28T23:59:59.999Z' },
      links: { shop: 'https://shop.example' },
    });
    expect(email.subject).toBe(subject);
    expect(email.text).toContain('KRLF-0000');
    expect(email.text).toContain(day);
    expect(email.text).not.toContain(locale === 'de' ? 'März' : 'March');
  });
});

const event = (type: PassportEventDetail['type'], data: Record<string, unknown> = {}) =>
  ({ eventId: 'P1/3', passportId: 'P1', brand: 'demo', seq: 3, at: '2026-03-06T10:00:00.000Z', state: 'GRADED', type, data }) as PassportEventDetail;

describe('emailTemplateFor', () => {
  it('sends the graded e-mail for an accepted value and the counter-offer for a lower one', () => {
    const settled = (outcome: string) => ({ grade: 'GOOD', route: 'RESELL', settlement: { outcome, payout: { amount: 1, currency: 'EUR' } }, by: 'x' });
    expect(emailTemplateFor(event('Graded', settled('ACCEPTED')))).toBe('graded');
    expect(emailTemplateFor(event('Graded', settled('COUNTER_OFFER')))).toBe('graded-counter-offer');
  });

  it('sends nothing for events the customer need not hear about', () => {
    expect(emailTemplateFor(event('RepairAssigned'))).toBeUndefined();
    expect(emailTemplateFor(event('CustomerEmailSent'))).toBeUndefined();
    // What needs a person is the staff's, but for a bank transfer set aside, whose account only the customer can give again.
    expect(emailTemplateFor(event('NeedsAttention', { reason: 'The payout workflow failed.' }))).toBeUndefined();
    expect(emailTemplateFor(event('NeedsAttention', { reason: 'The bank transfer P1 cannot be exported.', heldPayoutId: 'P1' }))).toBe('bank-details-needed');
    // The customer's own answer to a counter-offer needs no e-mail; one left to lapse does.
    const answered = (data: Record<string, unknown>) => event('CounterOfferAnswered', { payout: { amount: 1, currency: 'EUR' }, ...data });
    expect(emailTemplateFor(answered({ accepted: true }))).toBeUndefined();
    expect(emailTemplateFor(answered({ accepted: false, route: 'RESELL' }))).toBeUndefined();
    expect(emailTemplateFor(answered({ accepted: false, route: 'RESELL', lapsed: true }))).toBe('counter-offer-lapsed');
  });

  it("tells the customer of their item's first sale only, not of a sale after its buyer sent it back", () => {
    const sold = (data: Record<string, unknown>) => event('Sold', { channel: 'ebay', orderId: 'o1', price: { amount: 1, currency: 'EUR' }, fee: { amount: 0, currency: 'EUR' }, ...data });
    expect(emailTemplateFor(sold({}))).toBe('item-sold');
    expect(emailTemplateFor(sold({ afterReturn: true }))).toBeUndefined();
    expect(emailTemplateFor(event('SaleReturned'))).toBeUndefined();
  });

  it('only names templates the catalogue documents, each for the event the catalogue says', () => {
    for (const name of EVENT_EMAIL_TEMPLATES) {
      const template = EMAIL_TEMPLATES.find((candidate) => candidate.name === name);
      expect(template, name).toBeDefined();
      const data = { settlement: { outcome: name === 'graded' ? 'ACCEPTED' : 'COUNTER_OFFER' }, heldPayoutId: 'P1', lapsed: true };
      expect(emailTemplateFor(event(template!.event!, data))).toBe(name);
    }
  });
});
