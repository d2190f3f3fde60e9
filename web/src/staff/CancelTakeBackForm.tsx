import { useRef, useState, type FormEvent } from 'react';
import type { Problem } from '../../../shared/schemas/common';
import { TakeBackCancellationRequestSchema, type PassportDetail } from '../../../shared/schemas/staff';
import { fieldErrors, problemOfIssues } from '../api';
import { useMessages } from '../i18n';
import type { AuthorizedApi } from '../sign-in/authorized';
import { refusalIn, useFocusWhenShown } from '../ui/focus';
import { Button, ProblemMessage, TextField } from '../ui/kit';
import { useKeyedRequest } from '../ui/use-request';
import { isPassportDetail } from './answers';

const TEXT = {
  de: {
    title: 'Rückgabe stornieren',
    intro: 'Für Kundinnen und Kunden, die schreiben oder anrufen, solange das Paket nicht eingegangen ist. Sie erhalten eine E-Mail; das Etikett ist danach nicht mehr gültig. Kommt das Paket trotzdem an, wird es angenommen.',
    reason: 'Grund',
    reasonHint: 'Mindestens 3 Zeichen, z. B. „Kundin hat angerufen, behält das Gerät“. Steht danach im Verlauf.',
    reasonInvalid: 'Bitte nennen Sie einen Grund mit 3 bis 500 Zeichen.',
    submit: 'Rückgabe stornieren',
  },
  en: {
    title: 'Cancel the take-back',
    intro: 'For customers who write or call, until the parcel is received. They get an e-mail; the label is then no longer valid. A parcel that arrives all the same is received.',
    reason: 'Reason',
    reasonHint: 'At least 3 characters, e.g. “customer called, keeps the device”. Kept on the timeline.',
    reasonInvalid: 'Please give a reason of 3 to 500 characters.',
    submit: 'Cancel the take-back',
  },
};

/**
 * Staff cancel a take-back for its customer (`POST /v1/passports/{id}/cancellation`) with a reason, checked as the
 * API checks it before anything is sent (until 7 December 2026 an empty one went out and came back as the API's
 * English). A 409 (received or cancelled meanwhile) goes to `onConflict`; another refusal is said at the field or
 * above the button, with the focus there.
 */
export function CancelTakeBackForm({
  api,
  passport,
  onCancelled,
  onConflict,
}: {
  api: AuthorizedApi;
  passport: PassportDetail;
  onCancelled(passport: PassportDetail): void;
  onConflict(problem: Problem): void;
}) {
  const t = useMessages(TEXT);
  const [reason, setReason] = useState('');
  const { busy, problem, setProblem, send } = useKeyedRequest();
  const errors = fieldErrors(problem);
  const form = useRef<HTMLFormElement>(null);
  const focusWhenShown = useFocusWhenShown();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = TakeBackCancellationRequestSchema.safeParse({ reason });
    if (!checked.success) {
      setProblem(problemOfIssues(checked.error.issues, new Map([['reason', t.reasonInvalid]])));
      focusWhenShown(() => refusalIn(form.current));
      return;
    }
    await send(
      async (idempotencyKey) => {
        onCancelled(await api.call<PassportDetail>(`/v1/passports/${passport.id}/cancellation`, { method: 'POST', idempotencyKey, body: checked.data, isAnswer: isPassportDetail }));
      },
      (refusal) => {
        if (refusal.status === 409) return onConflict(refusal);
        setProblem(refusal);
        focusWhenShown(() => refusalIn(form.current));
      },
    );
  }

  return (
    <form ref={form} className="card" onSubmit={submit} noValidate aria-labelledby="cancel-title">
      <h2 id="cancel-title">{t.title}</h2>
      <p>{t.intro}</p>
      <TextField label={t.reason} hint={t.reasonHint} name="reason" value={reason} onChange={(event) => setReason(event.target.value)} error={errors.get('reason')} maxLength={500} />
      {problem && !errors.has('reason') ? <ProblemMessage problem={problem} /> : null}
      <Button type="submit" busy={busy} variant="secondary">
        {t.submit}
      </Button>
    </form>
  );
}
