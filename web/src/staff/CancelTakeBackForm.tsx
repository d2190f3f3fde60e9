import { useState, type FormEvent } from 'react';
import type { PassportDetail } from '../../../shared/schemas/staff';
import { fieldErrors } from '../api';
import { useMessages } from '../i18n';
import type { AuthorizedApi } from '../sign-in/authorized';
import { Button, ProblemMessage, TextField } from '../ui/kit';
import { useKeyedRequest } from '../ui/use-request';

const TEXT = {
  de: {
    title: 'Rückgabe stornieren',
    intro: 'Für Kundinnen und Kunden, die schreiben oder anrufen, solange das Paket nicht eingegangen ist. Sie erhalten eine E-Mail; das Etikett ist danach nicht mehr gültig. Kommt das Paket trotzdem an, wird es angenommen.',
    reason: 'Grund',
    reasonHint: 'Mindestens 3 Zeichen, z. B. „Kundin hat angerufen, behält das Gerät“. Steht danach im Verlauf.',
    submit: 'Rückgabe stornieren',
  },
  en: {
    title: 'Cancel the take-back',
    intro: 'For customers who write or call, until the parcel is received. They get an e-mail; the label is then no longer valid. A parcel that arrives all the same is received.',
    reason: 'Reason',
    reasonHint: 'At least 3 characters, e.g. “customer called, keeps the device”. Kept on the timeline.',
    submit: 'Cancel the take-back',
  },
};

/** Staff cancel a take-back for its customer (`POST /v1/passports/{id}/cancellation`) with a reason. */
export function CancelTakeBackForm({ api, passport, onCancelled }: { api: AuthorizedApi; passport: PassportDetail; onCancelled(passport: PassportDetail): void }) {
  const t = useMessages(TEXT);
  const [reason, setReason] = useState('');
  const { busy, problem, send } = useKeyedRequest();
  const errors = fieldErrors(problem);

  async function submit(event: FormEvent) {
    event.preventDefault();
    await send(async (idempotencyKey) => {
      onCancelled(await api.call<PassportDetail>(`/v1/passports/${passport.id}/cancellation`, { method: 'POST', idempotencyKey, body: { reason } }));
    });
  }

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="cancel-title">
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
