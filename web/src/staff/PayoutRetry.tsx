import { useRef, useState } from 'react';
import type { PayoutRetryStarted } from '../../../shared/schemas/payouts';
import type { PassportDetail } from '../../../shared/schemas/staff';
import type { Problem } from '../../../shared/schemas/common';
import { newIdempotencyKey } from '../api';
import { useMessages } from '../i18n';
import type { AuthorizedApi } from '../sign-in/authorized';
import { Button, ProblemMessage } from '../ui/kit';
import { useRequest } from '../ui/use-request';

const TEXT = {
  de: {
    title: 'Auszahlung erneut starten',
    intro:
      'Die Auszahlung an die Kundin oder den Kunden konnte nicht gemacht werden (siehe Verlauf). Ist die Ursache behoben, etwa die Auszahlungs-Einstellungen der Marke, starten Sie sie hier erneut. Doppelt ausgezahlt wird nie.',
    submit: 'Auszahlung starten',
    started: 'Die Auszahlung ist gestartet. Laden Sie die Seite in einer Minute neu, um das Ergebnis zu sehen.',
  },
  en: {
    title: 'Start the payout again',
    intro:
      "The customer's payout could not be made (see the timeline). Once the cause is put right, such as the brand's payout settings, start it again here. It is never paid twice.",
    submit: 'Start the payout',
    started: 'The payout has started. Reload the page in a minute to see how it went.',
  },
};

/**
 * An admin starts the payout workflow again (`POST /v1/passports/{id}/payout`), one Idempotency-Key per page. A 409 (the
 * payout made meanwhile, by another admin's start) goes to the page, which says it in its words and reads the passport
 * again; until 7 December 2026 the API's English detail was shown here. That it started goes to the page too
 * (`onStarted`), which says it above the facts: this form goes once the payout is made, which may be seconds after the
 * start (said here until the evening of 7 December 2026, it went with the form when the page's own read saw the payout).
 */
export function PayoutRetry({
  api,
  passport,
  onStarted,
  onConflict,
}: {
  api: AuthorizedApi;
  passport: PassportDetail;
  onStarted: (started: string) => void;
  onConflict: (problem: Problem) => void;
}) {
  const t = useMessages(TEXT);
  const [started, setStarted] = useState(false);
  const { busy, problem, setProblem, run } = useRequest();
  const idempotencyKey = useRef(newIdempotencyKey()).current;

  const start = () =>
    run(async () => {
      await api.call<PayoutRetryStarted>(`/v1/passports/${passport.id}/payout`, { method: 'POST', idempotencyKey });
      setStarted(true);
      onStarted(t.started);
    }, (refusal) => (refusal.status === 409 ? onConflict(refusal) : setProblem(refusal)));

  return (
    <section className="card" aria-labelledby="payout-retry-title">
      <h2 id="payout-retry-title">{t.title}</h2>
      <p>{t.intro}</p>
      <ProblemMessage problem={problem} />
      {started ? null : (
        <Button busy={busy} disabled={busy} onClick={start}>
          {t.submit}
        </Button>
      )}
    </section>
  );
}
