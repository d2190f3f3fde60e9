import type { Grade, Money } from '../catalog';
import type { PayoutMethod } from '../passport';
import { type EmailLocale, formatDate, formatMoney, gradeName } from './format';
import { renderEmail, type CustomerEmail, type EmailBlock, type RenderedEmail } from './layout';

export interface CounterOffer {
  /** Minor units. */
  amount: number;
  currency: string;
  acceptUrl: string;
  declineUrl: string;
  /** The last moment to answer; unanswered then, the item goes back (absent for a counter-offer made before there was one). */
  answerBy?: string;
}

interface GradedEmailCommon extends CustomerEmail {
  productName: string;
  grade: Grade;
  links: { tracking: string };
}

/** Either the value is fixed at the grade found, or the grade is worse than stated and the brand offers less. */
export type GradedEmailInput = GradedEmailCommon &
  (
    | { value: Money; payoutMethod: PayoutMethod; counterOffer?: undefined }
    | { counterOffer: CounterOffer; selfAssessedGrade: Grade }
  );

const COPY = {
  de: {
    subject: (value: string) => `Ihr Artikel ist geprüft: ${value}`,
    checked: (product: string) => `wir haben Ihren Artikel „${product}“ geprüft.`,
    grade: 'Zustand',
    value: 'Wert',
    payout: {
      VOUCHER: 'Ihren Gutschein über diesen Betrag schicken wir Ihnen gleich in einer eigenen E-Mail.',
      BANK_TRANSFER: 'Wir überweisen Ihnen den Betrag auf Ihr Bankkonto und sagen Ihnen Bescheid, sobald das Geld unterwegs ist.',
    },
    nothingSubject: 'Ihr Artikel ist geprüft',
    nothing: 'In diesem Zustand hat der Artikel für uns keinen Auszahlungswert. Wir nehmen ihn ohne Vergütung an und sorgen dafür, dass er repariert, weiterverkauft oder recycelt wird. Danke, dass Sie ihn zurückgegeben haben.',
    counterSubject: 'Ein neues Angebot für Ihren Artikel',
    counter: (product: string, stated: string, found: string, amount: string) =>
      `wir haben Ihren Artikel „${product}“ geprüft. Leider ist er nicht ganz in dem Zustand, den Sie angegeben haben: ` +
      `Sie hatten „${stated}“ gewählt, wir haben ihn als „${found}“ eingestuft. Für diesen Zustand können wir Ihnen ${amount} anbieten.`,
    choice: 'Wenn Sie annehmen, geht es wie gewohnt weiter. Wenn Sie ablehnen, schicken wir Ihnen den Artikel zurück.',
    answerBy: (date: string) => `Bitte antworten Sie bis ${date}. Ohne Antwort bis dahin schicken wir Ihnen den Artikel auf unsere Kosten zurück.`,
    accept: 'Angebot annehmen',
    decline: 'Ablehnen und Artikel zurückbekommen',
    tracking: 'Status verfolgen',
  },
  en: {
    subject: (value: string) => `Your item has been checked: ${value}`,
    checked: (product: string) => `We have checked your "${product}".`,
    grade: 'Condition',
    value: 'Value',
    payout: {
      VOUCHER: 'Your voucher for this amount follows shortly in a separate e-mail.',
      BANK_TRANSFER: 'We will transfer the amount to your bank account and let you know as soon as the money is on its way.',
    },
    nothingSubject: 'Your item has been checked',
    nothing: 'In this condition the item has no payout value for us. We accept it without payment and will see that it is repaired, resold or recycled. Thank you for bringing it back.',
    counterSubject: 'A new offer for your item',
    counter: (product: string, stated: string, found: string, amount: string) =>
      `We have checked your "${product}". Unfortunately it is not quite in the condition you described: ` +
      `you chose "${stated}", and we graded it "${found}". For this condition we can offer you ${amount}.`,
    choice: 'If you accept, everything carries on as planned. If you decline, we will send the item back to you.',
    answerBy: (date: string) => `Please answer by ${date}. Without an answer by then, we will send the item back to you at our cost.`,
    accept: 'Accept the offer',
    decline: 'Decline and get the item back',
    tracking: 'Track the status',
  },
} as const;

/**
 * The e-mail with the result of grading: the value at the grade found, or, when the item is in a
 * worse condition than the customer stated, a counter-offer to accept or decline. An item worth 0
 * is accepted without payment, and the e-mail says so instead of promising a voucher or a transfer
 * (until 7 December 2026 it promised one, and a voucher of 0,00 € followed).
 *
 * @example
 * renderGradedEmail({
 *   locale: 'de', brandName: 'Demo Outfitters', customerName: 'Lena', productName: 'Trailphone X2',
 *   grade: 'GOOD', value: { amount: 14_900, currency: 'EUR' }, payoutMethod: 'VOUCHER', links: { tracking: 'https://...' },
 * }).subject; // 'Ihr Artikel ist geprüft: 149,00 €'
 */
export function renderGradedEmail(input: GradedEmailInput): RenderedEmail {
  const copy = COPY[input.locale];
  const trackingLinks: EmailBlock = { kind: 'links', links: [{ label: copy.tracking, url: input.links.tracking }] };
  if (input.counterOffer) {
    const { counterOffer, selfAssessedGrade } = input;
    const amount = formatMoney({ amount: counterOffer.amount, currency: counterOffer.currency }, input.locale);
    return renderEmail(input, {
      subject: copy.counterSubject,
      blocks: [
        {
          kind: 'paragraph',
          text: copy.counter(input.productName, gradeName(selfAssessedGrade, input.locale), gradeName(input.grade, input.locale), amount),
        },
        { kind: 'paragraph', text: copy.choice },
        ...(counterOffer.answerBy ? [{ kind: 'paragraph' as const, text: copy.answerBy(formatDate(counterOffer.answerBy, input)) }] : []),
        counterOfferButtons(counterOffer, input.locale),
        trackingLinks,
      ],
    });
  }
  if (input.value.amount === 0) {
    return renderEmail(input, {
      subject: copy.nothingSubject,
      blocks: [
        { kind: 'paragraph', text: copy.checked(input.productName) },
        { kind: 'facts', rows: [{ label: copy.grade, value: gradeName(input.grade, input.locale) }] },
        { kind: 'paragraph', text: copy.nothing },
        trackingLinks,
      ],
    });
  }
  const value = formatMoney(input.value, input.locale);
  return renderEmail(input, {
    subject: copy.subject(value),
    blocks: [
      { kind: 'paragraph', text: copy.checked(input.productName) },
      {
        kind: 'facts',
        rows: [
          { label: copy.grade, value: gradeName(input.grade, input.locale) },
          { label: copy.value, value },
        ],
      },
      { kind: 'paragraph', text: copy.payout[input.payoutMethod] },
      trackingLinks,
    ],
  });
}


/** The counter-offer's two buttons, as the grading e-mail and its reminder show them. */
export function counterOfferButtons(counterOffer: CounterOffer, locale: EmailLocale): EmailBlock {
  const copy = COPY[locale];
  return { kind: 'actions', links: [{ label: copy.accept, url: counterOffer.acceptUrl }, { label: copy.decline, url: counterOffer.declineUrl }] };
}
