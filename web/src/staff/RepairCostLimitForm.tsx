import { useRef, useState, type FormEvent } from 'react';
import { MAX_AMOUNT, type Money } from '../../../shared/domain/catalog';
import type { Problem } from '../../../shared/schemas/common';
import { RepairCostLimitRequestSchema } from '../../../shared/schemas/repair';
import type { RepairJobView } from '../../../shared/schemas/staff';
import { fieldErrors, problemOfIssues } from '../api';
import { useMessages } from '../i18n';
import type { AuthorizedApi } from '../sign-in/authorized';
import { refusalIn, useFocusWhenShown } from '../ui/focus';
import { Button, ProblemMessage, TextField } from '../ui/kit';
import { useKeyedRequest } from '../ui/use-request';
import { minorUnitsOf } from './amounts';

const TEXT = {
  de: {
    title: 'Kostengrenze der Reparatur erhöhen',
    intro: (partner: string, limit: string) =>
      `${partner} kann für diesen Auftrag höchstens ${limit} abrechnen, Arbeit und Teile zusammen; eine Meldung darüber lehnen wir ab. Braucht die Reparatur mehr und soll die Marke das zahlen, erhöhen Sie die Grenze hier. Die Werkstatt wird nicht benachrichtigt: Sagen Sie ihr, dass sie ihre Meldung erneut senden kann.`,
    amount: (currency: string) => `Neue Grenze (${currency})`,
    amountInvalid: (limit: string) => `Bitte nennen Sie einen Betrag über ${limit}.`,
    amountUnreadable: (currency: string) => `Bitte nennen Sie den Betrag in ${currency} ohne Tausenderpunkte, z. B. 120,00.`,
    amountTooHigh: (most: string) => `Bitte nennen Sie höchstens ${most}.`,
    reason: 'Grund',
    reasonHint: 'Mindestens 3 Zeichen, z. B. „Display zusätzlich gebrochen, Angebot der Werkstatt“.',
    reasonInvalid: 'Bitte nennen Sie einen Grund mit 3 bis 500 Zeichen, ohne Kontaktdaten.',
    submit: 'Grenze erhöhen',
    raised: (limit: string) => `Die Kostengrenze ist jetzt ${limit}.`,
  },
  en: {
    title: "Raise the repair's cost limit",
    intro: (partner: string, limit: string) =>
      `${partner} may charge at most ${limit} for this job, labour and parts together; we refuse a report above it. If the repair needs more and the brand is to pay it, raise the limit here. The partner is not notified: tell them they can send their report again.`,
    amount: (currency: string) => `New limit (${currency})`,
    amountInvalid: (limit: string) => `Please give an amount above ${limit}.`,
    amountUnreadable: (currency: string) => `Please give the amount in ${currency} without thousands separators, e.g. 120.00.`,
    amountTooHigh: (most: string) => `Please give at most ${most}.`,
    reason: 'Reason',
    reasonHint: 'At least 3 characters, e.g. “screen broken as well, partner’s quote”.',
    reasonInvalid: 'Please give a reason of 3 to 500 characters, without contact details.',
    submit: 'Raise limit',
    raised: (limit: string) => `The cost limit is now ${limit}.`,
  },
};

/**
 * An admin raises the cost limit of an item's open repair job (`POST /v1/repair-jobs/{jobId}/cost-limit`), above which
 * the partner's finishing report is refused. The amount is typed in the job's currency and checked, with the reason, as
 * the API checks them before anything is sent; the Idempotency-Key is kept until a definite answer, so a click after a
 * lost answer does not raise twice. A 409 (the job finished or was withdrawn meanwhile) goes to `onConflict`; a raise
 * not above the limit (a colleague's raise meanwhile: 422) is said at the amount.
 */
export function RepairCostLimitForm({
  api,
  job,
  costLimit,
  partnerName,
  money,
  onRaised,
  onConflict,
  onLimitChanged,
}: {
  api: AuthorizedApi;
  job: RepairJobView;
  costLimit: Money;
  partnerName: string;
  money(value: Money): string;
  /** The limit is raised: the page says so and reads the passport again. */
  onRaised(raised: string): void;
  onConflict(problem: Problem): void;
  /** A colleague raised the limit meanwhile (422 with the limit now): the page reads the passport again. */
  onLimitChanged(): void;
}) {
  const t = useMessages(TEXT);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const { busy, problem, setProblem, send } = useKeyedRequest();
  const errors = fieldErrors(problem);
  const form = useRef<HTMLFormElement>(null);
  const focusWhenShown = useFocusWhenShown();
  const limit = money(costLimit);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const minorUnits = minorUnitsOf(amount, costLimit.currency);
    const checked = RepairCostLimitRequestSchema.safeParse({ amount: minorUnits ?? Number.NaN, reason });
    // What is wrong with the amount, in words that say what would do: unreadable, too high, or not above the limit.
    const amountIssue =
      minorUnits === undefined || Number.isNaN(minorUnits)
        ? t.amountUnreadable(costLimit.currency)
        : minorUnits > MAX_AMOUNT
          ? t.amountTooHigh(money({ amount: MAX_AMOUNT, currency: costLimit.currency }))
          : minorUnits <= costLimit.amount
            ? t.amountInvalid(limit)
            : undefined;
    if (!checked.success || amountIssue) {
      const issues = [...(amountIssue ? [{ path: ['amount'], message: amountIssue }] : []), ...(checked.success ? [] : checked.error.issues.filter((issue) => issue.path[0] !== 'amount'))];
      setProblem(problemOfIssues(issues, new Map([['reason', t.reasonInvalid]])));
      focusWhenShown(() => refusalIn(form.current));
      return;
    }
    await send(
      async (idempotencyKey) => {
        const raised = await api.call<RepairJobView>(`/v1/repair-jobs/${job.jobId}/cost-limit`, { method: 'POST', idempotencyKey, body: checked.data });
        setAmount('');
        setReason('');
        onRaised(t.raised(raised.costLimit ? money(raised.costLimit) : money({ amount: checked.data.amount, currency: costLimit.currency })));
      },
      (refusal) => {
        if (refusal.status === 409) return onConflict(refusal);
        // Not above the limit now (a colleague raised it meanwhile): said at the amount with the limit the API names,
        // and the page reads the job again.
        const now = (refusal as { costLimit?: Money }).costLimit;
        if (refusal.status === 422 && now) {
          setProblem(problemOfIssues([{ path: ['amount'], message: t.amountInvalid(money(now)) }]));
          onLimitChanged();
        } else {
          setProblem(refusal);
        }
        focusWhenShown(() => refusalIn(form.current));
      },
    );
  }

  return (
    <form ref={form} className="card" onSubmit={submit} noValidate aria-labelledby="cost-limit-title">
      <h2 id="cost-limit-title">{t.title}</h2>
      <p>{t.intro(partnerName, limit)}</p>
      <TextField label={t.amount(costLimit.currency)} name="amount" inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} error={errors.get('amount')} />
      <TextField label={t.reason} hint={t.reasonHint} name="reason" value={reason} onChange={(event) => setReason(event.target.value)} error={errors.get('reason')} maxLength={500} />
      {problem && !errors.has('amount') && !errors.has('reason') ? <ProblemMessage problem={problem} /> : null}
      <Button type="submit" busy={busy} variant="secondary">
        {t.submit}
      </Button>
    </form>
  );
}
