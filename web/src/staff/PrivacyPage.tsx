import { useState } from 'react';
import type { CustomerErasureResult } from '../../../shared/schemas/staff';
import { fieldErrors } from '../api';
import { useMessages } from '../i18n';
import type { AuthorizedApi } from '../sign-in/authorized';
import { ProblemMessage, TextField } from '../ui/kit';
import { useKeyedRequest } from '../ui/use-request';
import { ConfirmedEraseButtons, useConfirmedErase } from './ConfirmedErase';
import { CODE_LABELS, wordsOf } from './labels';
import { Link } from './navigation';

const TEXT = {
  de: {
    title: 'Datenschutz',
    formTitle: 'Daten einer Kundin oder eines Kunden löschen',
    intro:
      'Auf Antrag (DSGVO Art. 17): Alle Rücknahmen der E-Mail-Adresse bei dieser Marke werden gesucht und ihre personenbezogenen Daten gelöscht, soweit sie nicht mehr gebraucht werden. Rücknahmen vor dem 5. 12. 2026 löschen Sie auf ihrer Seite.',
    adminOnly: 'Nur die Administratorinnen und Administratoren der Marke dürfen Daten löschen.',
    email: 'E-Mail-Adresse',
    reason: 'Bezug des Antrags',
    reasonHint: 'Mindestens 3 Zeichen, z. B. „Ticket 4711“ – steht im Verlauf jeder Rücknahme.',
    erased: (count: number) => (count === 1 ? '1 Rücknahme gelöscht' : `${count} Rücknahmen gelöscht`),
    blocked: (count: number) => (count === 1 ? '1 Rücknahme wird noch gebraucht' : `${count} Rücknahmen werden noch gebraucht`),
    none: 'Zu dieser Adresse gibt es keine Rücknahmen (mehr).',
    again: 'Stellen Sie den Antrag noch einmal, sobald sie abgeschlossen sind.',
  },
  en: {
    title: 'Privacy',
    formTitle: "Erase a customer's data",
    intro:
      "On request (GDPR Art. 17): every take-back of the e-mail address at this brand is found and its personal data erased where it is no longer needed. Erase a take-back from before 5 Dec 2026 on its page.",
    adminOnly: "Only the brand's administrators may erase data.",
    email: 'E-mail address',
    reason: 'Reference of the request',
    reasonHint: 'At least 3 characters, e.g. “ticket 4711” – kept on each take-back’s timeline.',
    erased: (count: number) => (count === 1 ? '1 take-back erased' : `${count} take-backs erased`),
    blocked: (count: number) => (count === 1 ? '1 take-back is still needed' : `${count} take-backs are still needed`),
    none: 'There are no (more) take-backs of this address.',
    again: 'Ask again once they are done.',
  },
};

/** A customer's erasure by their e-mail address (`POST /v1/customers/erasure`), for the brand's admins. */
export function PrivacyPage({ api, canErase }: { api: AuthorizedApi; canErase: boolean }) {
  const t = useMessages(TEXT);
  const labels = useMessages(CODE_LABELS);
  const [email, setEmail] = useState('');
  const [reason, setReason] = useState('');
  const [result, setResult] = useState<CustomerErasureResult>();
  const { busy, problem, send } = useKeyedRequest();
  const errors = fieldErrors(problem);
  const confirmed = useConfirmedErase(async () => {
    setResult(undefined);
    await send(async (idempotencyKey) => {
      setResult(await api.call<CustomerErasureResult>('/v1/customers/erasure', { method: 'POST', idempotencyKey, body: { email, reason } }));
      // The address is not kept on the page once it has served.
      setEmail('');
    });
  }, busy);

  return (
    <>
      <h1>{t.title}</h1>
      {canErase ? (
        <form ref={confirmed.form} className="card" onSubmit={confirmed.onSubmit} noValidate aria-labelledby="privacy-form-title">
          <h2 id="privacy-form-title">{t.formTitle}</h2>
          <p>{t.intro}</p>
          <TextField label={t.email} name="email" type="email" autoComplete="off" value={email} onChange={(event) => setEmail(event.target.value)} error={errors.get('email')} />
          <TextField label={t.reason} hint={t.reasonHint} name="reason" value={reason} onChange={(event) => setReason(event.target.value)} error={errors.get('reason')} maxLength={200} />
          {problem && !errors.has('email') && !errors.has('reason') ? <ProblemMessage problem={problem} /> : null}
          <ConfirmedEraseButtons confirmed={confirmed} busy={busy} />
        </form>
      ) : (
        <p>{t.adminOnly}</p>
      )}
      {result ? (
        <section aria-live="polite" data-testid="erasure-result" className="erasure-result">
          {result.erased.length === 0 && result.blocked.length === 0 ? <p>{t.none}</p> : null}
          {result.erased.length > 0 ? (
            <>
              <h2>{t.erased(result.erased.length)}</h2>
              <ul>
                {result.erased.map((item) => (
                  <li key={item.id}>
                    <Link href={`/staff/passports/${item.id}`}>{item.id}</Link>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {result.blocked.length > 0 ? (
            <>
              <h2>{t.blocked(result.blocked.length)}</h2>
              <ul>
                {result.blocked.map((item) => (
                  <li key={item.id}>
                    <Link href={`/staff/passports/${item.id}`}>{item.id}</Link>: {wordsOf(labels.erasureBlockers, item.blockedReason) ?? item.blockedBy}
                  </li>
                ))}
              </ul>
              <p>{t.again}</p>
            </>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
