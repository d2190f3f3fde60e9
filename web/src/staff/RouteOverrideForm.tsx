import { useRef, useState, type FormEvent } from 'react';
import { ROUTES, type Route } from '../../../shared/domain/routing';
import type { Problem } from '../../../shared/schemas/common';
import { RouteOverrideRequestSchema, type PassportDetail } from '../../../shared/schemas/staff';
import { fieldErrors, newIdempotencyKey, problemOfIssues } from '../api';
import { refusalIn, useFocusWhenShown } from '../ui/focus';
import { useMessages } from '../i18n';
import type { AuthorizedApi } from '../sign-in/authorized';
import { Button, CheckboxGroup, ProblemMessage, SelectField, TextField } from '../ui/kit';
import { useRequest } from '../ui/use-request';
import { CODE_LABELS } from './labels';
import { isPassportDetail } from './answers';

const TEXT = {
  de: {
    title: 'Weg ändern',
    intro: 'Schicken Sie den Artikel einen anderen Weg, als die Regeln der Marke entschieden haben. Der Grund steht danach im Verlauf.',
    route: 'Neuer Weg',
    reason: 'Grund',
    reasonHint: 'Mindestens 3 Zeichen, z. B. „Wasserschaden hinter dem Display“.',
    reasonInvalid: 'Bitte nennen Sie einen Grund mit 3 bis 500 Zeichen.',
    submit: 'Weg ändern',
    loss: 'Verlust',
    acceptLoss: 'Auch auf den Kanälen anbieten, auf denen der Preis nach den Regeln der Marke weniger einbringt, als der Artikel bisher gekostet hat (der Grund gilt auch dafür)',
    takeBackTitle: 'Von der Reparatur zurückholen',
    takeBackIntro: (partner: string) =>
      `Der Artikel ist bei ${partner}. Der Auftrag wird zurückgezogen (nichts wird dafür gebucht, spätere Meldungen der Werkstatt werden abgelehnt) und der Artikel geht den neuen Weg; bei „Reparatur“ an die Werkstatt, die die Regeln jetzt wählen. Hatte die Werkstatt den Auftrag schon erhalten, wird ihr der Rückzug mit Ihrem Grund mitgeteilt; den Artikel holen Sie selbst zurück.`,
    takeBackSubmit: 'Zurückholen und Weg ändern',
  },
  en: {
    title: 'Change the route',
    intro: "Send the item another way than the brand's rules decided. The reason is kept on its timeline.",
    route: 'New route',
    reason: 'Reason',
    reasonHint: 'At least 3 characters, e.g. “water damage behind the screen”.',
    reasonInvalid: 'Please give a reason of 3 to 500 characters.',
    submit: 'Change route',
    loss: 'Loss',
    acceptLoss: "Also list it on the channels where its price by the brand's rules brings in less than the item has cost so far (the reason says why)",
    takeBackTitle: 'Take back from repair',
    takeBackIntro: (partner: string) =>
      `The item is at ${partner}. The job is withdrawn (nothing is booked for it, and the partner's later reports are refused) and the item takes the new route; with “Repair”, to the partner the rules choose now. If the partner had received the job, it is told of the withdrawal, with your reason; getting the item back is up to you.`,
    takeBackSubmit: 'Take back and change route',
  },
};

/**
 * A person overrides a graded item's route (`POST /v1/passports/{id}/route`) with a reason; with `RESELL`, they may
 * say to list it even where its price loses money (`acceptLoss`), which the ListingWorkflow otherwise leaves out.
 * Given the item's open repair job (`takeBack`, an admin's page of an item IN_REPAIR), the form takes the item back
 * from its partner: the request names the job, which is withdrawn.
 * The reason is checked as the API checks it before anything is sent. A 409 (the item moved on, or a colleague
 * routed it, meanwhile) goes to `onConflict`, which says so in the page's words and shows the item as it is now;
 * another refusal is said at its field or above the button, with the focus there.
 */
export function RouteOverrideForm({
  api,
  passport,
  onOverridden,
  onConflict,
  takeBack,
}: {
  api: AuthorizedApi;
  passport: PassportDetail;
  /** The open repair job to withdraw, and its partner's name. */
  takeBack?: { jobId: string; partnerName: string };
  onOverridden(passport: PassportDetail): void;
  onConflict(problem: Problem): void;
}) {
  const t = useMessages(TEXT);
  const labels = useMessages(CODE_LABELS);
  const [route, setRoute] = useState<Route>(ROUTES.find((candidate) => candidate !== passport.route?.route) ?? 'RECYCLE');
  const [reason, setReason] = useState('');
  const [acceptLoss, setAcceptLoss] = useState(false);
  const { busy, problem, setProblem, run } = useRequest();
  const errors = fieldErrors(problem);
  const form = useRef<HTMLFormElement>(null);
  const focusWhenShown = useFocusWhenShown();

  async function submit(event: FormEvent) {
    event.preventDefault();
    // The route the page shows goes with the request: a colleague's override since is refused (409), not replaced.
    const seen = passport.route?.route;
    const checked = RouteOverrideRequestSchema.safeParse({
      route,
      reason,
      ...(route === 'RESELL' && acceptLoss ? { acceptLoss: true } : {}),
      ...(seen ? { from: seen } : {}),
      ...(takeBack ? { jobId: takeBack.jobId } : {}),
    });
    if (!checked.success) {
      setProblem(problemOfIssues(checked.error.issues, new Map([['reason', t.reasonInvalid]])));
      focusWhenShown(() => refusalIn(form.current));
      return;
    }
    await run(
      async () => {
        onOverridden(await api.call<PassportDetail>(`/v1/passports/${passport.id}/route`, { method: 'POST', idempotencyKey: newIdempotencyKey(), body: checked.data, isAnswer: isPassportDetail }));
        setReason('');
        setAcceptLoss(false);
      },
      (refusal) => {
        if (refusal.status === 409) return onConflict(refusal);
        setProblem(refusal);
        focusWhenShown(() => refusalIn(form.current));
      },
    );
  }

  return (
    <form ref={form} className="card" onSubmit={submit} noValidate aria-labelledby="route-title">
      <h2 id="route-title">{takeBack ? t.takeBackTitle : t.title}</h2>
      <p>{takeBack ? t.takeBackIntro(takeBack.partnerName) : t.intro}</p>
      <SelectField label={t.route} name="route" value={route} onChange={(event) => setRoute(event.target.value as Route)} options={ROUTES.map((code) => ({ value: code, label: labels.routes[code] }))} error={errors.get('route')} />
      <TextField label={t.reason} hint={t.reasonHint} name="reason" value={reason} onChange={(event) => setReason(event.target.value)} error={errors.get('reason')} maxLength={500} />
      {route === 'RESELL' ? (
        <CheckboxGroup
          legend={t.loss}
          name="acceptLoss"
          options={[{ value: 'accept', label: t.acceptLoss }]}
          values={acceptLoss ? ['accept'] : []}
          onChange={(values) => setAcceptLoss(values.length > 0)}
          error={errors.get('acceptLoss')}
        />
      ) : null}
      {problem && !errors.has('route') && !errors.has('reason') && !errors.has('acceptLoss') ? <ProblemMessage problem={problem} /> : null}
      <Button type="submit" busy={busy} variant="secondary">
        {takeBack ? t.takeBackSubmit : t.submit}
      </Button>
    </form>
  );
}
