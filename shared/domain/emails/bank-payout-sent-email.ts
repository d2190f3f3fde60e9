import type { Money } from '../catalog';
import { maskIban } from '../iban';
import { formatDate, formatMoney } from './format';
import { renderEmail, type CustomerEmail, type RenderedEmail } from './layout';

export interface BankPayoutSentEmailInput extends CustomerEmail {
  productName: string;
  amount: Money;
  /** The full IBAN; the e-mail shows it masked. */
  iban: string;
  /** When the money should be in the customer's account. */
  expectedArrival: string;
}

const COPY = {
  de: {
    subject: (amount: string) => `Ihre Auszahlung über ${amount} ist unterwegs`,
    sent: (amount: string, product: string) => `wir haben Ihnen ${amount} für Ihren Artikel „${product}“ überwiesen.`,
    amount: 'Betrag',
    account: 'Konto (IBAN)',
    arrival: 'Voraussichtlich auf Ihrem Konto bis',
    thanks: 'Danke, dass Sie Ihrem Artikel ein zweites Leben ermöglichen.',
  },
  en: {
    subject: (amount: string) => `Your payout of ${amount} is on its way`,
    sent: (amount: string, product: string) => `We have transferred ${amount} to you for your "${product}".`,
    amount: 'Amount',
    account: 'Account (IBAN)',
    arrival: 'Expected to arrive by',
    thanks: 'Thank you for giving your item a second life.',
  },
} as const;

/**
 * The e-mail that tells the customer their payout is on its way to their bank account, showing
 * the IBAN masked.
 *
 * @example
 * renderBankPayoutSentEmail({
 *   locale: 'de', brandName: 'Demo Outfitters', customerName: 'Lena', productName: 'Trailphone X2',
 *   amount: { amount: 14_900, currency: 'EUR' }, iban: 'DE89370400440532013000', expectedArrival: '2026-03-10T12:00:00Z',
 * }).subject; // 'Ihre Auszahlung über 149,00 € ist unterwegs'
 */
export function renderBankPayoutSentEmail(input: BankPayoutSentEmailInput): RenderedEmail {
  const { locale } = input;
  const copy = COPY[locale];
  const amount = formatMoney(input.amount, locale);
  return renderEmail(input, {
    subject: copy.subject(amount),
    blocks: [
      { kind: 'paragraph', text: copy.sent(amount, input.productName) },
      {
        kind: 'facts',
        rows: [
          { label: copy.amount, value: amount },
          { label: copy.account, value: maskIban(input.iban) },
          { label: copy.arrival, value: formatDate(input.expectedArrival, input) },
        ],
      },
      { kind: 'paragraph', text: copy.thanks },
    ],
  });
}

export interface BankDetailsNeededEmailInput extends CustomerEmail {
  productName: string;
  amount: Money;
  /** The account the transfer could not be paid to, masked. */
  ibanMasked: string;
  /** The tracking page, where the account is entered again. */
  links: { tracking: string };
  /** The reminder, days later, that the account is still needed. */
  reminder?: boolean;
}

const NEEDED_COPY = {
  de: {
    subject: 'Bitte geben Sie Ihre Bankverbindung noch einmal ein',
    reminderSubject: 'Erinnerung: Wir brauchen noch Ihre Bankverbindung',
    held: (amount: string, product: string) =>
      `wir möchten Ihnen ${amount} für Ihren Artikel „${product}“ überweisen, konnten Ihre Bankverbindung aber nicht verwenden.`,
    ask: 'Bitte geben Sie sie auf Ihrer Statusseite noch einmal ein. Danach überweisen wir mit der nächsten Auszahlung; bis dahin wartet Ihr Geld sicher bei uns.',
    amount: 'Betrag',
    account: 'Bisheriges Konto (IBAN)',
    enter: 'Bankverbindung eingeben',
  },
  en: {
    subject: 'Please enter your bank details again',
    reminderSubject: 'Reminder: we still need your bank details',
    held: (amount: string, product: string) => `We want to transfer ${amount} to you for your "${product}", but could not use your bank details.`,
    ask: 'Please enter them again on your status page. We then pay you with the next payout run; until then your money waits safely with us.',
    amount: 'Amount',
    account: 'Account given (IBAN)',
    enter: 'Enter bank details',
  },
} as const;

/**
 * The e-mail that asks the customer to enter their bank account again, because the transfer was
 * set aside: the account it was sealed with could not be opened. With `reminder`, the same e-mail
 * under a reminder's subject, sent when the account is still not entered days later.
 *
 * @example
 * renderBankDetailsNeededEmail({
 *   locale: 'en', brandName: 'Demo Outfitters', customerName: 'Alex', productName: 'Trailphone X2',
 *   amount: { amount: 14_900, currency: 'EUR' }, ibanMasked: 'DE89 **** **** **** **30 00', links: { tracking: 'https://...' },
 * }).subject; // 'Please enter your bank details again'
 */
export function renderBankDetailsNeededEmail(input: BankDetailsNeededEmailInput): RenderedEmail {
  const copy = NEEDED_COPY[input.locale];
  const amount = formatMoney(input.amount, input.locale);
  return renderEmail(input, {
    subject: input.reminder ? copy.reminderSubject : copy.subject,
    blocks: [
      { kind: 'paragraph', text: copy.held(amount, input.productName) },
      {
        kind: 'facts',
        rows: [
          { label: copy.amount, value: amount },
          { label: copy.account, value: input.ibanMasked },
        ],
      },
      { kind: 'paragraph', text: copy.ask },
      { kind: 'actions', links: [{ label: copy.enter, url: input.links.tracking }] },
    ],
  });
}
