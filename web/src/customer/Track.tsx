import { useEffect, useRef, useState } from 'react';
import { factorCitation } from '../../../shared/domain/impact';
import { payoutIsMade, VOUCHER_EXPIRY_TIME_ZONE } from '../../../shared/domain/payout-rules';
import type { Problem } from '../../../shared/schemas/common';
import type { CounterOfferAnswered } from '../../../shared/schemas/grading';
import type { TakeBackCancellation, TakeBackStatus } from '../../../shared/schemas/take-back';
import { ApiProblem, callApi, newIdempotencyKey } from '../api';
import { formatDate, formatDateTime, formatMoney, useLocale, useMessages } from '../i18n';
import { useFocusWhenShown } from '../ui/focus';
import { Button, Loading, Page, ProblemMessage } from '../ui/kit';
import { useRequest } from '../ui/use-request';
import { isCancellation, isCounterOfferAnswered } from './answers';
import { BankAccountReentry } from './BankAccount';
import { brandTheme, useCatalog } from './brand';
import { LabelCard } from './Label';
import { CUSTOMER_MESSAGES, type CustomerMessages } from './messages';
import { problemWords } from './problem-words';
import { useTakeBack } from './take-back';

/** States in which the parcel is still to be sent, so the label is shown again. */
const SHIPPING: ReadonlySet<TakeBackStatus['status']> = new Set(['REQUESTED', 'LABEL_CREATED', 'EXPIRED']);

/** `/track/{id}?token=`: where a take-back stands, what comes next, the payout, and the counter-offer to answer. */
export function Track({ id, token }: { id: string; token: string | undefined }) {
  const m = useMessages(CUSTOMER_MESSAGES);
  const { status, reload } = useTakeBack(id, token);
  const catalog = useCatalog(status.state === 'ready' ? status.value.brand : undefined);
  return (
    <Page brand={brandTheme(catalog)}>
      {!token ? (
        <>
          <h1>{m.trackLink}</h1>
          <p className="problem" role="alert">
            {m.badLink}
          </p>
        </>
      ) : status.state === 'loading' ? (
        <Loading />
      ) : status.state === 'failed' ? (
        <>
          <h1>{m.trackLink}</h1>
          {status.problem.status === 404 || status.problem.status === 400 ? (
            <p className="problem" role="alert">
              {m.badLink}
            </p>
          ) : (
            // A lost connection, the server's failure, or an answer not the platform's (a hotel network's login page):
            // until 7 December 2026 the last drew a blank page, and none could be asked again but by a reload.
            <>
              <ProblemMessage problem={status.problem} text={problemWords(status.problem, m)} />
              <div className="actions">
                <Button variant="secondary" onClick={reload}>
                  {m.retry}
                </Button>
              </div>
            </>
          )}
        </>
      ) : (
        <TakeBackView takeBack={status.value} token={token} onChanged={reload} />
      )}
    </Page>
  );
}

function TakeBackView({ takeBack, token, onChanged }: { takeBack: TakeBackStatus; token: string; onChanged(): void }) {
  const m = useMessages(CUSTOMER_MESSAGES);
  const { locale } = useLocale();
  const money = (amount: number, currency: string) => formatMoney(amount, currency, locale);
  const counterOffer = takeBack.grading?.counterOffer;
  const { impact, payout, offer } = takeBack;
  // A step said once: a listing a person withdrew and listed again is still "being resold" (one line, not two).
  const events = takeBack.timeline
    .filter((event) => m.events[event.type] !== undefined)
    .filter((event, index, shown) => !(event.type === 'Listed' && shown[index - 1]?.type === 'Listed'));
  // Cancelled, the page reads the take-back again and the cancel section leaves: the focus goes to the next step, once it says what now.
  const latest = useRef(takeBack);
  latest.current = takeBack;
  const nextStep = useRef<HTMLHeadingElement>(null);
  const focusWhenShown = useFocusWhenShown();
  const cancelled = () => {
    focusWhenShown(() => (latest.current.cancellable ? undefined : nextStep.current));
    onChanged();
  };
  // A cancellation or an answer refused because the take-back moved on meanwhile (the parcel arrived, another tab
  // answered): the page reads it again and says, once the new state is shown, why nothing was done, where the focus goes.
  const [refused, setRefused] = useState<{ action: 'cancel' | 'counterOffer'; readBefore: TakeBackStatus }>();
  const refusedNotice = useRef<HTMLParagraphElement>(null);
  const refusedMeanwhile = (action: 'cancel' | 'counterOffer') => {
    setRefused({ action, readBefore: latest.current });
    focusWhenShown(() => refusedNotice.current ?? undefined);
    onChanged();
  };
  const refusedText = !refused || refused.readBefore === takeBack ? undefined : refused.action === 'cancel' ? cancelRefusedText(takeBack, m) : counterOfferRefusedText(takeBack, m);
  return (
    <>
      <h1>{m.trackTitle(takeBack.product.name)}</h1>
      <section className="card" aria-labelledby="next-step">
        <h2 id="next-step" ref={nextStep} tabIndex={-1}>
          {m.nextStep}
        </h2>
        <p data-testid="next-step">
          {takeBack.status === 'GRADED' && payoutIsMade(payout?.status)
            ? payout?.status === 'NOTHING_TO_PAY'
              ? m.nextAfterNothingToPay
              : m.nextAfterPayout
            : m.nextByStatus[takeBack.status]}
        </p>
        {takeBack.attention?.cause === 'ADDRESS_REFUSED' ? (
          <p data-testid="attention">
            <strong>{m.attention}:</strong> {m.addressRefused}
          </p>
        ) : null}
        {refusedText ? (
          <p ref={refusedNotice} className="problem" role="alert" tabIndex={-1} data-testid="refused-meanwhile">
            {refusedText}
          </p>
        ) : null}
      </section>

      {counterOffer ? (
        <CounterOffer
          id={takeBack.id}
          token={token}
          counterOffer={counterOffer}
          timeZone={takeBack.timeZone}
          onAnswered={onChanged}
          onRefusedMeanwhile={() => refusedMeanwhile('counterOffer')}
        />
      ) : null}

      <section className="section" aria-labelledby="payout-title">
        <h2 id="payout-title">{m.payoutTitle}</h2>
        {!payout && takeBack.rejection ? (
          <p>{m.payoutRejected[takeBack.rejection.reason]}</p>
        ) : !payout && takeBack.status === 'CANCELLED' ? (
          <p>{m.payoutCancelled}</p>
        ) : !payout && counterOffer?.answer === 'DECLINED' ? (
          <p>{m.payoutDeclined}</p>
        ) : !payout && counterOffer?.answer === 'LAPSED' ? (
          <p>{m.payoutLapsed}</p>
        ) : !payout && counterOffer?.answer === 'PENDING' ? (
          <p>{m.payoutAwaitingAnswer}</p>
        ) : !payout && takeBack.grading ? (
          <p>{m.payoutPreparing}</p>
        ) : !payout ? (
          <p>{m.payoutPending(m.offerRange(money(offer.value.min, offer.value.currency), money(offer.value.max, offer.value.currency)))}</p>
        ) : payout.status === 'NOTHING_TO_PAY' ? (
          <p data-testid="payout-nothing">{m.payoutNothingToPay}</p>
        ) : payout.method === 'VOUCHER' ? (
          <>
            <p>{m.payoutVoucher(money(payout.amount.amount, payout.amount.currency))}</p>
            {payout.voucher ? (
              <div className="card">
                <p className="muted">{m.voucherCode}</p>
                <p className="offer" data-testid="voucher-code">
                  {payout.voucher.code}
                </p>
                <p className="muted">{m.voucherExpires(formatDate(payout.voucher.expiresAt, locale, VOUCHER_EXPIRY_TIME_ZONE))}</p>
              </div>
            ) : null}
          </>
        ) : (
          <>
            <p>{m.payoutBank(money(payout.amount.amount, payout.amount.currency), payout.bankAccount?.ibanMasked ?? '')}</p>
            {payout.status === 'EXPORTED' ? <p>{m.payoutBankExported}</p> : null}
            {payout.bankAccount?.reenter ? <BankAccountReentry id={takeBack.id} token={token} onSaved={onChanged} /> : null}
          </>
        )}
      </section>

      {takeBack.label && SHIPPING.has(takeBack.status) ? (
        <section className="section" aria-labelledby="label-title">
          <h2 id="label-title">{m.label}</h2>
          <LabelCard label={takeBack.label} timeZone={takeBack.timeZone} />
        </section>
      ) : null}

      {takeBack.returnShipment ? (
        <section className="section" aria-labelledby="return-title">
          <h2 id="return-title">{m.returnTitle}</h2>
          <p data-testid="return-shipment">{m.returnShipment(takeBack.returnShipment.shipmentNo, formatDate(takeBack.returnShipment.sentAt, locale, takeBack.timeZone))}</p>
          <p>
            <a href={takeBack.returnShipment.trackingUrl} target="_blank" rel="noopener noreferrer">
              {m.returnTrack}
            </a>
          </p>
        </section>
      ) : null}

      {takeBack.cancellable ? (
        <CancelTakeBack id={takeBack.id} token={token} hasLabel={takeBack.label !== undefined} onCancelled={cancelled} onRefusedMeanwhile={() => refusedMeanwhile('cancel')} />
      ) : null}

      {/* The API answers no impact while the brand keeps no item (expired, cancelled, an empty parcel, or going back to the customer). */}
      {impact ? (
        <section className="section" aria-labelledby="impact-title">
          <h2 id="impact-title">{m.impactTitle}</h2>
          {/* A source is cited for a figure only, as the voucher e-mail does: without one it would back nothing said. */}
          {impact.avoidedKgCo2e === null ? (
            <p>{m.impactUnknown}</p>
          ) : (
            <>
              <p data-testid="impact">{m.impactSaved(new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(impact.avoidedKgCo2e))}</p>
              {impact.factor.source ? <p className="muted">{m.impactSource(factorCitation(impact.factor.source, impact.factor.year))}</p> : null}
            </>
          )}
        </section>
      ) : null}

      <section className="section" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{m.timeline}</h2>
        <ol className="timeline">
          {events.map((event, index) => (
            <li key={`${event.type}-${index}`}>
              <time dateTime={event.at}>{formatDateTime(event.at, locale)}</time> <span>{m.events[event.type]}</span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function CounterOffer({
  id,
  token,
  counterOffer,
  timeZone,
  onAnswered,
  onRefusedMeanwhile,
}: {
  id: string;
  token: string;
  counterOffer: NonNullable<NonNullable<TakeBackStatus['grading']>['counterOffer']>;
  /** The brand's: the deadline ends at midnight there. */
  timeZone: string;
  onAnswered(): void;
  /** A 409: answered meanwhile (another tab) or lapsed; the page reads the take-back again and says so. */
  onRefusedMeanwhile(): void;
}) {
  const m = useMessages(CUSTOMER_MESSAGES);
  const { locale } = useLocale();
  const [sending, setSending] = useState<'accept' | 'decline'>();
  const [problem, setProblem] = useState<Problem>();
  const keys = useRef({ accept: newIdempotencyKey(), decline: newIdempotencyKey() }).current;
  // The e-mail's accept and decline links open this page with ?counterOffer=…: the button is put
  // in focus for the customer to press, never pressed for them (mail scanners open links too).
  const suggested = new URLSearchParams(location.search).get('counterOffer');
  const acceptButton = useRef<HTMLButtonElement>(null);
  const declineButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (counterOffer.answer !== 'PENDING') return;
    if (suggested === 'accept') acceptButton.current?.focus();
    if (suggested === 'decline') declineButton.current?.focus();
  }, [suggested, counterOffer.answer]);
  // Answered, the buttons leave once the take-back is read again: the focus goes to the answer as recorded; refused, to why.
  const answerText = useRef<HTMLParagraphElement>(null);
  const section = useRef<HTMLElement>(null);
  const focusWhenShown = useFocusWhenShown();

  async function answer(choice: 'accept' | 'decline') {
    setSending(choice);
    setProblem(undefined);
    try {
      await callApi<CounterOfferAnswered>(`/v1/take-backs/${encodeURIComponent(id)}/counter-offer`, {
        method: 'POST',
        query: { token },
        body: { accept: choice === 'accept' },
        idempotencyKey: keys[choice],
        isAnswer: isCounterOfferAnswered,
      });
      focusWhenShown(() => answerText.current ?? undefined);
      onAnswered();
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      if (error.problem.status === 409) return onRefusedMeanwhile();
      setProblem(error.problem);
      focusWhenShown(() => section.current?.querySelector<HTMLElement>('[role="alert"]') ?? null);
    } finally {
      setSending(undefined);
    }
  }

  const money = (value: { amount: number; currency: string }) => formatMoney(value.amount, value.currency, locale);
  return (
    <section ref={section} className="card" aria-labelledby="counter-offer-title" data-testid="counter-offer">
      <h2 id="counter-offer-title">{m.counterOfferTitle}</h2>
      <p>{m.counterOffer(money(counterOffer.offered), money(counterOffer.value))}</p>
      {counterOffer.answer === 'PENDING' ? (
        <>
          {counterOffer.answerBy ? <p data-testid="counter-offer-deadline">{m.counterOfferAnswerBy(formatDate(counterOffer.answerBy, locale, timeZone))}</p> : null}
          <ProblemMessage problem={problem} text={problem ? problemWords(problem, m) : undefined} />
          <div className="actions">
            <Button ref={acceptButton} busy={sending === 'accept'} disabled={sending !== undefined} onClick={() => answer('accept')}>
              {m.accept}
            </Button>
            <Button ref={declineButton} variant="secondary" busy={sending === 'decline'} disabled={sending !== undefined} onClick={() => answer('decline')}>
              {m.decline}
            </Button>
          </div>
        </>
      ) : (
        <p role="status" ref={answerText} tabIndex={-1}>
          {counterOffer.answer === 'ACCEPTED' ? m.counterOfferAccepted : counterOffer.answer === 'LAPSED' ? m.counterOfferLapsed : m.counterOfferDeclined}
        </p>
      )}
    </section>
  );
}

/** Cancels the take-back once the customer has confirmed it; shown while the API says it may be cancelled. */
function CancelTakeBack({
  id,
  token,
  hasLabel,
  onCancelled,
  onRefusedMeanwhile,
}: {
  id: string;
  token: string;
  hasLabel: boolean;
  onCancelled(): void;
  /** A 409: the take-back moved on meanwhile (its parcel arrived, or it was cancelled already); the page reads it again and says so. */
  onRefusedMeanwhile(): void;
}) {
  const m = useMessages(CUSTOMER_MESSAGES);
  const [confirming, setConfirming] = useState(false);
  const { busy: sending, problem, setProblem, run } = useRequest();
  const key = useRef(newIdempotencyKey()).current;
  // The question takes the place of the button that asked it: focus goes to its answer.
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  const section = useRef<HTMLElement>(null);
  const focusWhenShown = useFocusWhenShown();
  const cancel = () =>
    run(
      async () => {
        await callApi<TakeBackCancellation>(`/v1/take-backs/${encodeURIComponent(id)}/cancellation`, {
          method: 'POST',
          query: { token },
          idempotencyKey: key,
          // A page not the platform's (200 HTML of a proxy) is no cancellation: until 7 December 2026 it was taken for one.
          isAnswer: isCancellation,
        });
        onCancelled();
      },
      (refusal) => {
        if (refusal.status === 409) return onRefusedMeanwhile();
        setProblem(refusal);
        focusWhenShown(() => section.current?.querySelector<HTMLElement>('[role="alert"]') ?? null);
      },
    );

  return (
    <section ref={section} className="section" aria-labelledby="cancel-title" data-testid="cancel-take-back">
      <h2 id="cancel-title">{m.cancelTitle}</h2>
      {/* A take-back waiting for a person has no label yet: none to void. */}
      <p>{hasLabel ? `${m.cancelExplained} ${m.cancelVoidsLabel}` : m.cancelExplained}</p>
      <ProblemMessage problem={problem} text={problem ? problemWords(problem, m) : undefined} />
      {confirming ? (
        <>
          <p role="alert">{m.cancelConfirm}</p>
          <div className="actions">
            <Button ref={confirmButton} variant="secondary" busy={sending} disabled={sending} onClick={cancel}>
              {m.cancelConfirmed}
            </Button>
            <Button disabled={sending} onClick={() => setConfirming(false)}>
              {m.cancelKeep}
            </Button>
          </div>
        </>
      ) : (
        <div className="actions">
          <Button variant="secondary" onClick={() => setConfirming(true)}>
            {m.cancel}
          </Button>
        </div>
      )}
    </section>
  );
}

/** Why the cancellation was refused, by the take-back as read again; still cancellable, it was refused for a reason of the moment. */
function cancelRefusedText(takeBack: TakeBackStatus, m: CustomerMessages): string {
  if (takeBack.cancellable) return m.problemWords.failed;
  if (takeBack.status === 'CANCELLED') return m.cancelRefused.cancelled;
  if (takeBack.status === 'EXPIRED') return m.cancelRefused.expired;
  return m.cancelRefused.arrived;
}

/** Why the answer to the counter-offer was refused, by the answer read again (recorded meanwhile, or lapsed). */
function counterOfferRefusedText(takeBack: TakeBackStatus, m: CustomerMessages): string {
  const answer = takeBack.grading?.counterOffer?.answer;
  return answer && answer !== 'PENDING' ? m.counterOfferRefused[answer] : m.problemWords.failed;
}
