import { ATTENTION_REASONS, type AttentionBasis, type HeldPayoutProblem } from '../../../shared/domain/attention';
import type { Messages } from '../locales';

type Basis<K extends AttentionBasis['kind']> = Extract<AttentionBasis, { kind: K }>;

/** Why the account of a transfer an export set aside cannot be read (`PAYOUT_HELD`). */
const UNREADABLE_ACCOUNTS_DE: Record<HeldPayoutProblem, (keyId?: string) => string> = {
  NO_BANK_ACCOUNT: () => 'Ihr Pass enthält kein Bankkonto',
  MALFORMED: () => 'Ihr versiegeltes Bankkonto ist beschädigt',
  KEY_RETIRED: (keyId) => `Ihr Bankkonto wurde mit dem Feldschlüssel „${keyId}“ versiegelt, den das FieldKey-Secret nicht mehr enthält`,
  ALTERED: () => 'Ihr versiegeltes Bankkonto wurde verändert oder für einen anderen Datensatz oder mit einem anderen Secret versiegelt',
  NOT_AN_ACCOUNT: () => 'Ihr versiegeltes Bankkonto enthält keine IBAN und keinen Kontoinhaber',
  NAME_TOO_LONG: () => 'Der Name des Kontoinhabers ist länger als die 70 Zeichen, die eine Überweisungsdatei trägt (ä als ae, ß als ss geschrieben)',
  AMOUNT_OUT_OF_RANGE: () => 'Ihr Betrag liegt außerhalb der 0,01 bis 999.999.999,99, die eine SEPA-Überweisung trägt',
};

type AttentionReasonWords = { [K in AttentionBasis['kind']]: (basis: Basis<K>) => string };

/**
 * Why a passport or its payout waits for a person, in the console's language, from the facts the platform kept
 * with it (`AttentionBasis`); in English, the very sentence the API's `attention.reason` carries.
 * The carrier's own message is quoted as DHL wrote it.
 */
export const ATTENTION_REASON_WORDS: Messages<AttentionReasonWords> = {
  de: {
    NO_REPAIR_PARTNER: (b) =>
      b.problem === 'no-partner-for-category'
        ? `Kein aktiver Reparaturpartner repariert „${b.category}“`
        : b.problem === 'no-partner-for-region'
          ? `Kein Reparaturpartner für „${b.category}“ bedient ${b.where}`
          : `Alle Reparaturpartner für „${b.category}“ in ${b.where} sind ausgelastet`,
    STALLED: (b) =>
      `${{ LABEL: 'Das DHL-Rücksendeetikett', LABEL_EMAIL: 'Die Etikett-E-Mail an die Kundschaft', PAYOUT: 'Die Auszahlung an die Kundschaft', ROUTING: 'Die Weiterleitung des Artikels (zum Reparaturpartner oder ins Recycling)', LISTING: 'Das Einstellen des Artikels in die Kanäle der Marke' }[b.step]} war ${b.minutes} Minuten nach Beginn des Schritts noch nicht erledigt, obwohl sein Ablauf ${b.redrives}-mal neu gestartet wurde. Prüfen Sie die Ausführungen und Logs des Ablaufs für diesen Pass und ${b.step === 'LISTING' ? 'leiten Sie den Artikel dann erneut zum Wiederverkauf' : b.step === 'ROUTING' ? 'ändern Sie dann die Route' : 'wiederholen Sie dann den Schritt'}.`,
    LABEL_FAILED: (b) =>
      b.error === 'CarrierRejected'
        ? `DHL hat die Etikettanfrage abgelehnt: ${b.message}. Prüfen Sie die Adresse der Kundschaft und die DHL-Empfänger-ID der Marke.`
        : b.error === 'CarrierAuthFailed'
          ? `DHL hat die Zugangsdaten abgelehnt: ${b.message}. Prüfen Sie API-Schlüssel und Benutzer im DHL-Secret.`
          : b.error === 'CarrierUnavailable'
            ? `DHL war bei keinem Versuch erreichbar: ${b.message}. Erstellen Sie das Etikett später erneut.`
            : `Das Etikett konnte nicht erstellt werden (${b.error}): ${b.message}.`,
    STEP_FAILED: (b) =>
      b.step === 'ROUTING'
        ? `Die Weiterleitung ist fehlgeschlagen (${b.error}): ${b.message}. Prüfen Sie die Routenregeln und Reparaturpartner der Marke und ändern Sie dann die Route.`
        : `Das Einstellen in die Kanäle ist fehlgeschlagen (${b.error}): ${b.message}. Prüfen Sie die Kanäle und Preisregeln der Marke und leiten Sie den Artikel dann erneut zum Wiederverkauf.`,
    PAYOUT_FAILED: (b) =>
      `Die Auszahlung konnte nicht geleistet werden (${b.error}): ${b.message}. Prüfen Sie die Auszahlungseinstellungen der Marke und starten Sie die Auszahlung erneut.`,
    PAYOUT_HELD: (b) =>
      `Die Überweisung ${b.payoutId} kann nicht exportiert werden: ${UNREADABLE_ACCOUNTS_DE[b.problem](b.keyId)}. ` +
      (b.problem === 'AMOUNT_OUT_OF_RANGE'
        ? 'Sie ist auf Dauer zurückgestellt, und die Kundschaft wird um nichts gebeten: Zahlen Sie auf anderem Weg, falls etwas geschuldet ist.'
        : b.problem === 'NAME_TOO_LONG'
          ? 'Sie ist zurückgestellt und kommt in den nächsten Export, sobald die Kundschaft das Konto auf der Sendungsverfolgung erneut eingibt, mit dem Namen so gekürzt, wie die Bank ihn führt.'
          : 'Sie ist zurückgestellt und kommt in den nächsten Export, sobald sich ihr Konto wieder öffnen lässt (prüfen Sie das ' +
            'Plattform-Secret, mit dem die Bankkonten versiegelt sind) oder die Kundschaft das Konto auf der Sendungsverfolgung erneut eingibt.'),
  },
  // The sentences the platform writes as `attention.reason`.
  en: ATTENTION_REASONS,
};

/**
 * A passport's or a payout's attention as staff read it: the platform's facts in the console's language,
 * or the reason as written without them (flagged before the platform kept them) or for facts of a kind this
 * page does not know (a console left open while a newer platform was deployed).
 */
export function attentionReason(attention: { reason: string; basis?: AttentionBasis }, words: AttentionReasonWords): string {
  const word = attention.basis && Object.hasOwn(words, attention.basis.kind) ? (words[attention.basis.kind] as (basis: AttentionBasis) => string) : undefined;
  return word ? word(attention.basis!) : attention.reason;
}
