import type { AttentionBasis } from '../../../shared/domain/passport';
import type { Messages } from '../locales';

type Basis<K extends AttentionBasis['kind']> = Extract<AttentionBasis, { kind: K }>;
type AttentionReasonWords = { [K in AttentionBasis['kind']]: (basis: Basis<K>) => string };

/**
 * Why a passport waits for a person, in the console's language, from the facts the platform kept
 * with it (`AttentionBasis`); the API's `attention.reason` says the same in English. The carrier's
 * own message is quoted as DHL wrote it.
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
  en: {
    NO_REPAIR_PARTNER: (b) =>
      b.problem === 'no-partner-for-category'
        ? `No active repair partner repairs “${b.category}”`
        : b.problem === 'no-partner-for-region'
          ? `No repair partner for “${b.category}” serves ${b.where}`
          : `Every repair partner for “${b.category}” serving ${b.where} is at capacity`,
    STALLED: (b) =>
      `${{ LABEL: 'The DHL return label', LABEL_EMAIL: 'The label e-mail to the customer', PAYOUT: "The customer's payout" }[b.step]} was still not done ${b.minutes} minutes after the step began, although its workflow was started again ${b.redrives} times. Look at the workflow's executions and logs for this passport, then retry the step.`,
    LABEL_FAILED: (b) =>
      b.error === 'CarrierRejected'
        ? `DHL refused the label request: ${b.message}. Check the customer's address and the brand's DHL receiver id.`
        : b.error === 'CarrierAuthFailed'
          ? `DHL refused our credentials: ${b.message}. Check the DHL API key and user in the DHL secret.`
          : b.error === 'CarrierUnavailable'
            ? `DHL was unavailable on every attempt: ${b.message}. Retry the label later.`
            : `The label could not be created (${b.error}): ${b.message}.`,
  },
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
