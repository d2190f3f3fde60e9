import type { PassportState } from '../../../shared/domain/lifecycle';
import type { RejectionReason } from '../../../shared/domain/parcel-rejection';
import type { PassportEventType } from '../../../shared/domain/passport';
import type { Messages } from '../i18n';


export interface CustomerMessages {
  tradeInTitle(brand: string): string;
  intro: string;
  productStep: string;
  search: string;
  searchHint: string;
  noMatch: string;
  product: string;
  conditionStep: string;
  offerStep: string;
  offerLoading: string;
  offerRange(min: string, max: string): string;
  offerValidUntil(date: string): string;
  offerNeedsAnswers: string;
  photos: string;
  photosHint(limit: number): string;
  photosTooMany(limit: number): string;
  photoWrongType(name: string): string;
  photoTooLarge(name: string): string;
  photoUploading(name: string): string;
  photoUploaded(name: string): string;
  photoFailed(name: string): string;
  detailsStep: string;
  name: string;
  email: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  country: string;
  /** The name of the country of an ISO 3166-1 alpha-2 code. */
  countryName(code: string): string;
  payoutStep: string;
  payoutMethod: string;
  voucher: string;
  bankTransfer: string;
  iban: string;
  ibanHint: string;
  ibanValid: string;
  ibanInvalid(detail: string): string;
  ibanNotSepa(country: string): string;
  accountHolder: string;
  reason: string;
  reasonPlaceholder: string;
  submit: string;
  submitting: string;
  fixErrors: string;
  mustFill: string;
  /** An account holder's name longer than a bank transfer carries once ä is written ae (70 characters). */
  holderTooLong: string;
  mustChoose: string;
  emailInvalid: string;
  /** A postcode the country chosen does not have, with one that it does. */
  postalCodeInvalid(example: string): string;
  /** A postcode no country has (checked for the countries whose own postcodes are not checked by their form). */
  postalCodeForm: string;
  /** A one-line field with a tab, line break or invisible control character (a bidi mark pasted with the text). */
  notOneLine: string;
  /** A name that holds a web or e-mail address, which the e-mails' greeting would show as a link. */
  nameHoldsAddress: string;
  /** An account holder's name with no Latin letter (in Arabic or Chinese script), which a bank transfer cannot carry. */
  holderNotLatin: string;
  /** A field the API refused where the page's own checks found nothing (they are the API's, so this is rare). */
  fieldRefused: string;
  /** The offer could not be worked out (no connection, the server's failure): asked again with `offerRetry`. */
  offerFailed: string;
  offerRetry: string;
  /** The offer the take-back named has expired or is gone: a new one is asked for. */
  offerRenewed: string;
  /**
   * No offer can be worked out for the product chosen: the API no longer takes it back (the quote's 404, or 422 for
   * questions changed since the page loaded). Said without `offerRetry`, which could never succeed.
   */
  itemNotTakenBack(brand: string): string;
  /**
   * The take-back refused because the brand took the product out of its catalog after the offer (409 naming its `sku`):
   * nothing was registered, also when the answer was unknown before; the customer picks again.
   */
  refusedItemNotTakenBack(brand: string): string;
  /** Submitted while the offer is still being worked out: the take-back is sent once it is there. */
  waitingForOffer: string;
  /** The e-mail address had as many return labels today as the brand sends one address a day (429). */
  labelCapReached(brand: string): string;
  /** Too many requests for now (429 of anything but the label cap). */
  busy: string;
  /**
   * No answer came to the take-back (no connection, a server's failure): it may have been registered. The page sends
   * the same request again, and the fields stay as sent until an answer comes.
   */
  sendUnanswered: string;
  /**
   * The take-back's request met a throttle (429 of API Gateway, not the API's label cap): it may have been registered
   * before, so it is held as for `sendUnanswered`, and sent again after a moment.
   */
  sendThrottled: string;
  sendAgain: string;
  /**
   * After an answer that was unknown, the quote is found used (409), or the request is refused past the day its key is
   * answered for (404/409): most likely by the take-back whose answer was lost. Said instead of asking for a new offer,
   * which `offerRetry` asks for when the customer wants one. Not said of a refusal that shows nothing was made.
   */
  probablyRegistered: string;
  /** Any other problem, in the page's language instead of the API's English. */
  somethingWrong: string;
  /**
   * The brand's catalog could not be loaded (no connection, the server's failure, or an answer not the platform's: a
   * hotel network's login page): loaded again with `retry`.
   */
  catalogFailed: string;
  /** Asks again for what a page could not load (the catalog, the take-back on the tracking page). */
  retry: string;
  // After submitting
  doneTitle: string;
  /** Leaves the thank-you page (kept in the tab across reloads) for an empty form: a second take-back, deliberately. */
  anotherReturn: string;
  /** Said once the label is made: the label e-mail goes out with it. */
  labelEmailed: string;
  labelLoading: string;
  labelAttention: string;
  downloadLabel: string;
  qrAlt: string;
  shipBy(date: string): string;
  nextTitle: string;
  /** The first step while there is a label to print. */
  printStep: string;
  nextSteps: string[];
  trackLink: string;
  // Tracking
  trackTitle(product: string): string;
  status: string;
  timeline: string;
  /** Events the customer sees, in plain words; the others (e-mails sent, price changes) stay off their timeline. */
  events: Partial<Record<PassportEventType, string>>;
  nextStep: string;
  nextByStatus: Record<PassportState, string>;
  /** GRADED once the payout is made: the item waits for its next life (resale, a repair, recycling). */
  nextAfterPayout: string;
  /** GRADED and accepted at a payout of 0: nothing is paid, and the item waits for its next life. */
  nextAfterNothingToPay: string;
  payoutTitle: string;
  payoutPending(range: string): string;
  payoutAwaitingAnswer: string;
  payoutPreparing: string;
  payoutVoucher(amount: string): string;
  payoutBank(amount: string, iban: string): string;
  payoutBankExported: string;
  payoutNothingToPay: string;
  reenterTitle: string;
  reenterExplained: string;
  reenterSave: string;
  voucherCode: string;
  voucherExpires(date: string): string;
  label: string;
  impactTitle: string;
  impactSaved(kg: string): string;
  impactUnknown: string;
  impactSource(source: string): string;
  counterOfferTitle: string;
  counterOffer(offered: string, value: string): string;
  accept: string;
  decline: string;
  counterOfferAccepted: string;
  counterOfferDeclined: string;
  /** The last day to answer a counter-offer, and what follows without an answer. */
  counterOfferAnswerBy(date: string): string;
  /** A counter-offer left unanswered past its deadline, which counts as declined. */
  counterOfferLapsed: string;
  cancelTitle: string;
  cancelExplained: string;
  /** Added to `cancelExplained` while the take-back has a label. */
  cancelVoidsLabel: string;
  cancel: string;
  cancelConfirm: string;
  cancelConfirmed: string;
  cancelKeep: string;
  /**
   * The cancellation refused (409) because the take-back moved on meanwhile, said by what the page read again: cancelled
   * already (another tab, or staff for the customer), past its shipping deadline, or its parcel arrived.
   */
  cancelRefused: { cancelled: string; expired: string; arrived: string };
  /** The answer to the counter-offer refused (409) because it was answered meanwhile (another tab) or lapsed, by the answer read again. */
  counterOfferRefused: { ACCEPTED: string; DECLINED: string; LAPSED: string };
  /** A refusal the page has no words of its own for, by its kind: the API's English title and detail are never shown. */
  problemWords: { invalid: string; changed: string; tooMany: string; failed: string; noConnection: string };
  payoutCancelled: string;
  /** A declined counter-offer: nothing is paid, and the item goes back. */
  payoutDeclined: string;
  /** A counter-offer that lapsed: nothing is paid, and the item goes back. */
  payoutLapsed: string;
  /** A parcel the warehouse rejected: why nothing is paid, by the reason. */
  payoutRejected: Record<RejectionReason, string>;
  returnTitle: string;
  returnShipment: (shipmentNo: string, date: string) => string;
  returnTrack: string;
  attention: string;
  /** Said beside the next step when DHL refused the address given for the label. */
  addressRefused: string;
  notFound: string;
  /** A trade-in link of a brand the platform does not know (the catalog's 404, or a name that is no brand's). */
  unknownBrand: string;
  /** A brand whose configuration is not complete yet: the catalog says it takes nothing back (`takesItemsBack`). */
  notTakingBackYet(brand: string): string;
  badLink: string;
}

/**
 * A country's name in the page's language, from the browser's own list (every ISO 3166-1 code). Until 7 December 2026
 * the pages named six countries and showed any other a brand takes items back from by its code ("IE").
 */
function countryNames(locale: string): (code: string) => string {
  const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
  return (code) => names.of(code) ?? code;
}

export const CUSTOMER_MESSAGES: Messages<CustomerMessages> = {
  de: {
    tradeInTitle: (brand) => `Zurückgeben bei ${brand}`,
    intro: 'Geben Sie Ihr gebrauchtes Produkt zurück: Sie sehen sofort, was es wert ist, und bekommen ein kostenloses Versandetikett.',
    productStep: '1. Ihr Produkt',
    search: 'Produkt suchen',
    searchHint: 'Name oder Kategorie des Produkts, z. B. „Jacke“ oder „Schuhe“',
    noMatch: 'Kein Produkt passt zu dieser Suche.',
    product: 'Produkt',
    conditionStep: '2. Zustand',
    offerStep: 'Ihr Angebot',
    offerLoading: 'Angebot wird berechnet …',
    offerRange: (min, max) => `${min} bis ${max}`,
    offerValidUntil: (date) => `Gültig bis ${date}. Den genauen Betrag legen wir nach der Prüfung fest.`,
    offerNeedsAnswers: 'Beantworten Sie die Fragen zum Zustand, dann sehen Sie Ihr Angebot.',
    detailsStep: '3. Ihre Angaben',
    name: 'Name',
    email: 'E-Mail',
    street: 'Straße',
    houseNumber: 'Hausnummer',
    postalCode: 'Postleitzahl',
    city: 'Ort',
    country: 'Land',
    countryName: countryNames('de'),
    payoutStep: '4. Auszahlung',
    payoutMethod: 'Wie möchten Sie ausgezahlt werden?',
    voucher: 'Gutschein für den Shop',
    bankTransfer: 'Überweisung auf Ihr Konto',
    iban: 'IBAN',
    ibanHint: 'Wird beim Tippen geprüft, z. B. DE89 3704 0044 0532 0130 00',
    ibanValid: 'Die IBAN ist gültig.',
    ibanInvalid: () => 'Diese IBAN ist nicht gültig. Bitte prüfen Sie sie Zeichen für Zeichen.',
    ibanNotSepa: (country) => `Überweisungen erreichen keine Konten in ${country}.`,
    accountHolder: 'Kontoinhaber:in',
    reason: 'Warum geben Sie das Produkt zurück?',
    reasonPlaceholder: 'Bitte wählen',
    photos: 'Fotos hinzufügen',
    photosHint: (limit) => `JPEG, PNG oder WebP bis 10 MB, bis zu ${limit}. Sie helfen uns bei der Prüfung; sie werden nach der Anmeldung hochgeladen.`,
    photosTooMany: (limit) => `Bitte wählen Sie höchstens ${limit} Fotos.`,
    photoWrongType: (name) => `${name} ist kein JPEG-, PNG- oder WebP-Bild.`,
    photoTooLarge: (name) => `${name} ist leer oder größer als 10 MB.`,
    photoUploading: (name) => `${name} wird hochgeladen …`,
    photoUploaded: (name) => `${name} ist hochgeladen.`,
    photoFailed: (name) => `${name} konnte nicht hochgeladen werden. Ihre Rückgabe ist trotzdem angemeldet.`,
    submit: 'Rückgabe anmelden',
    submitting: 'Wird gesendet …',
    fixErrors: 'Bitte prüfen Sie die markierten Felder.',
    mustFill: 'Bitte ausfüllen.',
    holderTooLong: 'Dieser Name ist für eine Überweisung zu lang (höchstens 70 Zeichen, ä als ae und ß als ss gezählt). Bitte kürzen Sie ihn so, wie Ihre Bank ihn führt.',
    mustChoose: 'Bitte wählen Sie eine Antwort.',
    emailInvalid: 'Bitte geben Sie eine gültige E-Mail-Adresse an.',
    postalCodeInvalid: (example) => `Diese Postleitzahl passt nicht zum gewählten Land. Bitte geben Sie sie so an: ${example}.`,
    postalCodeForm: 'Eine Postleitzahl hat 3 bis 10 Buchstaben und Ziffern, in Gruppen durch ein Leerzeichen oder einen Bindestrich getrennt.',
    notOneLine: 'Bitte ohne Tabulator, Zeilenumbruch oder unsichtbare Steuerzeichen (sie kommen oft mit kopiertem Text). Tippen Sie die Angabe am besten neu.',
    nameHoldsAddress: 'Bitte nur Ihren Namen, ohne Web- oder E-Mail-Adresse.',
    holderNotLatin: 'Bitte schreiben Sie den Namen in lateinischen Buchstaben, so wie Ihre Bank ihn führt.',
    fieldRefused: 'Diese Angabe können wir so nicht annehmen. Bitte prüfen Sie sie.',
    offerFailed: 'Ihr Angebot konnte gerade nicht berechnet werden.',
    offerRetry: 'Angebot erneut berechnen',
    offerRenewed: 'Ihr Angebot war nicht mehr gültig. Wir berechnen ein neues; bitte prüfen Sie es und senden Sie die Anmeldung dann erneut.',
    itemNotTakenBack: (brand) => `${brand} nimmt diesen Artikel nicht mehr zurück, daher können wir kein Angebot machen.`,
    refusedItemNotTakenBack: (brand) =>
      `Ihre Rückgabe ist nicht angemeldet: ${brand} nimmt diesen Artikel inzwischen nicht mehr zurück. Sie können einen anderen Artikel wählen und die Rückgabe neu anmelden.`,
    waitingForOffer: 'Ihr Angebot wird noch berechnet. Sobald es da ist, senden wir Ihre Anmeldung.',
    labelCapReached: (brand) => `Diese E-Mail-Adresse hat heute schon so viele Rücksendeetiketten von ${brand} bekommen, wie wir einer Adresse an einem Tag schicken. Bitte melden Sie die Rückgabe morgen an.`,
    busy: 'Gerade kommen sehr viele Anfragen bei uns an. Bitte versuchen Sie es in einer Minute erneut.',
    sendUnanswered: 'Wir haben keine Antwort erhalten und wissen daher nicht, ob Ihre Rückgabe angemeldet ist. Bitte senden Sie sie noch einmal: Wir senden genau dieselbe Anmeldung, so entsteht keine zweite Rückgabe. Bis dahin lassen sich Ihre Angaben nicht ändern.',
    sendThrottled:
      'Gerade kommen sehr viele Anfragen bei uns an, und wir wissen noch nicht, ob Ihre Rückgabe angemeldet ist. Bitte warten Sie einen Moment und senden Sie sie dann noch einmal: Wir senden genau dieselbe Anmeldung, so entsteht keine zweite Rückgabe. Bis dahin lassen sich Ihre Angaben nicht ändern.',
    sendAgain: 'Noch einmal senden',
    probablyRegistered:
      'Ihre Rückgabe ist wahrscheinlich schon angemeldet: Ihr Angebot gilt nicht mehr, vermutlich weil Ihre Anmeldung es schon verwendet hat. Bitte sehen Sie in Ihrem Postfach nach der E-Mail mit dem Rücksendeetikett. Ist keine gekommen, können Sie mit einem neuen Angebot noch einmal anmelden.',
    somethingWrong: 'Das hat leider nicht geklappt. Bitte versuchen Sie es später erneut.',
    catalogFailed: 'Die Seite konnte gerade nicht geladen werden. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.',
    retry: 'Erneut versuchen',
    doneTitle: 'Danke! Ihre Rückgabe ist angemeldet.',
    anotherReturn: 'Weitere Rückgabe anmelden',
    labelEmailed: 'Wir haben Ihnen das Etikett auch per E-Mail geschickt.',
    labelLoading: 'Ihr Versandetikett wird erstellt …',
    labelAttention: 'Das Etikett konnte noch nicht erstellt werden. Wir kümmern uns darum und schreiben Ihnen.',
    downloadLabel: 'Etikett herunterladen (PDF)',
    qrAlt: 'QR-Code für die DHL-Filiale',
    shipBy: (date) => `Bitte schicken Sie das Paket bis ${date} ab.`,
    nextTitle: 'So geht es weiter',
    printStep: 'Drucken Sie das Etikett aus oder zeigen Sie den QR-Code in einer DHL-Filiale.',
    nextSteps: [
      'Wir prüfen Ihr Produkt, sobald es bei uns ankommt.',
      'Danach zahlen wir Sie aus – als Gutschein oder per Überweisung.',
    ],
    trackLink: 'Rückgabe verfolgen',
    trackTitle: (product) => `Ihre Rückgabe: ${product}`,
    status: 'Stand',
    timeline: 'Verlauf',
    events: {
      TakeBackRequested: 'Rückgabe angemeldet',
      LabelCreated: 'Versandetikett erstellt',
      LabelEmailSent: 'Etikett per E-Mail geschickt',
      LabelFailed: 'Etikett konnte nicht erstellt werden',
      LabelRetried: 'Etikett wird neu erstellt',
      LabelReminderSent: 'Erinnerung an den Versand geschickt',
      CustomerPhotoAdded: 'Foto hinzugefügt',
      TakeBackExpired: 'Versandfrist abgelaufen',
      TakeBackCancelled: 'Rückgabe storniert',
      ParcelReceived: 'Paket bei uns angekommen',
      ParcelRejected: 'Im Paket war nicht das angemeldete Produkt',
      Graded: 'Produkt geprüft',
      CounterOfferAnswered: 'Gegenangebot beantwortet',
      CounterOfferReminderSent: 'Erinnerung an das Gegenangebot gesendet',
      ReturnedToCustomer: 'Produkt an Sie zurückgeschickt',
      RoutedToRecycling: 'Produkt geht ins Recycling',
      RepairAssigned: 'Produkt ist in der Reparatur',
      Repaired: 'Produkt repariert',
      NeedsAttention: 'Wir schauen uns Ihre Rückgabe genauer an',
      VoucherIssued: 'Gutschein ausgestellt',
      BankPayoutQueued: 'Überweisung vorgemerkt',
      SettledWithoutPayout: 'Ohne Vergütung angenommen',
      BankPayoutExported: 'Überweisung beauftragt',
      BankAccountReplaced: 'Bankverbindung neu angegeben',
      BankDetailsReminderSent: 'Erinnerung an die Bankverbindung geschickt',
      Listed: 'Produkt wird weiterverkauft',
      Sold: 'Produkt hat ein neues Zuhause gefunden',
      SaleReturned: 'Der Käufer hat das Produkt zurückgegeben',
    },
    nextStep: 'Nächster Schritt',
    nextByStatus: {
      REQUESTED: 'Wir erstellen Ihr Versandetikett.',
      LABEL_CREATED: 'Schicken Sie das Paket mit dem Etikett ab.',
      NEEDS_ATTENTION: 'Wir schauen uns Ihre Rückgabe an und melden uns.',
      EXPIRED: 'Die Versandfrist ist abgelaufen. Kommt Ihr Paket trotzdem an, prüfen wir es.',
      CANCELLED: 'Sie haben die Rückgabe storniert. Bitte schicken Sie das Paket nicht ab; kommt es trotzdem an, prüfen wir es.',
      RECEIVED: 'Wir prüfen Ihr Produkt in den nächsten Tagen.',
      GRADED: 'Ihre Auszahlung ist unterwegs.',
      COUNTER_OFFERED: 'Bitte beantworten Sie unser Gegenangebot.',
      RETURN_TO_CUSTOMER: 'Wir schicken Ihnen den Artikel aus Ihrem Paket auf unsere Kosten zurück.',
      RETURNED: 'Ihr Produkt ist auf dem Weg zurück zu Ihnen.',
      REJECTED: 'In Ihrem Paket war kein Produkt. Die Rückgabe ist damit ohne Auszahlung abgeschlossen. Haben Sie das Produkt noch, können Sie eine neue Rückgabe anmelden.',
      IN_REPAIR: 'Ihr altes Produkt wird repariert und bekommt ein zweites Leben.',
      REPAIRED: 'Ihr altes Produkt ist repariert und wird weiterverkauft.',
      LISTED: 'Ihr altes Produkt wird weiterverkauft.',
      SOLD: 'Ihr altes Produkt hat ein neues Zuhause. Danke!',
      RECYCLE: 'Ihr altes Produkt wird recycelt.',
      RECYCLED: 'Ihr altes Produkt wurde recycelt. Danke!',
    },
    nextAfterPayout: 'Sie haben Ihre Auszahlung erhalten. Ihr altes Produkt wird jetzt für sein nächstes Leben vorbereitet.',
    nextAfterNothingToPay: 'Wir haben Ihr altes Produkt ohne Vergütung angenommen. Es wird jetzt für sein nächstes Leben vorbereitet.',
    payoutTitle: 'Auszahlung',
    payoutPending: (range) => `Sie erhalten ${range}, sobald wir Ihr Produkt geprüft haben.`,
    payoutAwaitingAnswer: 'Die Auszahlung hängt von Ihrer Antwort auf das Gegenangebot ab.',
    payoutPreparing: 'Ihr Produkt ist geprüft; wir bereiten die Auszahlung vor.',
    payoutVoucher: (amount) => `Gutschein über ${amount}`,
    payoutBank: (amount, iban) => `${amount} per Überweisung auf ${iban}`,
    payoutBankExported: 'Die Überweisung ist beauftragt; das Geld ist in 1–2 Bankarbeitstagen auf Ihrem Konto.',
    payoutNothingToPay: 'In diesem Zustand hat Ihr Produkt keinen Auszahlungswert; wir haben es ohne Vergütung angenommen. Danke, dass Sie es zurückgegeben haben.',
    reenterTitle: 'Bitte geben Sie Ihre Bankverbindung noch einmal ein',
    reenterExplained: 'Wir konnten Ihre Bankverbindung nicht verwenden; die Überweisung wartet. Sobald Sie sie noch einmal angegeben haben, überweisen wir mit der nächsten Auszahlung.',
    reenterSave: 'Bankverbindung speichern',
    voucherCode: 'Gutscheincode',
    voucherExpires: (date) => `Gültig bis ${date}`,
    label: 'Versandetikett',
    impactTitle: 'Gespartes CO₂',
    impactSaved: (kg) => `Ihre Rückgabe spart etwa ${kg} kg CO₂e.`,
    impactUnknown: 'Für diese Produktart haben wir noch keinen belastbaren CO₂-Wert.',
    impactSource: (source) => `Quelle: ${source}`,
    counterOfferTitle: 'Gegenangebot',
    counterOffer: (offered, value) => `Bei der Prüfung war Ihr Produkt weniger wert als angegeben. Wir bieten ${value} statt ${offered}.`,
    accept: 'Gegenangebot annehmen',
    decline: 'Ablehnen und Produkt zurückbekommen',
    counterOfferAccepted: 'Sie haben das Gegenangebot angenommen.',
    counterOfferDeclined: 'Sie haben das Gegenangebot abgelehnt; wir schicken Ihnen das Produkt zurück.',
    counterOfferAnswerBy: (date) => `Bitte antworten Sie bis zum ${date}. Ohne Antwort bis dahin schicken wir Ihnen das Produkt kostenlos zurück.`,
    counterOfferLapsed: 'Sie haben das Gegenangebot nicht rechtzeitig angenommen; wir schicken Ihnen das Produkt zurück.',
    cancelTitle: 'Rückgabe stornieren',
    cancelExplained: 'Sie haben es sich anders überlegt? Bis Ihr Paket bei uns ankommt, können Sie die Rückgabe stornieren.',
    cancelVoidsLabel: 'Das Etikett ist danach nicht mehr gültig.',
    cancel: 'Rückgabe stornieren',
    cancelConfirm: 'Wirklich stornieren? Sie erhalten dann keine Auszahlung.',
    cancelConfirmed: 'Ja, stornieren',
    cancelKeep: 'Nein, Rückgabe behalten',
    cancelRefused: {
      cancelled: 'Die Rückgabe ist bereits storniert.',
      expired: 'Die Rückgabe lässt sich nicht mehr stornieren: Die Versandfrist ist abgelaufen.',
      arrived: 'Die Rückgabe lässt sich nicht mehr stornieren: Ihr Paket ist inzwischen bei uns angekommen.',
    },
    counterOfferRefused: {
      ACCEPTED: 'Das Gegenangebot war schon angenommen, etwa in einem anderen Fenster. Dabei bleibt es.',
      DECLINED: 'Das Gegenangebot war schon abgelehnt, etwa in einem anderen Fenster. Dabei bleibt es.',
      LAPSED: 'Die Frist für das Gegenangebot ist inzwischen abgelaufen.',
    },
    problemWords: {
      invalid: 'Das konnten wir so nicht annehmen. Bitte prüfen Sie Ihre Angaben.',
      changed: 'Ihre Rückgabe hat sich inzwischen geändert. Bitte laden Sie die Seite neu.',
      tooMany: 'Zu viele Versuche in kurzer Zeit. Bitte warten Sie einen Moment und versuchen Sie es dann noch einmal.',
      failed: 'Das hat gerade nicht geklappt. Bitte versuchen Sie es in ein paar Minuten noch einmal.',
      noConnection: 'Keine Verbindung. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.',
    },
    payoutCancelled: 'Keine Auszahlung: Sie haben die Rückgabe storniert.',
    payoutDeclined: 'Keine Auszahlung: Sie haben das Gegenangebot abgelehnt. Wir schicken Ihnen das Produkt kostenlos zurück.',
    payoutLapsed: 'Keine Auszahlung: Das Gegenangebot ist ohne Ihre Antwort abgelaufen. Wir schicken Ihnen das Produkt kostenlos zurück.',
    payoutRejected: {
      EMPTY: 'Keine Auszahlung: Ihr Paket war leer, als es bei uns ankam.',
      OTHER_ITEM: 'Keine Auszahlung: In Ihrem Paket war ein anderer Artikel als angemeldet. Wir schicken ihn Ihnen auf unsere Kosten zurück.',
    },
    returnTitle: 'Rücksendung an Sie',
    returnShipment: (shipmentNo, date) => `Am ${date} mit DHL verschickt, Sendungsnummer ${shipmentNo}.`,
    returnTrack: 'Sendung bei DHL verfolgen',
    attention: 'Hinweis',
    addressRefused: 'DHL konnte für die angegebene Adresse kein Rücksendeetikett erstellen. Wir melden uns bei Ihnen, um das zu klären.',
    notFound: 'Diese Seite gibt es nicht.',
    unknownBrand: 'Diese Marke nimmt hier keine Artikel zurück. Bitte prüfen Sie den Link oder nutzen Sie den Link auf der Website der Marke.',
    notTakingBackYet: (brand) => `${brand} nimmt hier noch keine Artikel zurück. Bitte versuchen Sie es später noch einmal.`,
    badLink: 'Dieser Link ist nicht (mehr) gültig. Bitte nutzen Sie den Link aus Ihrer E-Mail.',
  },
  en: {
    tradeInTitle: (brand) => `Trade in with ${brand}`,
    intro: 'Trade in your used product: see its value at once and get a free shipping label.',
    productStep: '1. Your product',
    search: 'Search for a product',
    searchHint: 'Name or category of the product, e.g. "jacket" or "shoes"',
    noMatch: 'No product matches this search.',
    product: 'Product',
    conditionStep: '2. Condition',
    offerStep: 'Your offer',
    offerLoading: 'Working out your offer …',
    offerRange: (min, max) => `${min} to ${max}`,
    offerValidUntil: (date) => `Valid until ${date}. We fix the exact amount after checking the item.`,
    offerNeedsAnswers: 'Answer the condition questions to see your offer.',
    detailsStep: '3. Your details',
    name: 'Name',
    email: 'E-mail',
    street: 'Street',
    houseNumber: 'House number',
    postalCode: 'Postcode',
    city: 'City',
    country: 'Country',
    countryName: countryNames('en'),
    payoutStep: '4. Payout',
    payoutMethod: 'How would you like to be paid?',
    voucher: 'Voucher for the shop',
    bankTransfer: 'Bank transfer to your account',
    iban: 'IBAN',
    ibanHint: 'Checked as you type, e.g. DE89 3704 0044 0532 0130 00',
    ibanValid: 'The IBAN is valid.',
    ibanInvalid: (detail) => detail,
    ibanNotSepa: (country) => `Transfers do not reach accounts in ${country}.`,
    accountHolder: 'Account holder',
    reason: 'Why are you returning the product?',
    reasonPlaceholder: 'Please choose',
    photos: 'Add photos',
    photosHint: (limit) => `JPEG, PNG or WebP up to 10 MB each, up to ${limit}. They help us check the item; they are uploaded once the trade-in is registered.`,
    photosTooMany: (limit) => `Please pick at most ${limit} photos.`,
    photoWrongType: (name) => `${name} is not a JPEG, PNG or WebP image.`,
    photoTooLarge: (name) => `${name} is empty or larger than 10 MB.`,
    photoUploading: (name) => `Uploading ${name} …`,
    photoUploaded: (name) => `${name} is uploaded.`,
    photoFailed: (name) => `${name} could not be uploaded. Your trade-in is registered all the same.`,
    submit: 'Register the trade-in',
    submitting: 'Sending …',
    fixErrors: 'Please check the marked fields.',
    mustFill: 'Please fill this in.',
    holderTooLong: 'This name is too long for a bank transfer (at most 70 characters, with ä counted as ae and ß as ss). Please shorten it as your bank has it.',
    mustChoose: 'Please choose an answer.',
    emailInvalid: 'Please give a valid e-mail address.',
    postalCodeInvalid: (example) => `This postcode does not fit the country chosen. Please write it like this: ${example}.`,
    postalCodeForm: 'A postcode has 3 to 10 letters and digits, in groups parted by one space or hyphen.',
    notOneLine: 'Please leave out tabs, line breaks and invisible control characters (they often come with pasted text). Typing it anew is best.',
    nameHoldsAddress: 'Please give just your name, without a web or e-mail address.',
    holderNotLatin: 'Please write the name in Latin letters, as your bank has it.',
    fieldRefused: 'We cannot take this as it is. Please check it.',
    offerFailed: 'Your offer could not be worked out just now.',
    offerRetry: 'Work out the offer again',
    offerRenewed: 'Your offer was no longer valid. We are working out a new one; please check it, then send the trade-in again.',
    itemNotTakenBack: (brand) => `${brand} no longer takes this item back, so we cannot make an offer for it.`,
    refusedItemNotTakenBack: (brand) =>
      `Your trade-in is not registered: ${brand} no longer takes this item back. You can choose another item and register the trade-in again.`,
    waitingForOffer: 'Your offer is still being worked out. We send your trade-in as soon as it is there.',
    labelCapReached: (brand) => `This e-mail address has had as many return labels from ${brand} today as we send one address in a day. Please register the trade-in tomorrow.`,
    busy: 'We are getting very many requests just now. Please try again in a minute.',
    sendUnanswered: 'No answer came, so we do not know whether your trade-in is registered. Please send it once more: we send exactly the same trade-in, so no second one is made. Until then your details cannot be changed.',
    sendThrottled:
      'We are getting very many requests just now, and we do not know yet whether your trade-in is registered. Please wait a moment, then send it once more: we send exactly the same trade-in, so no second one is made. Until then your details cannot be changed.',
    sendAgain: 'Send once more',
    probablyRegistered:
      'Your trade-in is probably registered already: your offer is no longer valid, most likely because your trade-in used it. Please look in your inbox for the e-mail with the return label. If none came, you can register it again with a new offer.',
    somethingWrong: 'Sorry, that did not work. Please try again later.',
    catalogFailed: 'The page could not be loaded just now. Please check your internet connection and try again.',
    retry: 'Try again',
    doneTitle: 'Thank you! Your trade-in is registered.',
    anotherReturn: 'Register another return',
    labelEmailed: 'We have also sent you the label by e-mail.',
    labelLoading: 'Creating your shipping label …',
    labelAttention: 'The label could not be created yet. We are on it and will write to you.',
    downloadLabel: 'Download the label (PDF)',
    qrAlt: 'QR code for the DHL shop',
    shipBy: (date) => `Please send the parcel by ${date}.`,
    nextTitle: 'What happens next',
    printStep: 'Print the label, or show the QR code at a DHL shop.',
    nextSteps: [
      'We check your product as soon as it arrives.',
      'Then we pay you: as a voucher or by bank transfer.',
    ],
    trackLink: 'Track your trade-in',
    trackTitle: (product) => `Your trade-in: ${product}`,
    status: 'Status',
    timeline: 'Timeline',
    events: {
      TakeBackRequested: 'Trade-in registered',
      LabelCreated: 'Shipping label created',
      LabelEmailSent: 'Label sent by e-mail',
      LabelFailed: 'The label could not be created',
      LabelRetried: 'The label is being made again',
      LabelReminderSent: 'Reminder to send the parcel',
      CustomerPhotoAdded: 'Photo added',
      TakeBackExpired: 'Shipping deadline passed',
      TakeBackCancelled: 'Trade-in cancelled',
      ParcelReceived: 'Parcel arrived with us',
      ParcelRejected: 'The parcel did not hold the registered product',
      Graded: 'Product checked',
      CounterOfferAnswered: 'Counter-offer answered',
      CounterOfferReminderSent: 'Reminder of the counter-offer sent',
      ReturnedToCustomer: 'Product sent back to you',
      RoutedToRecycling: 'Product goes to recycling',
      RepairAssigned: 'Product is being repaired',
      Repaired: 'Product repaired',
      NeedsAttention: 'We are taking a closer look at your trade-in',
      VoucherIssued: 'Voucher issued',
      BankPayoutQueued: 'Bank transfer scheduled',
      SettledWithoutPayout: 'Accepted without payment',
      BankPayoutExported: 'Bank transfer ordered',
      BankAccountReplaced: 'Bank details entered again',
      BankDetailsReminderSent: 'Reminder about the bank details sent',
      Listed: 'Product is up for resale',
      Sold: 'Product found a new home',
      SaleReturned: 'The buyer returned the product',
    },
    nextStep: 'Next step',
    nextByStatus: {
      REQUESTED: 'We are creating your shipping label.',
      LABEL_CREATED: 'Send the parcel with the label.',
      NEEDS_ATTENTION: 'We are looking into your trade-in and will get in touch.',
      EXPIRED: 'The shipping deadline has passed. If your parcel still arrives, we check it.',
      CANCELLED: 'You cancelled the trade-in. Please do not send the parcel; if it arrives anyway, we check it.',
      RECEIVED: 'We will check your product in the next few days.',
      GRADED: 'Your payout is on its way.',
      COUNTER_OFFERED: 'Please answer our counter-offer.',
      RETURN_TO_CUSTOMER: 'We are sending the item from your parcel back to you at our cost.',
      RETURNED: 'Your product is on its way back to you.',
      REJECTED: 'Your parcel held no product, so the trade-in is closed without a payout. If you still have the product, you can register a new trade-in.',
      IN_REPAIR: 'Your old product is being repaired for a second life.',
      REPAIRED: 'Your old product is repaired and will be resold.',
      LISTED: 'Your old product is up for resale.',
      SOLD: 'Your old product has a new home. Thank you!',
      RECYCLE: 'Your old product is being recycled.',
      RECYCLED: 'Your old product was recycled. Thank you!',
    },
    nextAfterPayout: 'You have received your payout. Your old product is now being prepared for its next life.',
    nextAfterNothingToPay: 'We have accepted your old product without payment. It is now being prepared for its next life.',
    payoutTitle: 'Payout',
    payoutPending: (range) => `You get ${range} once we have checked your product.`,
    payoutAwaitingAnswer: 'The payout depends on your answer to the counter-offer.',
    payoutPreparing: 'Your product is checked; we are preparing the payout.',
    payoutVoucher: (amount) => `Voucher worth ${amount}`,
    payoutBank: (amount, iban) => `${amount} by bank transfer to ${iban}`,
    payoutBankExported: 'The transfer is ordered; the money reaches your account in 1–2 banking days.',
    payoutNothingToPay: 'In this condition your product has no payout value; we have accepted it without payment. Thank you for bringing it back.',
    reenterTitle: 'Please enter your bank details again',
    reenterExplained: 'We could not use your bank details, so the transfer is waiting. Once you have entered them again, we pay it with the next payout run.',
    reenterSave: 'Save bank details',
    voucherCode: 'Voucher code',
    voucherExpires: (date) => `Valid until ${date}`,
    label: 'Shipping label',
    impactTitle: 'CO₂ saved',
    impactSaved: (kg) => `Your trade-in saves about ${kg} kg CO₂e.`,
    impactUnknown: 'We have no reliable CO₂ figure for this kind of product yet.',
    impactSource: (source) => `Source: ${source}`,
    counterOfferTitle: 'Counter-offer',
    counterOffer: (offered, value) => `When we checked it, your product was worth less than described. We offer ${value} instead of ${offered}.`,
    accept: 'Accept the counter-offer',
    decline: 'Decline and get the product back',
    counterOfferAccepted: 'You accepted the counter-offer.',
    counterOfferDeclined: 'You declined the counter-offer; we are sending the product back to you.',
    counterOfferAnswerBy: (date) => `Please answer by ${date}. Without an answer by then, we will send the product back to you free of charge.`,
    counterOfferLapsed: 'You did not accept the counter-offer in time; we are sending the product back to you.',
    cancelTitle: 'Cancel the trade-in',
    cancelExplained: 'Changed your mind? Until your parcel reaches us, you can cancel the trade-in.',
    cancelVoidsLabel: 'The label is then no longer valid.',
    cancel: 'Cancel the trade-in',
    cancelConfirm: 'Cancel it for sure? You then get no payout.',
    cancelConfirmed: 'Yes, cancel',
    cancelKeep: 'No, keep the trade-in',
    cancelRefused: {
      cancelled: 'The trade-in is cancelled already.',
      expired: 'The trade-in can no longer be cancelled: the shipping deadline has passed.',
      arrived: 'The trade-in can no longer be cancelled: your parcel has reached us in the meantime.',
    },
    counterOfferRefused: {
      ACCEPTED: 'The counter-offer had been accepted already, for example in another window. That answer stands.',
      DECLINED: 'The counter-offer had been declined already, for example in another window. That answer stands.',
      LAPSED: 'The time to answer the counter-offer has run out in the meantime.',
    },
    problemWords: {
      invalid: 'We could not accept this as it is. Please check what you entered.',
      changed: 'Your trade-in has changed in the meantime. Please reload the page.',
      tooMany: 'Too many attempts in a short time. Please wait a moment, then try again.',
      failed: 'That did not work just now. Please try again in a few minutes.',
      noConnection: 'No connection. Please check your internet connection and try again.',
    },
    payoutCancelled: 'No payout: you cancelled the trade-in.',
    payoutDeclined: 'No payout: you declined the counter-offer. We send the product back to you free of charge.',
    payoutLapsed: 'No payout: the counter-offer ran out without your answer. We send the product back to you free of charge.',
    payoutRejected: {
      EMPTY: 'No payout: your parcel was empty when it reached us.',
      OTHER_ITEM: 'No payout: your parcel held another item than the one you registered. We send it back to you at our cost.',
    },
    returnTitle: 'Your product back to you',
    returnShipment: (shipmentNo, date) => `Sent with DHL on ${date}, shipment number ${shipmentNo}.`,
    returnTrack: 'Track the parcel at DHL',
    attention: 'Note',
    addressRefused: 'DHL could not make a return label for the address you gave. We will get in touch to put it right.',
    notFound: 'This page does not exist.',
    unknownBrand: 'This brand does not take items back here. Please check the link, or use the one on the brand’s website.',
    notTakingBackYet: (brand) => `${brand} does not take items back here yet. Please try again later.`,
    badLink: 'This link is not valid (any more). Please use the link from your e-mail.',
  },
};
