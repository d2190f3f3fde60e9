import { useState, type FormEvent } from 'react';
import { addressMayBeCorrected, RETURN_ADDRESS_FIELDS, type ReturnAddress } from '../../../shared/domain/label-retry';
import type { Problem } from '../../../shared/schemas/common';
import type { PassportDetail } from '../../../shared/schemas/staff';
import { fieldErrors } from '../api';
import { useMessages } from '../i18n';
import type { AuthorizedApi } from '../sign-in/authorized';
import { Button, ProblemMessage, TextField } from '../ui/kit';
import { useKeyedRequest } from '../ui/use-request';
import { CODE_LABELS } from './labels';

const TEXT = {
  de: {
    title: 'Etikett erneut erstellen',
    intro:
      'Die Rückgabe wartet auf ihr Versandetikett (siehe Verlauf). Hat DHL die Adresse abgelehnt, korrigieren Sie sie hier, so wie die Kundschaft sie angibt; lag es an der DHL-Empfänger-ID der Marke, korrigieren Sie diese in den Einstellungen. Erstellen Sie das Etikett dann erneut: Es wird nur ein Etikett erstellt, und die Kundschaft erhält es per E-Mail.',
    hints: { country: 'Zweistelliger Ländercode, z. B. DE' } as Partial<Record<keyof ReturnAddress, string>>,
    submit: 'Etikett erneut erstellen',
    started: 'Das Etikett wird erstellt. Laden Sie die Seite in einer Minute neu, um das Ergebnis zu sehen.',
    countryNotTaken: (countries: string) => `Aus diesem Land nimmt die Marke keine Artikel zurück${countries ? `, nur aus ${countries}` : ''}.`,
    addressFixed: 'Die Etikettanfrage kann gerade bei DHL liegen: Die Adresse lässt sich korrigieren, sobald DHL geantwortet hat und die Rückgabe auf eine Person wartet.',
  },
  en: {
    title: 'Create the label again',
    intro:
      "The take-back waits for its return label (see the timeline). If DHL refused the address, correct it here as the customer gives it; if the brand's DHL receiver id was wrong, correct it in the settings. Then create the label again: only one label is made, and the customer gets it by e-mail.",
    hints: { country: 'Two-letter country code, e.g. DE' } as Partial<Record<keyof ReturnAddress, string>>,
    submit: 'Create label again',
    started: 'The label is being made. Reload the page in a minute to see how it went.',
    countryNotTaken: (countries: string) => `The brand takes no items back from this country${countries ? `, only from ${countries}` : ''}.`,
    addressFixed: 'The label request may be with DHL right now: the address can be corrected once DHL has answered and the take-back waits for a person.',
  },
};

/** What DHL accepts in each field, as the API checks it (`PostalAddressSchema`). */
const MAX_LENGTHS: Record<keyof ReturnAddress, number> = { name: 50, street: 50, houseNumber: 10, postalCode: 10, city: 40, country: 2 };

/**
 * Staff correct the customer's return address, prefilled as the passport holds it, and have the label made again
 * (`POST /v1/passports/{id}/label`): the address only where they changed it, `{}` otherwise. A 409 (the label made,
 * or the take-back ended, meanwhile) goes to `onConflict`, which says so in the page's words and shows the item as it
 * is now.
 */
export function LabelRetryForm({
  api,
  passport,
  returnAddress,
  onRetried,
  onConflict,
}: {
  api: AuthorizedApi;
  passport: PassportDetail;
  returnAddress: ReturnAddress;
  /** The label is being made: the page says so (`started`) and reads the passport again (the answer holds no address). */
  onRetried(started: string): void;
  onConflict(problem: Problem): void;
}) {
  const t = useMessages(TEXT);
  const fieldNames = useMessages(CODE_LABELS).addressFields;
  const [address, setAddress] = useState<ReturnAddress>(returnAddress);
  const correctable = addressMayBeCorrected(passport);
  const { busy, problem, setProblem, send } = useKeyedRequest();
  const errors = fieldErrors(problem);
  const fieldError = (field: keyof ReturnAddress) => {
    const message = errors.get(`returnAddress.${field}`);
    // A country the brand takes no items back from (422): the API's message lists the ones it does by their codes.
    if (field === 'country' && message !== undefined && problem?.status === 422) return t.countryNotTaken((message.match(/\b[A-Z]{2}\b/g) ?? []).join(', '));
    return message;
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const changed = RETURN_ADDRESS_FIELDS.some((field) => address[field] !== returnAddress[field]);
    await send(
      async (idempotencyKey) => {
        const body = changed ? { returnAddress: address } : {};
        await api.call<PassportDetail>(`/v1/passports/${passport.id}/label`, { method: 'POST', idempotencyKey, body });
        onRetried(t.started);
      },
      (refusal) => (refusal.status === 409 ? onConflict(refusal) : setProblem(refusal)),
    );
  }

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="label-retry-title">
      <h2 id="label-retry-title">{t.title}</h2>
      <p>{t.intro}</p>
      {/* While a label step may hold the request (REQUESTED), the API refuses a changed address: shown, not editable. */}
      {correctable ? null : <p data-testid="address-fixed">{t.addressFixed}</p>}
      {RETURN_ADDRESS_FIELDS.map((field) => (
        <TextField
          key={field}
          label={fieldNames[field]}
          name={field}
          value={address[field]}
          onChange={(event) => setAddress({ ...address, [field]: event.target.value })}
          readOnly={!correctable}
          error={fieldError(field)}
          maxLength={MAX_LENGTHS[field]}
          {...(t.hints[field] ? { hint: t.hints[field] } : {})}
        />
      ))}
      {problem && !RETURN_ADDRESS_FIELDS.some((field) => fieldError(field)) ? <ProblemMessage problem={problem} /> : null}
      <Button type="submit" busy={busy}>
        {t.submit}
      </Button>
    </form>
  );
}
