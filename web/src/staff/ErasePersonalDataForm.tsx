import { useState } from 'react';
import type { ErasureBlocker } from '../../../shared/domain/personal-data';
import type { Problem } from '../../../shared/schemas/common';
import type { PassportDetail } from '../../../shared/schemas/staff';
import { fieldErrors } from '../api';
import { formatDateTime, useLocale, useMessages } from '../i18n';
import type { AuthorizedApi } from '../sign-in/authorized';
import { ProblemMessage, TextField } from '../ui/kit';
import { useKeyedRequest } from '../ui/use-request';
import { ConfirmedEraseButtons, useConfirmedErase } from './ConfirmedErase';
import { CODE_LABELS, wordsOf } from './labels';
import { useStaffName } from './staff-names';
import { isPassportDetail } from './answers';

const TEXT = {
  de: {
    title: 'Personenbezogene Daten löschen',
    intro:
      'Auf Antrag der Kundin oder des Kunden (DSGVO Art. 17): Name, E-Mail- und Postadresse, Bankverbindung, Freitext, ihre Fotos und die Etiketten werden gelöscht; Verlauf, Kosten und Erlöse des Artikels bleiben. Nicht rückgängig zu machen.',
    reason: 'Bezug des Antrags',
    reasonHint: 'Mindestens 3 Zeichen, z. B. „Ticket 4711 vom 5. 12.“ – keine personenbezogenen Daten. Steht danach im Verlauf.',
    done: 'Personenbezogene Daten gelöscht',
    notYet: 'Noch nicht möglich',
    erased: (at: string, by: string, reason: string) => `Am ${at} von ${by} gelöscht (${reason}).`,
  },
  en: {
    title: 'Erase personal data',
    intro:
      "At the customer's request (GDPR Art. 17): their name, e-mail and postal address, bank account, free text, their photos and the labels are erased; the item's history, costs and revenue stay. Cannot be undone.",
    reason: 'Reference of the request',
    reasonHint: 'At least 3 characters, e.g. “ticket 4711 of 5 Dec” – no personal data. Kept on the timeline.',
    done: 'Personal data erased',
    notYet: 'Not possible yet',
    erased: (at: string, by: string, reason: string) => `Erased on ${at} by ${by} (${reason}).`,
  },
};

/** A brand admin erases the customer's personal data from the passport (`POST /v1/passports/{id}/erasure`), once asked again. */
export function ErasePersonalDataForm({ api, passport, onErased }: { api: AuthorizedApi; passport: PassportDetail; onErased(passport: PassportDetail): void }) {
  const t = useMessages(TEXT);
  const { locale } = useLocale();
  const nameOf = useStaffName();
  const [reason, setReason] = useState('');
  const { busy, problem, send } = useKeyedRequest();
  const errors = fieldErrors(problem);
  const labels = useMessages(CODE_LABELS);
  // A 409 says why the platform still needs the data (`blockedReason`), in the console's language.
  const blocked = (problem as (Problem & { blockedReason?: ErasureBlocker }) | undefined)?.blockedReason;
  const confirmed = useConfirmedErase(
    () =>
      send(async (idempotencyKey) => {
        onErased(await api.call<PassportDetail>(`/v1/passports/${passport.id}/erasure`, { method: 'POST', idempotencyKey, body: { reason }, isAnswer: isPassportDetail }));
      }),
    busy,
  );

  if (passport.erasure) {
    return (
      <section className="card" aria-labelledby="erasure-title">
        <h2 id="erasure-title">{t.done}</h2>
        <p data-testid="erasure">{t.erased(formatDateTime(passport.erasure.at, locale), nameOf(passport.erasure.by), passport.erasure.reason)}</p>
      </section>
    );
  }

  return (
    <form ref={confirmed.form} className="card" onSubmit={confirmed.onSubmit} noValidate aria-labelledby="erasure-title">
      <h2 id="erasure-title">{t.title}</h2>
      <p>{t.intro}</p>
      <TextField label={t.reason} hint={t.reasonHint} name="reason" value={reason} onChange={(event) => setReason(event.target.value)} error={errors.get('reason')} maxLength={200} />
      {problem && !errors.has('reason') ? (
        <ProblemMessage problem={problem} {...(blocked ? { text: t.notYet, detail: wordsOf(labels.erasureBlockers, blocked) } : {})} />
      ) : null}
      <ConfirmedEraseButtons confirmed={confirmed} busy={busy} />
    </form>
  );
}
