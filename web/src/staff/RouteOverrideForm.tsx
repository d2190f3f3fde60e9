import { useState, type FormEvent } from 'react';
import { ROUTES, type Route } from '../../../shared/domain/routing';
import type { PassportDetail } from '../../../shared/schemas/staff';
import { fieldErrors, newIdempotencyKey } from '../api';
import { useMessages } from '../i18n';
import type { AuthorizedApi } from '../sign-in/authorized';
import { Button, ProblemMessage, SelectField, TextField } from '../ui/kit';
import { useRequest } from '../ui/use-request';
import { CODE_LABELS } from './labels';

const TEXT = {
  de: {
    title: 'Weg ändern',
    intro: 'Schicken Sie den Artikel einen anderen Weg, als die Regeln der Marke entschieden haben. Der Grund steht danach im Verlauf.',
    route: 'Neuer Weg',
    reason: 'Grund',
    reasonHint: 'Mindestens 3 Zeichen, z. B. „Wasserschaden hinter dem Display“.',
    submit: 'Weg ändern',
  },
  en: {
    title: 'Change the route',
    intro: "Send the item another way than the brand's rules decided. The reason is kept on its timeline.",
    route: 'New route',
    reason: 'Reason',
    reasonHint: 'At least 3 characters, e.g. “water damage behind the screen”.',
    submit: 'Change route',
  },
};

/** A person overrides a graded item's route (`POST /v1/passports/{id}/route`) with a reason. */
export function RouteOverrideForm({ api, passport, onOverridden }: { api: AuthorizedApi; passport: PassportDetail; onOverridden(passport: PassportDetail): void }) {
  const t = useMessages(TEXT);
  const labels = useMessages(CODE_LABELS);
  const [route, setRoute] = useState<Route>(ROUTES.find((candidate) => candidate !== passport.route?.route) ?? 'RECYCLE');
  const [reason, setReason] = useState('');
  const { busy, problem, run } = useRequest();
  const errors = fieldErrors(problem);

  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      onOverridden(await api.call<PassportDetail>(`/v1/passports/${passport.id}/route`, { method: 'POST', idempotencyKey: newIdempotencyKey(), body: { route, reason } }));
      setReason('');
    });
  }

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="route-title">
      <h2 id="route-title">{t.title}</h2>
      <p>{t.intro}</p>
      <SelectField label={t.route} name="route" value={route} onChange={(event) => setRoute(event.target.value as Route)} options={ROUTES.map((code) => ({ value: code, label: labels.routes[code] }))} error={errors.get('route')} />
      <TextField label={t.reason} hint={t.reasonHint} name="reason" value={reason} onChange={(event) => setReason(event.target.value)} error={errors.get('reason')} maxLength={500} />
      {problem && !errors.has('route') && !errors.has('reason') ? <ProblemMessage problem={problem} /> : null}
      <Button type="submit" busy={busy} variant="secondary">
        {t.submit}
      </Button>
    </form>
  );
}
