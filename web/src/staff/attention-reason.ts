import { attentionReasonOf, type AttentionBasis } from '../../../shared/domain/attention';
import type { Messages } from '../locales';

type Basis<K extends AttentionBasis['kind']> = Extract<AttentionBasis, { kind: K }>;
type AttentionReasonWords = { [K in AttentionBasis['kind']]: (basis: Basis<K>) => string };

/**
 * Why a passport waits for a person, in the console's language, from the facts the platform kept
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
      `${{ LABEL: 'Das DHL-Rücksendeetikett', LABEL_EMAIL: 'Die Etikett-E-Mail an die Kundschaft', PAYOUT: 'Die Auszahlung an die Kundschaft' }[b.step]} war ${b.minutes} Minuten nach Beginn des Schritts noch nicht erledigt, obwohl sein Ablauf ${b.redrives}-mal neu gestartet wurde. Prüfen Sie die Ausführungen und Logs des Ablaufs für diesen Pass und wiederholen Sie dann den Schritt.`,
    LABEL_FAILED: (b) =>
      b.error === 'CarrierRejected'
        ? `DHL hat die Etikettanfrage abgelehnt: ${b.message}. Prüfen Sie die Adresse der Kundschaft und die DHL-Empfänger-ID der Marke.`
        : b.error === 'CarrierAuthFailed'
          ? `DHL hat die Zugangsdaten abgelehnt: ${b.message}. Prüfen Sie API-Schlüssel und Benutzer im DHL-Secret.`
          : b.error === 'CarrierUnavailable'
            ? `DHL war bei keinem Versuch erreichbar: ${b.message}. Erstellen Sie das Etikett später erneut.`
            : `Das Etikett konnte nicht erstellt werden (${b.error}): ${b.message}.`,
  },
  // The sentences the platform writes as `attention.reason`.
  en: { NO_REPAIR_PARTNER: attentionReasonOf, STALLED: attentionReasonOf, LABEL_FAILED: attentionReasonOf },
};

/**
 * A passport's attention as staff read it: the platform's facts in the console's language, or, without
 * them (a step that failed with an error message only, a passport flagged before the platform kept them),
 * the reason as written.
 */
export function attentionReason(attention: { reason: string; basis?: AttentionBasis }, words: AttentionReasonWords): string {
  if (!attention.basis) return attention.reason;
  return (words[attention.basis.kind] as (basis: AttentionBasis) => string)(attention.basis);
}
