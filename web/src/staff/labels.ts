import type { BrandConfigPart } from '../../../shared/domain/brand-config';
import type { Grade } from '../../../shared/domain/catalog';
import { categoryName } from '../../../shared/domain/category-names';
import type { LedgerKind } from '../../../shared/domain/ledger';
import type { ListingState, SalesChannelName } from '../../../shared/domain/listings';
import type { JobStatus } from '../../../shared/domain/repair-partners';
import type { PayoutMethod } from '../../../shared/domain/passport';
import type { ErasureBlocker } from '../../../shared/domain/personal-data';
import type { PassportState } from '../../../shared/domain/lifecycle';
import type { RejectionReason } from '../../../shared/domain/parcel-rejection';
import type { ReturnAddressField } from '../../../shared/domain/label-retry';
import type { Route } from '../../../shared/domain/routing';
import type { SaleReturnReason } from '../../../shared/domain/sale-return';
import type { StaffRole } from '../../../shared/http/staff';
import type { Locale, Messages } from '../locales';

/** The words for the codes of the passport's lifecycle, as the staff read them. */
export const CODE_LABELS: Messages<{
  states: Record<PassportState, string>;
  grades: Record<Grade, string>;
  routes: Record<Route, string>;
  rejectionReasons: Record<RejectionReason, string>;
  /** The fields of a customer's return address: the label retry's form, and the timeline's corrections. */
  addressFields: Record<ReturnAddressField, string>;
  saleReturnReasons: Record<SaleReturnReason, string>;
  ledgerKinds: Record<LedgerKind, string>;
  /** The staff roles (`ops`, `analyst`, `admin`): the team page, and the sign-in beside their codes. */
  staffRoles: Record<StaffRole, string>;
  configParts: Record<BrandConfigPart, string>;
  erasureBlockers: Record<ErasureBlocker, string>;
  listingStates: Record<ListingState, string>;
  channels: Record<SalesChannelName, string>;
  /** A repair job's status as its partner last reported it. */
  jobStatuses: Record<JobStatus, string>;
  /** How a customer is paid: the timeline's requests, the prices form's losses. */
  payoutMethods: Record<PayoutMethod, string>;
}> = {
  de: {
    states: {
      REQUESTED: 'Angefragt',
      LABEL_CREATED: 'Etikett erstellt',
      NEEDS_ATTENTION: 'Braucht Aufmerksamkeit',
      EXPIRED: 'Abgelaufen',
      CANCELLED: 'Storniert',
      RECEIVED: 'Eingegangen',
      GRADED: 'Bewertet',
      COUNTER_OFFERED: 'Gegenangebot',
      RETURN_TO_CUSTOMER: 'Zurück an Kunden',
      RETURNED: 'An Kunden zurückgeschickt',
      REJECTED: 'Abgelehnt',
      IN_REPAIR: 'In Reparatur',
      REPAIRED: 'Repariert',
      LISTED: 'Angeboten',
      SOLD: 'Verkauft',
      RECYCLE: 'Zum Recycling',
      RECYCLED: 'Recycelt',
    },
    grades: { LIKE_NEW: 'Wie neu', GOOD: 'Gut', FAIR: 'Akzeptabel', DEFECTIVE: 'Defekt' },
    staffRoles: { ops: 'Lager', analyst: 'Analyse', admin: 'Verwaltung' },
    routes: { RESELL: 'Wiederverkauf', REPAIR: 'Reparatur', RECYCLE: 'Recycling' },
    rejectionReasons: { EMPTY: 'Paket war leer', OTHER_ITEM: 'Anderer Artikel als angegeben' },
    addressFields: { name: 'Name', street: 'Straße', houseNumber: 'Hausnummer', postalCode: 'Postleitzahl', city: 'Ort', country: 'Land' },
    saleReturnReasons: {
      CHANGED_MIND: 'Käufer hat es sich anders überlegt',
      NOT_AS_DESCRIBED: 'Nicht wie beschrieben',
      DAMAGED_IN_TRANSIT: 'Beim Versand beschädigt',
      DEFECTIVE: 'Defekt',
      OTHER: 'Anderer Grund',
    },
    ledgerKinds: {
      LABEL: 'Versandetikett',
      PAYOUT: 'Auszahlung',
      REPAIR: 'Reparatur',
      PARTS: 'Ersatzteile',
      SALE: 'Verkauf',
      CHANNEL_FEE: 'Kanalgebühr',
      SHIPPING: 'Versand an Käufer',
      SALE_REFUND: 'Erstattung an Käufer',
      FEE_REFUND: 'Gebührengutschrift',
    },
    configParts: {
      identity: 'Marke und Versand',
      products: 'Produkte',
      questions: 'Zustandsfragen',
      offerRules: 'Angebotsregeln',
      routing: 'Routing',
      payouts: 'Auszahlungen',
      resale: 'Wiederverkauf',
      impactOverrides: 'Wirkungsfaktoren',
      labelCost: 'Etikettkosten',
      returnReasons: 'Rückgabegründe',
      reportRecipients: 'Berichtsempfänger',
      theme: 'Erscheinungsbild',
      categoryNames: 'Kategorienamen',
    },
    erasureBlockers: {
      TAKE_BACK_OPEN: 'Die Rückgabe ist noch offen: Stornieren Sie sie zuerst, oder warten Sie, bis die Kundin oder der Kunde ausgezahlt ist.',
      ITEM_TO_GO_BACK: 'Der Artikel muss erst noch an die Kundin oder den Kunden zurückgeschickt werden.',
      COUNTER_OFFER_OPEN: 'Die Antwort auf das Gegenangebot steht noch aus.',
      PAYOUT_NOT_MADE: 'Die Auszahlung an die Kundin oder den Kunden ist noch nicht erfolgt.',
    },
    listingStates: { LISTED: 'Angeboten', SOLD: 'Verkauft', WITHDRAWN: 'Zurückgezogen', CANCELLED: 'Storniert' },
    channels: { shopify: 'Eigener Shop (Shopify)', ebay: 'eBay', backmarket: 'Back Market', refurbed: 'Refurbed' },
    jobStatuses: { ASSIGNED: 'Beauftragt', ACCEPTED: 'Angenommen', IN_PROGRESS: 'In Arbeit', COMPLETED: 'Repariert', UNREPAIRABLE: 'Nicht reparierbar', WITHDRAWN: 'Zurückgezogen' },
    payoutMethods: { VOUCHER: 'Gutschein', BANK_TRANSFER: 'Überweisung' },
  },
  en: {
    states: {
      REQUESTED: 'Requested',
      LABEL_CREATED: 'Label created',
      NEEDS_ATTENTION: 'Needs attention',
      EXPIRED: 'Expired',
      CANCELLED: 'Cancelled',
      RECEIVED: 'Received',
      GRADED: 'Graded',
      COUNTER_OFFERED: 'Counter-offered',
      RETURN_TO_CUSTOMER: 'Back to customer',
      RETURNED: 'Sent back to customer',
      REJECTED: 'Rejected',
      IN_REPAIR: 'In repair',
      REPAIRED: 'Repaired',
      LISTED: 'Listed',
      SOLD: 'Sold',
      RECYCLE: 'To recycle',
      RECYCLED: 'Recycled',
    },
    grades: { LIKE_NEW: 'Like new', GOOD: 'Good', FAIR: 'Fair', DEFECTIVE: 'Defective' },
    staffRoles: { ops: 'Warehouse', analyst: 'Analysis', admin: 'Administration' },
    routes: { RESELL: 'Resell', REPAIR: 'Repair', RECYCLE: 'Recycle' },
    rejectionReasons: { EMPTY: 'The parcel was empty', OTHER_ITEM: 'A different item than declared' },
    addressFields: { name: 'Name', street: 'Street', houseNumber: 'House number', postalCode: 'Postal code', city: 'City', country: 'Country' },
    saleReturnReasons: {
      CHANGED_MIND: 'The buyer changed their mind',
      NOT_AS_DESCRIBED: 'Not as described',
      DAMAGED_IN_TRANSIT: 'Damaged in transit',
      DEFECTIVE: 'Defective',
      OTHER: 'Another reason',
    },
    ledgerKinds: {
      LABEL: 'Shipping label',
      PAYOUT: 'Payout',
      REPAIR: 'Repair',
      PARTS: 'Parts',
      SALE: 'Sale',
      CHANNEL_FEE: 'Channel fee',
      SHIPPING: 'Shipping to buyer',
      SALE_REFUND: 'Refund to buyer',
      FEE_REFUND: 'Fee credited back',
    },
    configParts: {
      identity: 'Brand and shipping',
      products: 'Products',
      questions: 'Condition questions',
      offerRules: 'Offer rules',
      routing: 'Routing',
      payouts: 'Payouts',
      resale: 'Resale',
      impactOverrides: 'Impact factors',
      labelCost: 'Label cost',
      returnReasons: 'Return reasons',
      reportRecipients: 'Report recipients',
      theme: 'Appearance',
      categoryNames: 'Category names',
    },
    erasureBlockers: {
      TAKE_BACK_OPEN: 'The take-back is still open: cancel it first, or wait until the customer is paid.',
      ITEM_TO_GO_BACK: 'The item is still to be sent back to the customer.',
      COUNTER_OFFER_OPEN: "The customer's answer to the counter-offer is still awaited.",
      PAYOUT_NOT_MADE: "The customer's payout is not made yet.",
    },
    listingStates: { LISTED: 'Listed', SOLD: 'Sold', WITHDRAWN: 'Withdrawn', CANCELLED: 'Cancelled' },
    channels: { shopify: 'Own shop (Shopify)', ebay: 'eBay', backmarket: 'Back Market', refurbed: 'Refurbed' },
    jobStatuses: { ASSIGNED: 'Ordered', ACCEPTED: 'Accepted', IN_PROGRESS: 'In progress', COMPLETED: 'Repaired', UNREPAIRABLE: 'Not repairable', WITHDRAWN: 'Withdrawn' },
    payoutMethods: { VOUCHER: 'voucher', BANK_TRANSFER: 'bank transfer' },
  },
};

/**
 * The words `words` has for `code`, or undefined for a code it has none for: one a newer platform wrote, which the
 * page then shows as the API words it (never a prototype's member, such as `constructor`).
 */
export function wordsOf(words: Readonly<Record<string, string>>, code: string | undefined): string | undefined {
  return code !== undefined && Object.hasOwn(words, code) ? words[code] : undefined;
}

/**
 * A category as the console shows it where its code matters too (the settings, whose JSON keys are codes): its name
 * (the brand's own, else the published one) with the code beside it, e.g. `Kopfhörer (headphones)`; the code alone
 * where it has no name.
 */
export function categoryWithCode(category: string, locale: Locale, brandNames?: Readonly<Record<string, string>>): string {
  const name = categoryName(category, locale, brandNames);
  return name === category ? category : `${name} (${category})`;
}
