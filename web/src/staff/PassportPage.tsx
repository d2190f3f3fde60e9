import { useCallback, useEffect, useRef, useState } from 'react';
import { customerMayCancel } from '../../../shared/domain/lifecycle';
import type { Problem } from '../../../shared/schemas/common';
import type { PassportDetail } from '../../../shared/schemas/staff';
import { ApiProblem } from '../api';
import { formatDateTime, formatMoney, formatPercent, useLocale, useMessages } from '../i18n';
import type { AuthorizedApi } from '../sign-in/authorized';
import { useFocusWhenShown } from '../ui/focus';
import { Loading, ProblemMessage } from '../ui/kit';
import { GradingForm } from './GradingForm';
import { CancelTakeBackForm } from './CancelTakeBackForm';
import { ErasePersonalDataForm } from './ErasePersonalDataForm';
import { RejectParcelForm } from './RejectParcelForm';
import { ReturnShipmentForm } from './ReturnShipmentForm';
import { CODE_LABELS } from './labels';
import { LabelRetryForm } from './LabelRetryForm';
import { ListingActions } from './ListingActions';
import { PayoutRetry } from './PayoutRetry';
import { RepairCostLimitForm } from './RepairCostLimitForm';
import { RouteOverrideForm } from './RouteOverrideForm';
import { SaleReturnForm, SaleReturnSummary } from './SaleReturnForm';
import { useStaffName } from './staff-names';
import { TableScroll } from './TableScroll';
import { ATTENTION_REASON_WORDS, attentionReason } from './attention-reason';
import { ROUTE_REASON_WORDS, routeReason } from './route-reason';
import { LEDGER_WORDS, ledgerLineText } from './ledger-line';
import { usePartnerNames } from './partner-names';
import { describeEvent, TIMELINE_WORDS, type TimelineFormats } from './timeline';
import { movesOnSoon, PASSPORT_CONFLICT_WORDS, passportConflictText, REFRESH_AT_MOST, REFRESH_EVERY_MS } from './passport-refresh';
import { isPassportDetail } from './answers';

const TEXT = {
  de: {
    passport: 'Produktpass',
    state: 'Zustand',
    sku: 'Artikelnummer',
    offer: 'Angebot',
    selfAssessed: 'Selbsteinschätzung',
    shipment: 'Sendungsnummer',
    shipBy: 'Versand bis',
    received: 'Eingegangen',
    grade: 'Bewertung',
    graded: 'Bewertet',
    notes: 'Notizen',
    rejection: 'Ablehnungsgrund',
    rejected: 'Abgelehnt',
    photos: 'Fotos',
    photo: (n: number) => `Foto ${n}`,
    customerPhotos: 'Fotos der Kundschaft',
    payout: 'Auszahlung',
    counterOffer: 'Gegenangebot',
    counterOfferAnswer: 'Antwort des Kunden',
    answerPending: (by: string) => `steht aus; ohne Antwort bis ${by} geht der Artikel zurück`,
    answerAccepted: 'angenommen',
    answerDeclined: 'abgelehnt',
    answerLapsed: (by: string) => `keine Antwort bis ${by}: gilt als abgelehnt`,
    route: 'Weg',
    attention: 'Braucht Aufmerksamkeit',
    timeline: 'Verlauf',
    ledger: 'Kosten und Erlöse',
    kind: 'Art',
    description: 'Beschreibung',
    amount: 'Betrag',
    at: 'Zeitpunkt',
    costs: 'Kosten',
    revenue: 'Erlöse',
    margin: 'Marge',
    noLedger: 'Noch keine Kosten oder Erlöse.',
    jobs: 'Reparaturaufträge',
    partner: 'Partner',
    status: 'Status',
    estimate: 'Schätzung',
    costLimit: 'Kostengrenze',
    cost: 'Kosten',
    listings: 'Angebote',
    channel: 'Kanal',
    price: 'Preis',
    listingId: 'Angebots-ID',
    none: '–',
    notFound: 'Diesen Produktpass gibt es bei Ihrer Marke nicht. Prüfen Sie die Nummer, oder suchen Sie das Paket im Wareneingang.',
  },
  en: {
    passport: 'Product passport',
    state: 'State',
    sku: 'SKU',
    offer: 'Offer',
    selfAssessed: 'Self-assessed',
    shipment: 'Shipment number',
    shipBy: 'Ship by',
    received: 'Received',
    grade: 'Grade',
    graded: 'Graded',
    notes: 'Notes',
    rejection: 'Reason for rejection',
    rejected: 'Rejected',
    photos: 'Photos',
    photo: (n: number) => `Photo ${n}`,
    customerPhotos: "The customer's photos",
    payout: 'Payout',
    counterOffer: 'Counter-offer',
    counterOfferAnswer: "Customer's answer",
    answerPending: (by: string) => `awaited; without an answer by ${by} the item goes back`,
    answerAccepted: 'accepted',
    answerDeclined: 'declined',
    answerLapsed: (by: string) => `none by ${by}: counts as declined`,
    route: 'Route',
    attention: 'Needs attention',
    timeline: 'Timeline',
    ledger: 'Costs and revenue',
    kind: 'Kind',
    description: 'Description',
    amount: 'Amount',
    at: 'When',
    costs: 'Costs',
    revenue: 'Revenue',
    margin: 'Margin',
    noLedger: 'No costs or revenue yet.',
    jobs: 'Repair jobs',
    partner: 'Partner',
    status: 'Status',
    estimate: 'Estimate',
    costLimit: 'Cost limit',
    cost: 'Cost',
    listings: 'Listings',
    channel: 'Channel',
    price: 'Price',
    listingId: 'Listing id',
    none: '–',
    notFound: 'Your brand has no such product passport. Check the number, or look the parcel up in receiving.',
  },
};

/** The item's revenue, costs and margin from its ledger lines, when they are all in one currency. */
function economicsOf(ledger: PassportDetail['ledger']): { currency: string; revenue: number; costs: number; margin: number } | undefined {
  const currency = ledger[0]?.amount.currency;
  if (!currency || ledger.some((line) => line.amount.currency !== currency)) return undefined;
  const sum = (direction: 'COST' | 'REVENUE') => ledger.filter((line) => line.direction === direction).reduce((total, line) => total + line.amount.amount, 0);
  const revenue = sum('REVENUE');
  const costs = sum('COST');
  return { currency, revenue, costs, margin: revenue - costs };
}

/**
 * One passport as the staff sees it (`GET /v1/passports/{id}`): what it is and where it stands,
 * the grading form (or the parcel's rejection) while it waits for one, the route override after,
 * the buyer's return of a sold item (and the last one recorded), and its timeline, ledger with the margin so far, repair jobs and listings.
 */
export function PassportPage({ api, id, canWork, canPay, canTakeBack }: { api: AuthorizedApi; id: string; canWork: boolean; canPay: boolean; canTakeBack: boolean }) {
  const t = useMessages(TEXT);
  const labels = useMessages(CODE_LABELS);
  const words = useMessages(TIMELINE_WORDS);
  const ledgerWords = useMessages(LEDGER_WORDS);
  const routeReasonWords = useMessages(ROUTE_REASON_WORDS);
  const attentionWords = useMessages(ATTENTION_REASON_WORDS);
  const nameOf = useStaffName();
  const { locale } = useLocale();
  const [passport, setPassport] = useState<PassportDetail>();
  const [problem, setProblem] = useState<Problem>();
  // A 409 of an action on the page: the item moved on or was changed meanwhile, said in the console's words.
  const [conflict, setConflict] = useState<Problem>();
  // What an action whose outcome comes later started (a label made again), said above the facts: the form that started
  // it goes once the passport moves on, which may be before its answer is read.
  const [notice, setNotice] = useState<string>();
  const conflictWords = useMessages(PASSPORT_CONFLICT_WORDS);
  const partnerName = usePartnerNames(api, (passport?.jobs.length ?? 0) > 0);
  const heading = useRef<HTMLHeadingElement>(null);
  const stateText = useRef<HTMLElement>(null);
  const conflictText = useRef<HTMLParagraphElement>(null);
  const noticeText = useRef<HTMLParagraphElement>(null);
  const focusWhenShown = useFocusWhenShown();

  /** The passport as it is now; a refusal of this read keeps the page as it was (the next read may work). */
  const reload = useCallback(() => {
    api
      .call<PassportDetail>(`/v1/passports/${id}`, { isAnswer: isPassportDetail })
      .then(setPassport)
      .catch((error: unknown) => {
        if (!(error instanceof ApiProblem)) throw error;
      });
  }, [api, id]);

  const open = useCallback(() => {
    setProblem(undefined);
    api
      .call<PassportDetail>(`/v1/passports/${id}`, { isAnswer: isPassportDetail })
      .then((opened) => {
        setPassport(opened);
        // Opened in place (a parcel received, a link in a list): the focus left with what was pressed, and goes to the page's heading.
        focusWhenShown(() => (document.activeElement && document.activeElement !== document.body ? null : heading.current));
      })
      .catch((error: unknown) => {
        if (!(error instanceof ApiProblem)) throw error;
        setProblem(error.problem);
      });
  }, [api, id, focusWhenShown]);

  useEffect(open, [open]);

  // A passport the workflows move on within seconds (graded with its route, repaired) is read again while the page is
  // visible, so that it never shows a state, and a form, the item has left (a route override of an item listed
  // meanwhile). At most REFRESH_AT_MOST reads per state; a tab in the background reads once it is shown again.
  const moving = passport && movesOnSoon(passport) ? `${passport.state} ${passport.route?.decidedAt ?? ''}` : undefined;
  useEffect(() => {
    if (!moving) return;
    let reads = 0;
    const read = () => {
      if (document.visibilityState !== 'visible' || reads >= REFRESH_AT_MOST) return;
      reads += 1;
      reload();
    };
    const timer = setInterval(read, REFRESH_EVERY_MS);
    document.addEventListener('visibilitychange', read);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', read);
    };
  }, [moving, reload]);

  if (problem?.status === 404 || problem?.status === 400) {
    // Another brand's passport is not found either: the API does not tell them apart, nor does the page.
    return (
      <section aria-labelledby="passport-title">
        <h1 id="passport-title">{t.passport}</h1>
        <p className="problem" role="alert">
          {t.notFound}
        </p>
      </section>
    );
  }
  if (problem) return <ProblemMessage problem={problem} onRetry={open} />;
  if (!passport) return <Loading />;
  const money = (amount: number, currency: string) => formatMoney(amount, currency, locale);
  const formats: TimelineFormats = { labels, partnerName, money: (value) => money(value.amount, value.currency), dateTime: (iso) => formatDateTime(iso, locale) };
  const economics = economicsOf(passport.ledger);
  // An item out at a repair partner is taken back by an admin, naming its open job (the last one).
  const openJob = passport.state === 'IN_REPAIR' ? passport.jobs.at(-1) : undefined;
  const takeBack = canTakeBack && openJob ? { jobId: openJob.jobId, partnerName: partnerName(openJob.partnerId) } : undefined;
  const canOverride = canWork && passport.grading !== undefined && (passport.state === 'GRADED' || passport.state === 'NEEDS_ATTENTION' || takeBack !== undefined);
  const photos = passport.grading?.photos ?? passport.rejection?.photos;
  // An action's answer: the page shows the passport as it is now, with the focus on its state.
  const showNewState = (movedPassport: PassportDetail) => {
    setConflict(undefined);
    setNotice(undefined);
    setPassport(movedPassport);
    focusWhenShown(() => stateText.current);
  };
  // An action whose answer is not the whole passport (a label made again, whose answer holds no address): read again.
  const showReadAgain = (started: string) => {
    setConflict(undefined);
    setNotice(started);
    reload();
    focusWhenShown(() => noticeText.current);
  };
  // An action refused with 409: the page says so in its own words and shows the passport as it is now.
  const showConflict = (refusal: Problem) => {
    setConflict(refusal);
    setNotice(undefined);
    reload();
    focusWhenShown(() => conflictText.current);
  };

  return (
    <article aria-labelledby="passport-title" className="passport">
      <h1 id="passport-title" ref={heading} tabIndex={-1}>
        {passport.product.name}
      </h1>
      <p className="muted">
        {t.passport} <span className="mono">{passport.id}</span>
      </p>
      {notice ? (
        <p role="status" ref={noticeText} tabIndex={-1} data-testid="passport-notice">
          {notice}
        </p>
      ) : null}
      {conflict ? (
        <p className="problem" role="alert" ref={conflictText} tabIndex={-1} data-testid="passport-conflict">
          {passportConflictText(conflict, conflictWords, labels)}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t.state}</dt>
        <dd>
          <strong data-testid="passport-state" ref={stateText} tabIndex={-1}>
            {labels.states[passport.state]}
          </strong>
        </dd>
        <dt>{t.sku}</dt>
        <dd className="mono">{passport.product.sku}</dd>
        <dt>{t.offer}</dt>
        <dd>
          {money(passport.offer.value.min, passport.offer.value.currency)} – {money(passport.offer.value.max, passport.offer.value.currency)}
        </dd>
        <dt>{t.selfAssessed}</dt>
        <dd>{labels.grades[passport.selfAssessedGrade]}</dd>
        {passport.label ? (
          <>
            <dt>{t.shipment}</dt>
            <dd className="mono">{passport.label.shipmentNo}</dd>
            <dt>{t.shipBy}</dt>
            <dd>{formatDateTime(passport.label.shipBy, locale)}</dd>
          </>
        ) : null}
        {passport.receipt ? (
          <>
            <dt>{t.received}</dt>
            <dd>
              {formatDateTime(passport.receipt.at, locale)}
              {passport.receipt.location ? ` · ${passport.receipt.location}` : ''} · {nameOf(passport.receipt.by)}
            </dd>
          </>
        ) : null}
        {passport.grading ? (
          <>
            <dt>{t.grade}</dt>
            <dd>{labels.grades[passport.grading.grade]}</dd>
            <dt>{t.graded}</dt>
            <dd>
              {formatDateTime(passport.grading.at, locale)} · {nameOf(passport.grading.by)}
            </dd>
            {passport.grading.notes ? (
              <>
                <dt>{t.notes}</dt>
                <dd>{passport.grading.notes}</dd>
              </>
            ) : null}
          </>
        ) : null}
        {passport.rejection ? (
          <>
            <dt>{t.rejection}</dt>
            <dd data-testid="rejection">{labels.rejectionReasons[passport.rejection.reason]}</dd>
            <dt>{t.notes}</dt>
            <dd>{passport.rejection.notes}</dd>
            <dt>{t.rejected}</dt>
            <dd>
              {formatDateTime(passport.rejection.at, locale)} · {nameOf(passport.rejection.by)}
            </dd>
          </>
        ) : null}
        {passport.settlement ? (
          <>
            <dt>{passport.settlement.outcome === 'COUNTER_OFFER' ? t.counterOffer : t.payout}</dt>
            <dd>{money(passport.settlement.payout.amount, passport.settlement.payout.currency)}</dd>
            {passport.settlement.answerBy ? (
              <>
                <dt>{t.counterOfferAnswer}</dt>
                <dd data-testid="counter-offer-answer">{counterOfferAnswer(passport.settlement.answer, passport.settlement.answerBy, t, (iso) => formatDateTime(iso, locale))}</dd>
              </>
            ) : null}
          </>
        ) : null}
        {passport.route ? (
          <>
            <dt>{t.route}</dt>
            <dd>
              {labels.routes[passport.route.route]} —{' '}
              <span data-testid="route-reason">{routeReason(passport.route.route, passport.route.reason, passport.route.basis, routeReasonWords, formats)}</span>
            </dd>
          </>
        ) : null}
        {passport.attention ? (
          <>
            <dt>{t.attention}</dt>
            <dd data-testid="attention">{attentionReason(passport.attention, attentionWords)}</dd>
          </>
        ) : null}
      </dl>

      {passport.saleReturn ? <SaleReturnSummary saleReturn={passport.saleReturn} /> : null}

      {photos?.length ? (
        <section aria-labelledby="photos-title">
          <h2 id="photos-title">{t.photos}</h2>
          <ul className="photos">
            {photos.map((url, index) => (
              <li key={url}>
                <a href={url}>{t.photo(index + 1)}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {passport.customerPhotos?.length ? (
        <section aria-labelledby="customer-photos-title">
          <h2 id="customer-photos-title">{t.customerPhotos}</h2>
          <ul className="photos">
            {passport.customerPhotos.map((url, index) => (
              <li key={url}>
                <a href={url}>{t.photo(index + 1)}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {canWork && passport.state === 'RECEIVED' ? (
        <>
          <GradingForm api={api} passport={passport} onGraded={showNewState} onConflict={showConflict} />
          <RejectParcelForm api={api} passport={passport} onRejected={showNewState} onConflict={showConflict} />
        </>
      ) : null}
      {canWork && passport.state === 'SOLD' ? <SaleReturnForm api={api} passport={passport} onRecorded={showNewState} onConflict={showConflict} /> : null}
      {canOverride ? <RouteOverrideForm api={api} passport={passport} onOverridden={showNewState} onConflict={showConflict} takeBack={takeBack} /> : null}
      {/* An admin raises what the open job may cost (a job assigned before 8 December 2026 has no limit to raise). */}
      {takeBack && openJob?.costLimit ? (
        <RepairCostLimitForm
          api={api}
          job={openJob}
          costLimit={openJob.costLimit}
          partnerName={takeBack.partnerName}
          money={formats.money}
          onRaised={showReadAgain}
          onConflict={showConflict}
          onLimitChanged={reload}
        />
      ) : null}
      {canPay && passport.payoutAwaitsPerson ? <PayoutRetry api={api} passport={passport} onStarted={showReadAgain} onConflict={showConflict} /> : null}
      {canWork && passport.labelRetry ? (
        <LabelRetryForm api={api} passport={passport} returnAddress={passport.labelRetry.returnAddress} onRetried={showReadAgain} onConflict={showConflict} />
      ) : null}
      {canWork && customerMayCancel(passport) ? <CancelTakeBackForm api={api} passport={passport} onCancelled={showNewState} onConflict={showConflict} /> : null}
      {canWork && (passport.state === 'RETURN_TO_CUSTOMER' || passport.returnShipment) ? (
        <ReturnShipmentForm api={api} passport={passport} onShipped={setPassport} onConflict={showConflict} />
      ) : null}
      {canPay ? <ErasePersonalDataForm api={api} passport={passport} onErased={setPassport} /> : null}

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t.timeline}</h2>
        <ol className="timeline">
          {passport.timeline.map((event) => {
            const line = describeEvent(event, words, formats);
            return (
              <li key={event.seq}>
                <time dateTime={event.at}>{formatDateTime(event.at, locale)}</time> <strong>{line.what}</strong>
                {line.detail ? `: ${line.detail}` : ''}
                {line.by ? ` · ${nameOf(line.by)}` : ''} → {labels.states[event.state]} <span className="mono muted">{event.type}</span>
              </li>
            );
          })}
        </ol>
      </section>

      <section aria-labelledby="ledger-title">
        <h2 id="ledger-title">{t.ledger}</h2>
        {passport.ledger.length === 0 ? (
          <p>{t.noLedger}</p>
        ) : (
          <TableScroll label={t.ledger}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.kind}</th>
                  <th scope="col">{t.description}</th>
                  <th scope="col" className="number">
                    {t.amount}
                  </th>
                  <th scope="col">{t.at}</th>
                </tr>
              </thead>
              <tbody>
                {passport.ledger.map((line) => (
                  <tr key={line.entryId}>
                    <td>{labels.ledgerKinds[line.kind]}</td>
                    <td>{ledgerLineText(line, ledgerWords, { labels, percent: (share) => formatPercent(share, locale) })}</td>
                    <td className="number">{money(line.direction === 'COST' ? -line.amount.amount : line.amount.amount, line.amount.currency)}</td>
                    <td>{formatDateTime(line.at, locale)}</td>
                  </tr>
                ))}
              </tbody>
              {economics ? (
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={2}>
                      {t.revenue}
                    </th>
                    <td className="number">{money(economics.revenue, economics.currency)}</td>
                    <td />
                  </tr>
                  <tr>
                    <th scope="row" colSpan={2}>
                      {t.costs}
                    </th>
                    <td className="number">{money(-economics.costs, economics.currency)}</td>
                    <td />
                  </tr>
                  <tr>
                    <th scope="row" colSpan={2}>
                      {t.margin}
                    </th>
                    <td className="number" data-testid="margin">
                      <strong>{money(economics.margin, economics.currency)}</strong>
                    </td>
                    <td />
                  </tr>
                </tfoot>
              ) : null}
            </table>
          </TableScroll>
        )}
      </section>

      {passport.jobs.length ? (
        <section aria-labelledby="jobs-title">
          <h2 id="jobs-title">{t.jobs}</h2>
          <TableScroll label={t.jobs}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.partner}</th>
                  <th scope="col">{t.status}</th>
                  <th scope="col" className="number">
                    {t.estimate}
                  </th>
                  <th scope="col" className="number">
                    {t.costLimit}
                  </th>
                  <th scope="col" className="number">
                    {t.cost}
                  </th>
                </tr>
              </thead>
              <tbody>
                {passport.jobs.map((job) => (
                  <tr key={job.jobId}>
                    <td>
                      {partnerName(job.partnerId)}
                      <br />
                      <span className="muted mono">{job.jobId}</span>
                    </td>
                    <td>{labels.jobStatuses[job.status]}</td>
                    <td className="number">{money(job.expectedCost.amount, job.expectedCost.currency)}</td>
                    {/* A job assigned before 8 December 2026 has no limit. */}
                    <td className="number">{job.costLimit ? money(job.costLimit.amount, job.costLimit.currency) : t.none}</td>
                    <td className="number">{job.cost ? money(job.cost.amount, job.cost.currency) : t.none}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      ) : null}

      {passport.listings?.length ? (
        <section aria-labelledby="listings-title">
          <h2 id="listings-title">{t.listings}</h2>
          <TableScroll label={t.listings}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.channel}</th>
                  <th scope="col">{t.status}</th>
                  <th scope="col" className="number">
                    {t.price}
                  </th>
                  <th scope="col">{t.listingId}</th>
                </tr>
              </thead>
              <tbody>
                {passport.listings.map((listing) => (
                  <tr key={listing.channel}>
                    <td>{labels.channels[listing.channel]}</td>
                    <td>{labels.listingStates[listing.state]}</td>
                    <td className="number">{money(listing.price.amount, listing.price.currency)}</td>
                    <td className="mono">{listing.listingId ?? t.none}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          {canWork && passport.state === 'LISTED'
            ? passport.listings
                .filter((listing) => listing.state === 'LISTED' || listing.state === 'WITHDRAWN')
                .map((listing) => (
                  <ListingActions
                    key={listing.channel}
                    api={api}
                    listing={listing}
                    onChanged={(changed) => {
                      setPassport((current) =>
                        current ? { ...current, listings: current.listings?.map((each) => (each.channel === changed.channel ? changed : each)) } : current,
                      );
                      // The change is recorded with its event: the timeline is read again (the listing already shows as answered).
                      reload();
                    }}
                  />
                ))
            : null}
        </section>
      ) : null}
    </article>
  );
}

/** Where a counter-offer's answer stands, for the warehouse: when the item comes back to its queue unanswered. */
function counterOfferAnswer(
  answer: NonNullable<PassportDetail['settlement']>['answer'],
  answerBy: string,
  t: { answerPending(by: string): string; answerAccepted: string; answerDeclined: string; answerLapsed(by: string): string },
  date: (iso: string) => string,
): string {
  if (!answer) return t.answerPending(date(answerBy));
  if (answer.lapsed) return t.answerLapsed(date(answerBy));
  return answer.accepted ? t.answerAccepted : t.answerDeclined;
}
