import type { PassportEventType } from '../../../shared/domain/passport';
import { PassportEventDetailSchema, type PassportEventDetail } from '../../../shared/schemas/events';
import type { PassportDetail } from '../../../shared/schemas/staff';
import type { Messages } from '../locales';
import { wordsOf, type CODE_LABELS } from './labels';
import { ATTENTION_REASON_WORDS, attentionReason } from './attention-reason';
import { ROUTE_REASON_WORDS, routeReason } from './route-reason';

type TimelineEvent = PassportDetail['timeline'][number];
type DataOf<T extends PassportEventType> = Extract<PassportEventDetail, { type: T }>['data'];
type Amount = { amount: number; currency: string };

/** What the timeline's words are written with: the console's labels of the codes, and its formats. */
export interface TimelineFormats {
  labels: (typeof CODE_LABELS)['de'];
  /** A repair partner by its name, where the console knows it. */
  partnerName(partnerId: string): string;
  money(amount: Amount): string;
  dateTime(iso: string): string;
}

/** One event as a line of the timeline: what happened, the facts that matter to staff, and who did it, if a person did. */
export interface TimelineLine {
  what: string;
  detail?: string;
  /** The subject of the staff member who did it (the event's `by`), to be named by the staff directory. */
  by?: string;
}

type Describe<T extends PassportEventType> = (data: DataOf<T>, formats: TimelineFormats) => Omit<TimelineLine, 'by'>;
type TimelineWords = { [T in PassportEventType]: Describe<T> } & {
  /** The customer e-mails by their templates (`CustomerEmailSent.template`). */
  emails: Record<string, string>;
  byCustomer: string;
};

const list = (...parts: (string | false | undefined)[]) => parts.filter(Boolean).join(', ');

/** The timeline's words for each event type of the event catalogue, as the staff read them. */
export const TIMELINE_WORDS: Messages<TimelineWords> = {
  de: {
    TakeBackRequested: (d, f) => ({ what: 'Rücknahme angefragt', detail: list(`selbst eingeschätzt: ${f.labels.grades[d.selfAssessedGrade]}`, wordsOf(f.labels.payoutMethods, d.payoutMethod) ?? d.payoutMethod) }),
    LabelCreated: (d, f) => ({ what: 'Versandetikett erstellt', detail: `${d.carrier} ${d.shipmentNo}, Versand bis ${f.dateTime(d.shipBy)}` }),
    LabelEmailSent: () => ({ what: 'Etikett per E-Mail gesendet' }),
    LabelFailed: (d) => ({ what: 'Etikett nicht erstellt', detail: attentionReason(d, ATTENTION_REASON_WORDS.de) }),
    LabelRetried: (d, f) => ({
      what: 'Etikett erneut angefordert',
      ...(d.corrected.length ? { detail: `Adresse korrigiert: ${d.corrected.map((field) => f.labels.addressFields[field]).join(', ')}` } : {}),
    }),
    LabelReminderSent: (d, f) => ({ what: 'An den Versand erinnert', detail: `Versand bis ${f.dateTime(d.shipBy)}` }),
    CustomerPhotoAdded: () => ({ what: 'Foto der Kundschaft hinzugefügt' }),
    TakeBackExpired: (d, f) => ({ what: 'Rücknahme abgelaufen', detail: `nicht versandt bis ${f.dateTime(d.shipBy)}` }),
    TakeBackCancelled: (d) => ({ what: 'Rücknahme storniert', detail: d.by === undefined ? TIMELINE_WORDS.de.byCustomer : d.reason }),
    ParcelReceived: (d) => ({ what: 'Paket eingegangen', ...(d.location ? { detail: d.location } : {}) }),
    ReceiptReinstated: (d, f) => ({ what: 'Eingang wiederhergestellt', detail: `zuvor ${f.labels.states[d.from]}` }),
    ParcelRejected: (d, f) => ({ what: 'Paket abgelehnt', detail: f.labels.rejectionReasons[d.reason] }),
    Graded: (d, f) => ({
      what: 'Bewertet',
      detail: list(
        f.labels.grades[d.grade],
        f.labels.routes[d.route],
        d.settlement.outcome === 'COUNTER_OFFER' ? `Gegenangebot ${f.money(d.settlement.payout)}` : `Auszahlung ${f.money(d.settlement.payout)}`,
      ),
    }),
    CounterOfferAnswered: (d, f) => ({
      what: d.lapsed ? 'Gegenangebot verfallen' : d.accepted ? 'Gegenangebot angenommen' : 'Gegenangebot abgelehnt',
      detail: f.money(d.payout),
    }),
    CounterOfferReminderSent: (d, f) => ({ what: 'An das Gegenangebot erinnert', detail: `Antwort bis ${f.dateTime(d.answerBy)}` }),
    ReturnedToCustomer: (d, f) => ({ what: 'An die Kundschaft zurückgeschickt', detail: list(`${d.carrier} ${d.shipmentNo}`, d.cost && `Kosten ${f.money(d.cost)}`) }),
    RouteOverridden: (d, f) => ({
      what: d.withdrawn ? 'Von der Reparatur zurückgeholt, Weg geändert' : 'Weg geändert',
      detail: list(d.withdrawn && `Auftrag bei ${f.partnerName(d.withdrawn.partnerId)} zurückgezogen`, `${f.labels.routes[d.from]} → ${f.labels.routes[d.route]}`, d.reason, d.lossAccepted && 'auch mit Verlust anbieten'),
    }),
    RoutedToRecycling: (d, f) => ({ what: 'Zum Recycling', detail: routeReason('RECYCLE', d.reason, d.basis, ROUTE_REASON_WORDS.de, f) }),
    RepairAssigned: (d, f) => ({ what: 'Reparatur beauftragt', detail: list(f.partnerName(d.partnerId), `erwartet ${f.money(d.expectedCost)}`, d.costLimit && `Grenze ${f.money(d.costLimit)}`) }),
    RepairCostLimitRaised: (d, f) => ({ what: 'Kostengrenze der Reparatur erhöht', detail: list(f.partnerName(d.partnerId), `${f.money(d.from)} → ${f.money(d.to)}`, d.reason) }),
    RepairUpdated: (d) => ({ what: d.status === 'ACCEPTED' ? 'Reparatur angenommen' : 'Reparatur begonnen' }),
    Repaired: (d, f) => ({ what: 'Repariert', detail: list(f.partnerName(d.partnerId), d.cost && f.money(d.cost)) }),
    Unrepairable: (d, f) => ({ what: 'Nicht reparierbar', detail: list(f.partnerName(d.partnerId), d.notes, d.cost && f.money(d.cost)) }),
    NeedsAttention: (d) => ({ what: 'Braucht Aufmerksamkeit', detail: attentionReason(d, ATTENTION_REASON_WORDS.de) }),
    VoucherIssued: (d, f) => ({ what: 'Gutschein ausgestellt', detail: `${f.money(d.value)}, gültig bis ${f.dateTime(d.expiresAt)}` }),
    VoucherExpiryReminderSent: (d, f) => ({ what: 'An den Gutschein erinnert', detail: `gültig bis ${f.dateTime(d.expiresAt)}` }),
    BankPayoutQueued: (d, f) => ({ what: 'Überweisung vorgemerkt', detail: f.money(d.amount) }),
    SettledWithoutPayout: () => ({ what: 'Ohne Auszahlung abgeschlossen', detail: 'Auszahlung 0: kein Gutschein, keine Überweisung' }),
    BankPayoutExported: () => ({ what: 'Überweisung in Bankdatei exportiert' }),
    BankDetailsReminderSent: () => ({ what: 'An die Bankverbindung erinnert' }),
    BankAccountReplaced: (d) => ({ what: 'Bankverbindung neu eingegeben', detail: d.ibanMasked }),
    CustomerEmailSent: (d) => ({ what: 'E-Mail an die Kundschaft', detail: TIMELINE_WORDS.de.emails[d.template] ?? d.template }),
    PersonalDataErased: (d) => ({ what: 'Personenbezogene Daten gelöscht', detail: d.reason }),
    Listed: (d, f) => ({
      what: 'Angeboten',
      detail: list(
        ...d.listings.map((listing) => `${f.labels.channels[listing.channel]} ${f.money(listing.price)}`),
        d.heldBack !== undefined &&
          d.heldBack.length > 0 &&
          d.cost !== undefined &&
          `nicht angeboten, weil mit Verlust (bisherige Kosten ${f.money(d.cost)}): ${d.heldBack.map((held) => `${f.labels.channels[held.channel]} ${f.money(held.price)}, netto ${f.money(held.net)}`).join('; ')}`,
        d.acceptedLoss !== undefined &&
          `mit Verlust angeboten: ${d.acceptedLoss.reason} (bisherige Kosten ${f.money(d.acceptedLoss.cost)}; ${d.acceptedLoss.channels.map((held) => `${f.labels.channels[held.channel]} netto ${f.money(held.net)}`).join('; ')})`,
      ),
    }),
    ListingPriceChanged: (d, f) => ({
      what: 'Preis geändert',
      detail: list(
        `${f.labels.channels[d.channel]} ${f.money(d.price)}`,
        d.acceptedLoss && `Verlust hingenommen: ${d.acceptedLoss.reason} (netto ${f.money(d.acceptedLoss.net)}, bisherige Kosten ${f.money(d.acceptedLoss.cost)})`,
      ),
    }),
    ListingWithdrawn: (d, f) => ({ what: 'Angebot zurückgezogen', detail: f.labels.channels[d.channel] }),
    Sold: (d, f) => ({
      what: 'Verkauft',
      detail: list(`${f.labels.channels[d.channel]} ${f.money(d.price)}`, d.afterReturn && 'nach einer Rücksendung', d.withdrawn !== undefined && d.withdrawn.length > 0 && `zurückgezogen: ${d.withdrawn.map((channel) => f.labels.channels[channel]).join(', ')}`),
    }),
    SaleReturned: (d, f) => ({ what: 'Vom Käufer zurückgeschickt', detail: list(f.labels.saleReturnReasons[d.reason], `Erstattung ${f.money(d.refund)}`, f.labels.routes[d.route]) }),
    OversoldCancelled: (d, f) => ({
      what: d.listingWithdrawn ? 'Bestellung storniert: Angebot war zurückgezogen' : 'Zweiter Verkauf storniert',
      detail: list(f.labels.channels[d.channel], d.orderId),
    }),
    OversoldCancellationRefused: (d, f) => ({
      what: 'Stornierung des zweiten Verkaufs abgelehnt: bitte dort von Hand stornieren und erstatten',
      detail: list(f.labels.channels[d.channel], d.orderId, d.reason),
    }),
    emails: {
      label: 'Versandetikett',
      'parcel-received': 'Paket eingegangen',
      graded: 'Bewertet',
      'graded-counter-offer': 'Gegenangebot',
      'voucher-issued': 'Gutschein',
      'voucher-expiry-reminder': 'Erinnerung an den Gutschein',
      'bank-payout-sent': 'Überweisung',
      'bank-details-needed': 'Bankverbindung gebraucht',
      'bank-details-reminder': 'Erinnerung an die Bankverbindung',
      'item-repaired': 'Artikel repariert',
      'item-sold': 'Artikel verkauft',
      'label-reminder': 'Erinnerung an den Versand',
      'take-back-expired': 'Rücknahme abgelaufen',
      'take-back-cancelled': 'Rücknahme storniert',
      'item-returned': 'Artikel zurückgeschickt',
      'parcel-rejected': 'Paket abgelehnt',
      'counter-offer-reminder': 'Erinnerung an das Gegenangebot',
      'counter-offer-lapsed': 'Gegenangebot verfallen',
    },
    byCustomer: 'von der Kundschaft',
  },
  en: {
    TakeBackRequested: (d, f) => ({ what: 'Take-back requested', detail: list(`self-assessed: ${f.labels.grades[d.selfAssessedGrade]}`, wordsOf(f.labels.payoutMethods, d.payoutMethod) ?? d.payoutMethod) }),
    LabelCreated: (d, f) => ({ what: 'Return label created', detail: `${d.carrier} ${d.shipmentNo}, ship by ${f.dateTime(d.shipBy)}` }),
    LabelEmailSent: () => ({ what: 'Label e-mailed' }),
    LabelFailed: (d) => ({ what: 'Label not created', detail: attentionReason(d, ATTENTION_REASON_WORDS.en) }),
    LabelRetried: (d, f) => ({
      what: 'Label requested again',
      ...(d.corrected.length ? { detail: `address corrected: ${d.corrected.map((field) => f.labels.addressFields[field]).join(', ')}` } : {}),
    }),
    LabelReminderSent: (d, f) => ({ what: 'Reminded to ship', detail: `ship by ${f.dateTime(d.shipBy)}` }),
    CustomerPhotoAdded: () => ({ what: "Customer's photo added" }),
    TakeBackExpired: (d, f) => ({ what: 'Take-back expired', detail: `not shipped by ${f.dateTime(d.shipBy)}` }),
    TakeBackCancelled: (d) => ({ what: 'Take-back cancelled', detail: d.by === undefined ? TIMELINE_WORDS.en.byCustomer : d.reason }),
    ParcelReceived: (d) => ({ what: 'Parcel received', ...(d.location ? { detail: d.location } : {}) }),
    ReceiptReinstated: (d, f) => ({ what: 'Receipt reinstated', detail: `was ${f.labels.states[d.from]}` }),
    ParcelRejected: (d, f) => ({ what: 'Parcel rejected', detail: f.labels.rejectionReasons[d.reason] }),
    Graded: (d, f) => ({
      what: 'Graded',
      detail: list(
        f.labels.grades[d.grade],
        f.labels.routes[d.route],
        d.settlement.outcome === 'COUNTER_OFFER' ? `counter-offer ${f.money(d.settlement.payout)}` : `payout ${f.money(d.settlement.payout)}`,
      ),
    }),
    CounterOfferAnswered: (d, f) => ({
      what: d.lapsed ? 'Counter-offer lapsed' : d.accepted ? 'Counter-offer accepted' : 'Counter-offer declined',
      detail: f.money(d.payout),
    }),
    CounterOfferReminderSent: (d, f) => ({ what: 'Reminded of the counter-offer', detail: `answer by ${f.dateTime(d.answerBy)}` }),
    ReturnedToCustomer: (d, f) => ({ what: 'Sent back to the customer', detail: list(`${d.carrier} ${d.shipmentNo}`, d.cost && `cost ${f.money(d.cost)}`) }),
    RouteOverridden: (d, f) => ({
      what: d.withdrawn ? 'Taken back from repair, route changed' : 'Route changed',
      detail: list(d.withdrawn && `job withdrawn from ${f.partnerName(d.withdrawn.partnerId)}`, `${f.labels.routes[d.from]} → ${f.labels.routes[d.route]}`, d.reason, d.lossAccepted && 'list even at a loss'),
    }),
    RoutedToRecycling: (d, f) => ({ what: 'To recycling', detail: routeReason('RECYCLE', d.reason, d.basis, ROUTE_REASON_WORDS.en, f) }),
    RepairAssigned: (d, f) => ({ what: 'Repair ordered', detail: list(f.partnerName(d.partnerId), `expected ${f.money(d.expectedCost)}`, d.costLimit && `limit ${f.money(d.costLimit)}`) }),
    RepairCostLimitRaised: (d, f) => ({ what: "Repair's cost limit raised", detail: list(f.partnerName(d.partnerId), `${f.money(d.from)} → ${f.money(d.to)}`, d.reason) }),
    RepairUpdated: (d) => ({ what: d.status === 'ACCEPTED' ? 'Repair accepted' : 'Repair started' }),
    Repaired: (d, f) => ({ what: 'Repaired', detail: list(f.partnerName(d.partnerId), d.cost && f.money(d.cost)) }),
    Unrepairable: (d, f) => ({ what: 'Not repairable', detail: list(f.partnerName(d.partnerId), d.notes, d.cost && f.money(d.cost)) }),
    NeedsAttention: (d) => ({ what: 'Needs attention', detail: attentionReason(d, ATTENTION_REASON_WORDS.en) }),
    VoucherIssued: (d, f) => ({ what: 'Voucher issued', detail: `${f.money(d.value)}, valid until ${f.dateTime(d.expiresAt)}` }),
    VoucherExpiryReminderSent: (d, f) => ({ what: 'Reminded of the voucher', detail: `valid until ${f.dateTime(d.expiresAt)}` }),
    BankPayoutQueued: (d, f) => ({ what: 'Bank transfer queued', detail: f.money(d.amount) }),
    SettledWithoutPayout: () => ({ what: 'Settled without payout', detail: 'payout of 0: no voucher, no transfer' }),
    BankPayoutExported: () => ({ what: 'Bank transfer exported to a bank file' }),
    BankDetailsReminderSent: () => ({ what: 'Reminded of the bank details' }),
    BankAccountReplaced: (d) => ({ what: 'Bank account entered again', detail: d.ibanMasked }),
    CustomerEmailSent: (d) => ({ what: 'E-mail to the customer', detail: TIMELINE_WORDS.en.emails[d.template] ?? d.template }),
    PersonalDataErased: (d) => ({ what: 'Personal data erased', detail: d.reason }),
    Listed: (d, f) => ({
      what: 'Listed',
      detail: list(
        ...d.listings.map((listing) => `${f.labels.channels[listing.channel]} ${f.money(listing.price)}`),
        d.heldBack !== undefined &&
          d.heldBack.length > 0 &&
          d.cost !== undefined &&
          `not listed, at a loss (cost so far ${f.money(d.cost)}): ${d.heldBack.map((held) => `${f.labels.channels[held.channel]} ${f.money(held.price)}, nets ${f.money(held.net)}`).join('; ')}`,
        d.acceptedLoss !== undefined &&
          `listed at a loss: ${d.acceptedLoss.reason} (cost so far ${f.money(d.acceptedLoss.cost)}; ${d.acceptedLoss.channels.map((held) => `${f.labels.channels[held.channel]} nets ${f.money(held.net)}`).join('; ')})`,
      ),
    }),
    ListingPriceChanged: (d, f) => ({
      what: 'Price changed',
      detail: list(
        `${f.labels.channels[d.channel]} ${f.money(d.price)}`,
        d.acceptedLoss && `loss accepted: ${d.acceptedLoss.reason} (net ${f.money(d.acceptedLoss.net)}, cost so far ${f.money(d.acceptedLoss.cost)})`,
      ),
    }),
    ListingWithdrawn: (d, f) => ({ what: 'Listing withdrawn', detail: f.labels.channels[d.channel] }),
    Sold: (d, f) => ({
      what: 'Sold',
      detail: list(`${f.labels.channels[d.channel]} ${f.money(d.price)}`, d.afterReturn && 'after a return', d.withdrawn !== undefined && d.withdrawn.length > 0 && `withdrawn: ${d.withdrawn.map((channel) => f.labels.channels[channel]).join(', ')}`),
    }),
    SaleReturned: (d, f) => ({ what: 'Sent back by its buyer', detail: list(f.labels.saleReturnReasons[d.reason], `refund ${f.money(d.refund)}`, f.labels.routes[d.route]) }),
    OversoldCancelled: (d, f) => ({
      what: d.listingWithdrawn ? 'Order cancelled: the listing had been withdrawn' : 'Second sale cancelled',
      detail: list(f.labels.channels[d.channel], d.orderId),
    }),
    OversoldCancellationRefused: (d, f) => ({
      what: 'The channel refused to cancel the second sale: cancel and refund it there by hand',
      detail: list(f.labels.channels[d.channel], d.orderId, d.reason),
    }),
    emails: {
      label: 'return label',
      'parcel-received': 'parcel received',
      graded: 'graded',
      'graded-counter-offer': 'counter-offer',
      'voucher-issued': 'voucher',
      'voucher-expiry-reminder': 'voucher reminder',
      'bank-payout-sent': 'bank transfer',
      'bank-details-needed': 'bank details needed',
      'bank-details-reminder': 'bank details reminder',
      'item-repaired': 'item repaired',
      'item-sold': 'item sold',
      'label-reminder': 'shipping reminder',
      'take-back-expired': 'take-back expired',
      'take-back-cancelled': 'take-back cancelled',
      'item-returned': 'item sent back',
      'parcel-rejected': 'parcel rejected',
      'counter-offer-reminder': 'counter-offer reminder',
      'counter-offer-lapsed': 'counter-offer lapsed',
    },
    byCustomer: 'by the customer',
  },
};

/**
 * A timeline event in words, read with the event catalogue's schema. An event the schema does not know as written
 * (one recorded before its data changed shape) is named by its type alone, never with a fact guessed.
 */
export function describeEvent(event: TimelineEvent, words: TimelineWords, formats: TimelineFormats): TimelineLine {
  const read = PassportEventDetailSchema.safeParse({ eventId: `-/${event.seq}`, passportId: '-', brand: '-', seq: event.seq, at: event.at, state: event.state, type: event.type, data: event.data });
  if (!read.success) return { what: event.type };
  const describe = words[read.data.type] as Describe<PassportEventType>;
  const line = describe(read.data.data as never, formats);
  const by = 'by' in read.data.data && typeof read.data.data.by === 'string' ? read.data.data.by : undefined;
  return { what: line.what, ...(line.detail ? { detail: line.detail } : {}), ...(by ? { by } : {}) };
}
