/**
 * Every e-mail a customer can receive, when it is sent, and an example rendered from sample
 * data, so the documentation can show each message as the customer reads it.
 */
import type { Passport, PassportEventType } from '../passport';
import { voucherCodeFrom } from '../vouchers';
import { renderBankDetailsNeededEmail, renderBankPayoutSentEmail } from './bank-payout-sent-email';
import type { EmailLocale } from './format';
import { renderGradedEmail } from './graded-email';
import { renderItemNewLifeEmail } from './item-new-life-email';
import { renderItemReturnedEmail } from './item-returned-email';
import { renderParcelRejectedEmail } from './parcel-rejected-email';
import { renderCounterOfferLapsedEmail, renderCounterOfferReminderEmail } from './counter-offer-emails';
import { renderLabelEmail } from './label-email';
import type { RenderedEmail } from './layout';
import { renderParcelReceivedEmail } from './parcel-received-email';
import { renderLabelReminderEmail, renderTakeBackExpiredEmail, renderVoucherExpiryReminderEmail } from './reminder-emails';
import { renderTakeBackCancelledEmail } from './take-back-cancelled-email';
import { renderVoucherIssuedEmail } from './voucher-issued-email';
import { trackingPageUrl, tradeInPageUrl } from '../web-links';
import { dhlTrackingUrl } from '../return-shipment';

export interface EmailTemplate {
  /** A stable name, also the `template` tag of the sent message. */
  name: string;
  /** The moment in the passport's life the e-mail goes out. */
  sentWhen: string;
  /**
   * The passport event the e-mail is sent for, at most once per event; none while the platform
   * has no event for that moment yet (a sale is reported by the marketplace channels, to come).
   */
  event?: PassportEventType;
  /** The e-mail rendered from sample data in the given language. */
  renderSample: (locale: EmailLocale) => RenderedEmail;
}

const PASSPORT_ID = '01JQ3W8Z6E5R2T7Y9U1I4O6P8A';
const TAKE_BACK = `https://api.kreislauf.example/v1/take-backs/${PASSPORT_ID}`;
const TOKEN = 'token=Zm9vYmFyLXNhbXBsZS10b2tlbg';
const WEB = 'https://kreislauf.example';
const tracking = (locale: EmailLocale) => trackingPageUrl(WEB, PASSPORT_ID, 'Zm9vYmFyLXNhbXBsZS10b2tlbg', locale);
const SAMPLE = {
  brandName: 'Demo Outfitters',
  customerName: 'Lena Fischer',
  productName: 'Trailphone X2 128 GB, Graphite',
};
// A real code, so the sample shows what customers receive: 28 symbols, 128 random bits.
const SAMPLE_CODE = voucherCodeFrom(Uint8Array.from({ length: 16 }, (_, i) => (i * 37 + 11) % 256));
const links = (locale: EmailLocale) => ({
  tracking: tracking(locale),
  labelPdf: `${TAKE_BACK}/label?${TOKEN}&format=pdf`,
  labelQr: `${TAKE_BACK}/label?${TOKEN}&format=qr`,
});
const recipient = (locale: EmailLocale) => ({ locale, brandName: SAMPLE.brandName, customerName: SAMPLE.customerName });

const samplePassport = (locale: EmailLocale): Passport => ({
  id: PASSPORT_ID,
  brand: 'demo',
  state: 'LABEL_CREATED',
  version: 2,
  product: { sku: 'DO-PHONE-X2-128', name: SAMPLE.productName, category: 'smartphone', weightGrams: 192 },
  selfAssessedGrade: 'GOOD',
  offer: { quoteId: '01JQ3W7M2K4N6B8V0C2X4Z6L8J', value: { min: 14_900, max: 19_700, currency: 'EUR' }, validUntil: '2026-03-15T10:00:00.000Z' },
  customer: { name: SAMPLE.customerName, email: 'lena.fischer@example.com', locale },
  address: { street: 'Bergmannstraße', houseNumber: '12', postalCode: '10961', city: 'Berlin', country: 'DE' },
  payout: { method: 'VOUCHER' },
  label: {
    carrier: 'DHL',
    shipmentNo: '00340434161094042557',
    pdfKey: `labels/${PASSPORT_ID}.pdf`,
    qrKey: `labels/${PASSPORT_ID}.png`,
    createdAt: '2026-03-01T10:00:05.000Z',
    shipBy: '2026-03-15T23:59:59.999Z',
  },
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-01T10:00:05.000Z',
});

/** The sample of the e-mail asking for a held transfer's account, first or as the reminder. */
const bankDetailsSample = (locale: EmailLocale, reminder: boolean) =>
  renderBankDetailsNeededEmail({
    ...recipient(locale),
    productName: SAMPLE.productName,
    amount: { amount: 14_900, currency: 'EUR' },
    ibanMasked: 'DE89 **** **** **** **30 00',
    links: { tracking: tracking(locale) },
    reminder,
  });

export const EMAIL_TEMPLATES: readonly EmailTemplate[] = [
  {
    name: 'label',
    sentWhen: 'The DHL return label has been created for a take-back.',
    event: 'LabelCreated',
    renderSample: (locale) => renderLabelEmail({ passport: samplePassport(locale), brandName: SAMPLE.brandName, links: links(locale) }),
  },
  {
    name: 'label-reminder',
    sentWhen: 'Three days before the shipping deadline, while the parcel has not been handed over.',
    event: 'LabelReminderSent',
    renderSample: (locale) =>
      renderLabelReminderEmail({ ...recipient(locale), productName: SAMPLE.productName, shipBy: '2026-03-15T23:59:59.999Z', links: links(locale) }),
  },
  {
    name: 'take-back-expired',
    sentWhen: 'The shipping deadline has passed without the parcel being handed over; the take-back is EXPIRED.',
    event: 'TakeBackExpired',
    renderSample: (locale) =>
      renderTakeBackExpiredEmail({
        ...recipient(locale),
        productName: SAMPLE.productName,
        shipBy: '2026-03-15T23:59:59.999Z',
        links: { catalog: tradeInPageUrl(WEB, 'demo', locale) },
      }),
  },
  {
    name: 'take-back-cancelled',
    sentWhen:
      "The take-back was cancelled before the parcel was received: by the customer on the tracking page, or by the brand's staff for them. Not sent when a parcel sent all the same was received by the time the event is handled: the parcel-received e-mail tells the customer instead (since 7 December 2026; until then it could follow that e-mail, asking not to send the parcel that had arrived).",
    event: 'TakeBackCancelled',
    renderSample: (locale) =>
      renderTakeBackCancelledEmail({ ...recipient(locale), productName: SAMPLE.productName, hadLabel: true, links: { catalog: tradeInPageUrl(WEB, 'demo', locale) } }),
  },
  {
    name: 'item-returned',
    sentWhen:
      'The warehouse has sent the item back (RETURNED), in a parcel the brand pays for: the customer declined the counter-offer, or the parcel held another item than the one traded in (the text says which).',
    event: 'ReturnedToCustomer',
    renderSample: (locale) =>
      renderItemReturnedEmail({
        ...recipient(locale),
        productName: SAMPLE.productName,
        cause: 'declined',
        shipmentNo: '340434310428091700',
        links: { tracking: tracking(locale), carrierTracking: dhlTrackingUrl('340434310428091700', locale) },
      }),
  },
  {
    name: 'parcel-rejected',
    sentWhen:
      'The warehouse rejected the parcel instead of grading it: it held no item (REJECTED), or another item than the one traded in, which goes back to the customer (RETURN_TO_CUSTOMER). No payout is made. The sample is the empty parcel.',
    event: 'ParcelRejected',
    renderSample: (locale) => renderParcelRejectedEmail({ ...recipient(locale), productName: SAMPLE.productName, reason: 'EMPTY', links: { tracking: tracking(locale) } }),
  },
  {
    name: 'parcel-received',
    sentWhen: 'The warehouse has scanned the arriving parcel.',
    event: 'ParcelReceived',
    renderSample: (locale) =>
      renderParcelReceivedEmail({
        ...recipient(locale),
        productName: SAMPLE.productName,
        receivedAt: '2026-03-06T08:41:00.000Z',
        links: { tracking: tracking(locale) },
      }),
  },
  {
    name: 'graded',
    sentWhen:
      'The item has been graded at or above the condition the customer stated; the value is fixed. At a value of 0 it says instead that the item is accepted without payment, and no voucher or transfer follows (since 7 December 2026).',
    event: 'Graded',
    renderSample: (locale) =>
      renderGradedEmail({
        ...recipient(locale),
        productName: SAMPLE.productName,
        grade: 'GOOD',
        value: { amount: 14_900, currency: 'EUR' },
        payoutMethod: 'VOUCHER',
        links: { tracking: tracking(locale) },
      }),
  },
  {
    name: 'graded-counter-offer',
    sentWhen: 'The item has been graded below the condition the customer stated; the brand offers less.',
    event: 'Graded',
    renderSample: (locale) =>
      renderGradedEmail({
        ...recipient(locale),
        productName: SAMPLE.productName,
        selfAssessedGrade: 'GOOD',
        grade: 'FAIR',
        counterOffer: {
          amount: 8_900,
          currency: 'EUR',
          acceptUrl: `https://portal.kreislauf.example/take-backs/${PASSPORT_ID}/counter-offer/accept`,
          declineUrl: `https://portal.kreislauf.example/take-backs/${PASSPORT_ID}/counter-offer/decline`,
          answerBy: '2026-03-15T22:59:59.999Z',
        },
        links: { tracking: tracking(locale) },
      }),
  },
  {
    name: 'counter-offer-reminder',
    sentWhen: 'A counter-offer is still unanswered 3 days before its deadline (14 days after the day of grading).',
    event: 'CounterOfferReminderSent',
    renderSample: (locale) =>
      renderCounterOfferReminderEmail({
        ...recipient(locale),
        productName: SAMPLE.productName,
        counterOffer: {
          amount: 8_900,
          currency: 'EUR',
          acceptUrl: `${tracking(locale)}&counterOffer=accept`,
          declineUrl: `${tracking(locale)}&counterOffer=decline`,
          answerBy: '2026-03-15T22:59:59.999Z',
        },
        links: { tracking: tracking(locale) },
      }),
  },
  {
    name: 'counter-offer-lapsed',
    sentWhen: 'A counter-offer passed its deadline without an answer: it counts as declined, and the item goes back to the customer (RETURN_TO_CUSTOMER).',
    event: 'CounterOfferAnswered',
    renderSample: (locale) =>
      renderCounterOfferLapsedEmail({ ...recipient(locale), productName: SAMPLE.productName, answerBy: '2026-03-15T22:59:59.999Z', links: { tracking: tracking(locale) } }),
  },
  {
    name: 'voucher-issued',
    sentWhen: 'The voucher has been issued, after grading, for a customer who chose a voucher.',
    event: 'VoucherIssued',
    renderSample: (locale) =>
      renderVoucherIssuedEmail({
        ...recipient(locale),
        productName: SAMPLE.productName,
        voucher: { code: SAMPLE_CODE, value: { amount: 14_900, currency: 'EUR' }, expiresAt: '2027-03-06T23:59:59.999Z' },
        impact: {
          avoidedKgCo2e: 24.5,
          factor: {
            category: 'smartphone',
            origin: 'kreislauf',
            source: "ADEME, Évaluation de l'impact environnemental d'un ensemble de produits reconditionnés (September 2022)",
            year: 2022,
            basis: 'per year of extended use x 1 year',
            confidence: 'medium',
            note: 'ADEME publishes 24.6 kg CO2e avoided per year of use; one extra year of use is assumed.',
          },
        },
        links: { shop: 'https://shop.demo-outfitters.example' },
      }),
  },
  {
    name: 'voucher-expiry-reminder',
    sentWhen: 'Fourteen days before a voucher expires, while something is left to spend on it.',
    event: 'VoucherExpiryReminderSent',
    renderSample: (locale) =>
      renderVoucherExpiryReminderEmail({
        ...recipient(locale),
        voucher: { code: SAMPLE_CODE, balance: { amount: 4_900, currency: 'EUR' }, expiresAt: '2029-03-06T23:59:59.999Z' },
        links: { shop: 'https://shop.demo-outfitters.example' },
      }),
  },
  {
    name: 'bank-payout-sent',
    sentWhen: 'The payout has been exported to the brand\'s bank in a SEPA credit-transfer file, for a customer who chose a bank payout.',
    event: 'BankPayoutExported',
    renderSample: (locale) =>
      renderBankPayoutSentEmail({
        ...recipient(locale),
        productName: SAMPLE.productName,
        amount: { amount: 14_900, currency: 'EUR' },
        iban: 'DE89370400440532013000',
        expectedArrival: '2026-03-10T12:00:00.000Z',
      }),
  },
  {
    name: 'bank-details-needed',
    sentWhen:
      'A bank export set the transfer aside because the account it was sealed with could not be opened (and it is still set aside when the event arrives); the customer enters the account again on the tracking page.',
    event: 'NeedsAttention',
    renderSample: (locale) => bankDetailsSample(locale, false),
  },
  {
    name: 'bank-details-reminder',
    sentWhen: 'Five days after a transfer was set aside, when its account is still not entered again (nor opening again at an export).',
    event: 'BankDetailsReminderSent',
    renderSample: (locale) => bankDetailsSample(locale, true),
  },
  {
    name: 'item-repaired',
    sentWhen: 'A repair partner has reported the item repaired, the first time only (an item sent back to repair and repaired again sends none since 7 December 2026).',
    event: 'Repaired',
    renderSample: (locale) =>
      renderItemNewLifeEmail({ ...recipient(locale), productName: SAMPLE.productName, kind: 'REPAIRED' }),
  },
  {
    name: 'item-sold',
    sentWhen: 'The item has been sold to a new owner on one of the brand\'s sales channels.',
    event: 'Sold',
    renderSample: (locale) => renderItemNewLifeEmail({ ...recipient(locale), productName: SAMPLE.productName, kind: 'SOLD' }),
  },
];
