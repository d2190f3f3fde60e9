import { useEffect, useRef, useState, type FormEvent } from 'react';
import { isSepaCountry, validateIban } from '../../../shared/domain/iban';
import { isOneLine } from '../../../shared/domain/plain-text';
import { carriesSepaName, fitsSepaName } from '../../../shared/domain/sepa-text';
import type { Problem } from '../../../shared/schemas/common';
import type { TrackedPayout } from '../../../shared/schemas/payouts';
import { ApiProblem, callApi, fieldErrors, newIdempotencyKey } from '../api';
import { useMessages } from '../i18n';
import { Button, ProblemMessage, TextField } from '../ui/kit';
import { isTrackedPayout } from './answers';
import { CUSTOMER_MESSAGES, type CustomerMessages } from './messages';
import { problemWords } from './problem-words';

/**
 * What is wrong with an account holder's name as typed, by the API's rules in the page's words: none given, a tab or
 * control character, a character the bank file cannot carry (no Latin letter at all, or a Chinese one beside them), or
 * longer than the bank file carries it. Until 7 December 2026 the page let the
 * middle two through and showed the API's English words at the field.
 */
export function accountHolderProblem(name: string, m: CustomerMessages): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return m.mustFill;
  if (!isOneLine(trimmed)) return m.notOneLine;
  if (!carriesSepaName(trimmed)) return m.holderNotLatin;
  if (!fitsSepaName(trimmed)) return m.holderTooLong;
  return undefined;
}

/** The IBAN as typed: undefined while nothing is typed, else whether it is valid and why not. */

export function checkIban(input: string, m: CustomerMessages): { valid: boolean; message: string } | undefined {
  if (input.trim() === '') return undefined;
  try {
    const { country } = validateIban(input);
    if (!isSepaCountry(country)) return { valid: false, message: m.ibanNotSepa(country) };
    return { valid: true, message: m.ibanValid };
  } catch (error) {
    return { valid: false, message: m.ibanInvalid(error instanceof Error ? error.message : '') };
  }
}

/**
 * The IBAN and the account holder, as the trade-in form and the tracking page ask for them: the
 * IBAN checked as typed, its message shown once the field is left or long enough to be whole.
 * `errors` are what a submit found, by field (`iban`, `accountHolder`).
 */
export function BankAccountFields({
  iban,
  accountHolder,
  errors,
  onChange,
}: {
  iban: string;
  accountHolder: string;
  errors: ReadonlyMap<string, string>;
  onChange(field: 'iban' | 'accountHolder', value: string): void;
}) {
  const m = useMessages(CUSTOMER_MESSAGES);
  // Checked as typed, but told only once it is long enough to be whole (the shortest IBAN has 15 characters) or left.
  const [ibanLeft, setIbanLeft] = useState(false);
  const ibanCheck = checkIban(iban, m);
  const ibanError = ibanCheck && !ibanCheck.valid && (ibanLeft || iban.replace(/\s+/g, '').length >= 15) ? ibanCheck.message : undefined;
  return (
    <>
      <TextField
        label={m.iban}
        value={iban}
        onChange={(e) => onChange('iban', e.target.value)}
        error={errors.get('iban') ?? ibanError}
        onBlur={() => setIbanLeft(true)}
        hint={ibanCheck?.valid ? m.ibanValid : m.ibanHint}
        autoComplete="off"
        spellCheck={false}
        maxLength={50}
      />
      <TextField label={m.accountHolder} value={accountHolder} onChange={(e) => onChange('accountHolder', e.target.value)} error={errors.get('accountHolder')} autoComplete="name" maxLength={70} />
    </>
  );
}

/**
 * The tracking page's form for a bank transfer set aside because its account could not be used:
 * the customer enters the account again (`PUT /v1/take-backs/{id}/bank-account`), and the transfer
 * goes into the next export.
 */
export function BankAccountReentry({ id, token, onSaved }: { id: string; token: string; onSaved(): void }) {
  const m = useMessages(CUSTOMER_MESSAGES);
  const [iban, setIban] = useState('');
  const [accountHolder, setAccountHolder] = useState('');
  const [errors, setErrors] = useState(new Map<string, string>());
  const [problem, setProblem] = useState<Problem>();
  const [sending, setSending] = useState(false);
  const idempotencyKey = useRef(newIdempotencyKey()).current;
  const form = useRef<HTMLFormElement>(null);
  /** A field's value as typed; what was said about it before no longer applies. */
  const typed = (field: 'iban' | 'accountHolder', value: string) => {
    (field === 'iban' ? setIban : setAccountHolder)(value);
    setErrors((previous) => {
      if (!previous.has(field)) return previous;
      const next = new Map(previous);
      next.delete(field);
      return next;
    });
  };
  const ibanCheck = checkIban(iban, m);

  // Focused once the field messages are committed (an effect), as on the trade-in form.
  const [errorFocusRequests, setErrorFocusRequests] = useState(0);
  useEffect(() => {
    if (errorFocusRequests > 0) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errorFocusRequests]);
  const focusFirstError = () => setErrorFocusRequests((count) => count + 1);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(undefined);
    const found = new Map<string, string>();
    if (iban.trim() === '') found.set('iban', m.mustFill);
    else if (ibanCheck && !ibanCheck.valid) found.set('iban', ibanCheck.message);
    const holderProblem = accountHolderProblem(accountHolder, m);
    if (holderProblem) found.set('accountHolder', holderProblem);
    setErrors(found);
    if (found.size > 0) return focusFirstError();
    setSending(true);
    try {
      await callApi<TrackedPayout>(`/v1/take-backs/${encodeURIComponent(id)}/bank-account`, {
        method: 'PUT',
        query: { token },
        body: { iban, accountHolder: accountHolder.trim() },
        idempotencyKey,
        isAnswer: isTrackedPayout,
      });
      onSaved();
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      const byPath = fieldErrors(error.problem);
      const byField = new Map([...byPath].filter(([path]) => path === 'iban' || path === 'accountHolder'));
      setErrors(byField);
      if (byField.size < byPath.size || byPath.size === 0) setProblem(error.problem);
      focusFirstError();
    } finally {
      setSending(false);
    }
  }

  return (
    <form ref={form} className="card" aria-labelledby="bank-account-title" data-testid="bank-account-reentry" onSubmit={submit} noValidate>
      <h3 id="bank-account-title">{m.reenterTitle}</h3>
      <p>{m.reenterExplained}</p>
      <BankAccountFields iban={iban} accountHolder={accountHolder} errors={errors} onChange={typed} />
      <ProblemMessage problem={problem} text={problem ? problemWords(problem, m) : undefined} />
      <div className="actions">
        <Button type="submit" busy={sending} disabled={sending}>
          {m.reenterSave}
        </Button>
      </div>
    </form>
  );
}
