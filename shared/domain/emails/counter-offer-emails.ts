import { formatDate, formatMoney } from './format';
import { type CounterOffer, counterOfferButtons } from './graded-email';
import { renderEmail, type CustomerEmail, type RenderedEmail } from './layout';

export interface CounterOfferReminderEmailInput extends CustomerEmail {
  productName: string;
  counterOffer: CounterOffer & { answerBy: string };
  links: { tracking: string };
}

export interface CounterOfferLapsedEmailInput extends CustomerEmail {
  productName: string;
  /** The deadline that passed without an answer. */
  answerBy: string;
  links: { tracking: string };
}

const COPY = {
  de: {
    reminderSubject: 'Erinnerung: Ihr neues Angebot wartet auf Ihre Antwort',
    reminderBody: (product: string, amount: string, date: string) =>
      `für Ihren Artikel „${product}“ können wir Ihnen ${amount} anbieten. Bitte sagen Sie uns bis ${date}, ob Sie annehmen.`,
    reminderNoAnswer: 'Ohne Antwort bis dahin schicken wir Ihnen den Artikel auf unsere Kosten zurück.',
    lapsedSubject: 'Wir schicken Ihnen Ihren Artikel zurück',
    lapsedBody: (product: string, date: string) =>
      `Sie haben unser Angebot für „${product}“ bis ${date} nicht angenommen. Deshalb schicken wir Ihnen den Artikel auf unsere Kosten zurück; eine Auszahlung gibt es nicht.`,
    lapsedNext: 'Die Sendungsnummer bekommen Sie, sobald das Paket unterwegs ist.',
    tracking: 'Status verfolgen',
  },
  en: {
    reminderSubject: 'Reminder: your new offer is waiting for your answer',
    reminderBody: (product: string, amount: string, date: string) =>
      `For your "${product}" we can offer you ${amount}. Please let us know by ${date} whether you accept.`,
    reminderNoAnswer: 'Without an answer by then, we will send the item back to you at our cost.',
    lapsedSubject: 'We are sending your item back',
    lapsedBody: (product: string, date: string) =>
      `You did not accept our offer for your "${product}" by ${date}. So we are sending the item back to you at our cost; there is no payout.`,
    lapsedNext: 'You get the shipment number once the parcel is on its way.',
    tracking: 'Track the status',
  },
} as const;

/**
 * The reminder of a counter-offer still unanswered 3 days before it lapses, with its buttons again.
 *
 * @example
 * renderCounterOfferReminderEmail({
 *   locale: 'en', brandName: 'Demo Outfitters', customerName: 'Alex', productName: 'Summit Book 14',
 *   counterOffer: { amount: 9_900, currency: 'EUR', answerBy: '2026-03-15T10:00:00.000Z', acceptUrl: 'https://...', declineUrl: 'https://...' },
 *   links: { tracking: 'https://...' },
 * }).subject; // 'Reminder: your new offer is waiting for your answer'
 */
export function renderCounterOfferReminderEmail(input: CounterOfferReminderEmailInput): RenderedEmail {
  const copy = COPY[input.locale];
  const { counterOffer } = input;
  const amount = formatMoney({ amount: counterOffer.amount, currency: counterOffer.currency }, input.locale);
  return renderEmail(input, {
    subject: copy.reminderSubject,
    blocks: [
      { kind: 'paragraph', text: copy.reminderBody(input.productName, amount, formatDate(counterOffer.answerBy, input)), emphasis: true },
      { kind: 'paragraph', text: copy.reminderNoAnswer },
      counterOfferButtons(counterOffer, input.locale),
      { kind: 'links', links: [{ label: copy.tracking, url: input.links.tracking }] },
    ],
  });
}

/**
 * The notice that a counter-offer lapsed without an answer: the item goes back, and nothing is paid.
 *
 * @example
 * renderCounterOfferLapsedEmail({
 *   locale: 'en', brandName: 'Demo Outfitters', customerName: 'Alex', productName: 'Summit Book 14',
 *   answerBy: '2026-03-15T10:00:00.000Z', links: { tracking: 'https://...' },
 * }).subject; // 'We are sending your item back'
 */
export function renderCounterOfferLapsedEmail(input: CounterOfferLapsedEmailInput): RenderedEmail {
  const copy = COPY[input.locale];
  return renderEmail(input, {
    subject: copy.lapsedSubject,
    blocks: [
      { kind: 'paragraph', text: copy.lapsedBody(input.productName, formatDate(input.answerBy, input)), emphasis: true },
      { kind: 'paragraph', text: copy.lapsedNext },
      { kind: 'links', links: [{ label: copy.tracking, url: input.links.tracking }] },
    ],
  });
}
