import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { PASSPORT_EVENT_TYPES, type PassportEventType } from '../../../shared/domain/passport';
import type { Problem } from '../../../shared/schemas/common';
import type { DeadLetterReplay, WebhookSecretRotated, WebhookSubscriptionCreated, WebhookSubscriptionView } from '../../../shared/schemas/webhooks';
import { ApiProblem, fieldErrors, newIdempotencyKey } from '../api';
import { formatDateTime, useLocale, useMessages } from '../i18n';
import type { AuthorizedApi } from '../sign-in/authorized';
import { refusalIn, useFocusWhenShown } from '../ui/focus';
import { Button, CheckboxGroup, firstInvalidControl, Loading, ProblemMessage, TextField } from '../ui/kit';
import { useRequest } from '../ui/use-request';
import { isWebhookSubscriptionList } from './answers';
import { TableScroll } from './TableScroll';
import { WEBHOOK_URL_WORDS, webhookUrlMistake, webhookUrlRefusal } from './webhook-url';

const TEXT = {
  de: {
    title: 'Webhooks',
    intro: 'Die Endpunkte der Marke, an die Kreislauf Pass-Ereignisse signiert sendet (Standard Webhooks).',
    adminOnly: 'Webhooks verwalten dürfen nur Administratoren der Marke.',
    subscribe: 'Endpunkt abonnieren',
    url: 'HTTPS-Adresse des Endpunkts',
    eventTypes: 'Ereignisse',
    submit: 'Abonnieren',
    subscriptions: 'Abonnements',
    endpoint: 'Endpunkt',
    events: 'Ereignisse',
    created: 'Angelegt',
    actions: 'Aktionen',
    empty: 'Die Marke hat noch keine Webhook-Abonnements.',
    change: 'Ereignisse ändern',
    changeOf: (url: string) => `Ereignisse ändern: ${url}`,
    changeTitle: 'Ereignisse ändern',
    changeHint: 'Das Abonnement behält seine Adresse und sein Signaturgeheimnis. Schon eingereihte Lieferungen werden noch zugestellt; ab dem nächsten Ereignis gilt die neue Auswahl.',
    save: 'Ereignisse speichern',
    cancel: 'Abbrechen',
    changed: (url: string, types: string) => `${url} erhält jetzt: ${types}.`,
    rotate: 'Geheimnis erneuern',
    rotateOf: (url: string) => `Geheimnis erneuern: ${url}`,
    remove: 'Löschen',
    removeOf: (url: string) => `Löschen: ${url}`,
    secretTitle: 'Signaturgeheimnis',
    secretOnce: 'Kopieren Sie es jetzt in den Endpunkt: Es wird nicht noch einmal gezeigt.',
    secretOf: (url: string) => `Neues Signaturgeheimnis für ${url}:`,
    previousUntil: (at: string) => `Das bisherige Geheimnis signiert daneben noch bis ${at}.`,
    replay: 'Unzustellbare Lieferungen erneut senden',
    replayed: (count: number) => (count === 1 ? '1 Lieferung wird erneut gesendet.' : `${count} Lieferungen werden erneut gesendet.`),
    unreadable: (count: number) =>
      count === 1
        ? '1 aufbewahrte Lieferung ist nicht lesbar und wurde nicht gesendet; sie steht für den Betrieb der Plattform im Protokoll.'
        : `${count} aufbewahrte Lieferungen sind nicht lesbar und wurden nicht gesendet; sie stehen für den Betrieb der Plattform im Protokoll.`,
  },
  en: {
    title: 'Webhooks',
    intro: "The brand's endpoints that Kreislauf sends passport events to, signed (Standard Webhooks).",
    adminOnly: "Only the brand's administrators may manage webhooks.",
    subscribe: 'Subscribe an endpoint',
    url: "The endpoint's HTTPS address",
    eventTypes: 'Events',
    submit: 'Subscribe',
    subscriptions: 'Subscriptions',
    endpoint: 'Endpoint',
    events: 'Events',
    created: 'Created',
    actions: 'Actions',
    empty: 'The brand has no webhook subscriptions yet.',
    change: 'Change events',
    changeOf: (url: string) => `Change events: ${url}`,
    changeTitle: 'Change events',
    changeHint: 'The subscription keeps its address and its signing secret. Deliveries already queued still go out; from the next event on, the new choice applies.',
    save: 'Save events',
    cancel: 'Cancel',
    changed: (url: string, types: string) => `${url} now gets: ${types}.`,
    rotate: 'Rotate secret',
    rotateOf: (url: string) => `Rotate secret: ${url}`,
    remove: 'Delete',
    removeOf: (url: string) => `Delete: ${url}`,
    secretTitle: 'Signing secret',
    secretOnce: 'Copy it into the endpoint now: it is not shown again.',
    secretOf: (url: string) => `New signing secret for ${url}:`,
    previousUntil: (at: string) => `The secret before it also signs until ${at}.`,
    replay: 'Send undeliverable deliveries again',
    replayed: (count: number) => (count === 1 ? '1 delivery is sent again.' : `${count} deliveries are sent again.`),
    unreadable: (count: number) =>
      count === 1
        ? "1 kept delivery cannot be read and was not sent; it is in the platform's log for its operators."
        : `${count} kept deliveries cannot be read and were not sent; they are in the platform's log for its operators.`,
  },
};

/** A signing secret as the API showed it once: to the subscription just made, or after a rotation. */
interface ShownSecret {
  url: string;
  secret: string;
  previousUntil?: string;
}

/**
 * The brand's webhook subscriptions (admin): subscribe an endpoint to event types, change them in
 * place, see each signing secret once, rotate it (the old one signs beside the new for a day),
 * delete a subscription, and send the dead-lettered deliveries again.
 */
export function WebhooksPage({ api, canManage }: { api: AuthorizedApi; canManage: boolean }) {
  const t = useMessages(TEXT);
  const { locale } = useLocale();
  const [subscriptions, setSubscriptions] = useState<WebhookSubscriptionView[]>();
  const [listProblem, setListProblem] = useState<Problem>();
  const [url, setUrl] = useState('');
  const [eventTypes, setEventTypes] = useState<PassportEventType[]>([]);
  const [shown, setShown] = useState<ShownSecret>();
  const [replayed, setReplayed] = useState<DeadLetterReplay>();
  const [changing, setChanging] = useState<WebhookSubscriptionView>();
  const [changed, setChanged] = useState<string>();
  // The row's button that opened the change, where the focus goes back once it is saved or cancelled.
  const changeButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const { busy, problem, setProblem, run } = useRequest();
  const errors = fieldErrors(problem);
  const urlWords = useMessages(WEBHOOK_URL_WORDS);
  // An address the form refused itself, in the page's words; the API's refusal of one is said in them too, its own message marked as the API's.
  const [urlMistake, setUrlMistake] = useState<string>();
  const apiUrlError = errors.get('url');
  const urlError = urlMistake ?? (apiUrlError && problem ? webhookUrlRefusal(problem.status, apiUrlError, urlWords) : undefined);
  const subscribeForm = useRef<HTMLFormElement>(null);
  const page = useRef<HTMLElement>(null);
  const focusWhenShown = useFocusWhenShown();

  useEffect(() => {
    if (changing || !returnFocus.current) return;
    returnFocus.current = false;
    changeButton.current?.focus();
  }, [changing]);

  // Read when the page opens, and again on "Erneut versuchen" after a failure (until 7 December 2026 there was none).
  const load = useCallback(() => {
    if (!canManage) return;
    setListProblem(undefined);
    api
      .call<{ subscriptions: WebhookSubscriptionView[] }>('/v1/webhook-subscriptions', { isAnswer: isWebhookSubscriptionList })
      .then((list) => setSubscriptions(list.subscriptions))
      .catch((error: unknown) => {
        if (!(error instanceof ApiProblem)) throw error;
        setListProblem(error.problem);
      });
  }, [api, canManage]);

  useEffect(load, [load]);

  if (!canManage) {
    return (
      <section aria-labelledby="webhooks-title">
        <h1 id="webhooks-title">{t.title}</h1>
        <p>{t.adminOnly}</p>
      </section>
    );
  }

  async function subscribe(event: FormEvent) {
    event.preventDefault();
    const mistake = webhookUrlMistake(url, urlWords);
    setUrlMistake(mistake);
    if (mistake) {
      setProblem(undefined);
      focusWhenShown(() => refusalIn(subscribeForm.current));
      return;
    }
    await run(async () => {
      const created = await api.call<WebhookSubscriptionCreated>('/v1/webhook-subscriptions', {
        method: 'POST',
        idempotencyKey: newIdempotencyKey(),
        body: { url, eventTypes },
      });
      const { secret, ...subscription } = created;
      setSubscriptions((current) => [...(current ?? []), subscription]);
      setShown({ url: created.url, secret });
      setUrl('');
      setEventTypes([]);
    }, refused(subscribeForm));
  }

  /** A refusal is said at its field (the form's) or above the forms, with the focus there. */
  function refused(form?: { current: HTMLElement | null }) {
    return (refusal: Problem) => {
      setProblem(refusal);
      focusWhenShown(() => (fieldErrors(refusal).size > 0 ? refusalIn(form?.current) : refusalIn(page.current)));
    };
  }

  async function rotate(subscription: WebhookSubscriptionView) {
    await run(async () => {
      const rotated = await api.call<WebhookSecretRotated>(`/v1/webhook-subscriptions/${subscription.subscriptionId}/secret`, {
        method: 'POST',
        idempotencyKey: newIdempotencyKey(),
      });
      setShown({ url: subscription.url, secret: rotated.secret, previousUntil: rotated.previousSecretExpiresAt });
    }, refused());
  }

  async function remove(subscription: WebhookSubscriptionView) {
    await run(async () => {
      await api.call(`/v1/webhook-subscriptions/${subscription.subscriptionId}`, { method: 'DELETE' });
      setSubscriptions((current) => current?.filter((one) => one.subscriptionId !== subscription.subscriptionId));
      setShown((current) => (current?.url === subscription.url ? undefined : current));
      setChanging((current) => (current?.subscriptionId === subscription.subscriptionId ? undefined : current));
    }, refused());
  }

  function openChange(subscription: WebhookSubscriptionView, button: HTMLButtonElement) {
    changeButton.current = button;
    setChanged(undefined);
    setChanging(subscription);
  }

  function closeChange(saved?: WebhookSubscriptionView) {
    if (saved) {
      setSubscriptions((current) => current?.map((one) => (one.subscriptionId === saved.subscriptionId ? saved : one)));
      setChanged(t.changed(saved.url, saved.eventTypes.join(', ')));
    }
    returnFocus.current = true;
    setChanging(undefined);
  }

  async function replay() {
    await run(async () => {
      setReplayed(await api.call<DeadLetterReplay>('/v1/webhook-dead-letters/replay', { method: 'POST', idempotencyKey: newIdempotencyKey() }));
    }, refused());
  }

  return (
    <section ref={page} aria-labelledby="webhooks-title">
      <h1 id="webhooks-title">{t.title}</h1>
      <p>{t.intro}</p>
      <ProblemMessage problem={problem && errors.size === 0 ? problem : undefined} />
      {shown ? (
        <section className="card" role="status" aria-labelledby="webhook-secret-title">
          <h2 id="webhook-secret-title">{t.secretTitle}</h2>
          <p>{t.secretOf(shown.url)}</p>
          <p>
            <code className="webhook-secret">{shown.secret}</code>
          </p>
          <p>{t.secretOnce}</p>
          {shown.previousUntil ? <p>{t.previousUntil(formatDateTime(shown.previousUntil, locale))}</p> : null}
        </section>
      ) : null}

      <form ref={subscribeForm} onSubmit={subscribe} noValidate aria-labelledby="webhook-subscribe-title">
        <h2 id="webhook-subscribe-title">{t.subscribe}</h2>
        <TextField label={t.url} type="url" value={url} onChange={(event) => setUrl(event.target.value)} error={urlError} autoComplete="off" />
        <EventTypeChoices legend={t.eventTypes} name="eventTypes" values={eventTypes} onChange={setEventTypes} error={errors.get('eventTypes')} />
        <Button type="submit" busy={busy}>
          {t.submit}
        </Button>
      </form>

      <h2>{t.subscriptions}</h2>
      <ProblemMessage problem={listProblem} onRetry={load} />
      {!subscriptions && !listProblem ? <Loading /> : null}
      {subscriptions && subscriptions.length === 0 ? <p>{t.empty}</p> : null}
      {subscriptions && subscriptions.length > 0 ? (
        <TableScroll label={t.subscriptions}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t.endpoint}</th>
                <th scope="col">{t.events}</th>
                <th scope="col">{t.created}</th>
                <th scope="col">{t.actions}</th>
              </tr>
            </thead>
            <tbody>
              {subscriptions.map((subscription) => (
                <tr key={subscription.subscriptionId}>
                  <td className="webhook-url">{subscription.url}</td>
                  <td>{subscription.eventTypes.join(', ')}</td>
                  <td>{formatDateTime(subscription.createdAt, locale)}</td>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      disabled={busy}
                      aria-label={t.changeOf(subscription.url)}
                      aria-expanded={changing?.subscriptionId === subscription.subscriptionId}
                      onClick={(event) => openChange(subscription, event.currentTarget)}
                    >
                      {t.change}
                    </button>{' '}
                    <button type="button" className="link-button" disabled={busy} aria-label={t.rotateOf(subscription.url)} onClick={() => void rotate(subscription)}>
                      {t.rotate}
                    </button>{' '}
                    <button type="button" className="link-button" disabled={busy} aria-label={t.removeOf(subscription.url)} onClick={() => void remove(subscription)}>
                      {t.remove}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
      {changed ? <p role="status">{changed}</p> : null}
      {changing ? <EventTypesForm key={changing.subscriptionId} api={api} subscription={changing} onClose={closeChange} /> : null}

      <p>
        <Button type="button" variant="secondary" busy={busy} onClick={() => void replay()}>
          {t.replay}
        </Button>
      </p>
      {replayed !== undefined ? (
        <p role="status">
          {t.replayed(replayed.replayed)}
          {replayed.unreadable > 0 ? ` ${t.unreadable(replayed.unreadable)}` : null}
        </p>
      ) : null}
    </section>
  );
}

/**
 * The change of one subscription's event types in place (`PATCH /v1/webhook-subscriptions/{id}`), the types it has
 * ticked to begin with. A refusal is said at the event types (none ticked) or above them (the subscription deleted
 * meanwhile), with the focus on the first event type; `onClose` gets the subscription as the API answered it.
 */
function EventTypesForm({ api, subscription, onClose }: { api: AuthorizedApi; subscription: WebhookSubscriptionView; onClose(saved?: WebhookSubscriptionView): void }) {
  const t = useMessages(TEXT);
  const titleId = useId();
  const form = useRef<HTMLFormElement>(null);
  const [eventTypes, setEventTypes] = useState<PassportEventType[]>(subscription.eventTypes);
  const { busy, problem, run } = useRequest();
  const errors = fieldErrors(problem);

  useEffect(() => {
    (firstInvalidControl(form.current) ?? form.current?.querySelector('input'))?.focus();
  }, [problem]);

  async function save(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      onClose(
        await api.call<WebhookSubscriptionView>(`/v1/webhook-subscriptions/${subscription.subscriptionId}`, {
          method: 'PATCH',
          idempotencyKey: newIdempotencyKey(),
          body: { eventTypes },
        }),
      );
    });
  }

  return (
    <form ref={form} className="card" onSubmit={save} noValidate aria-labelledby={titleId}>
      <h2 id={titleId}>
        {t.changeTitle}: <span className="webhook-url">{subscription.url}</span>
      </h2>
      <p>{t.changeHint}</p>
      <ProblemMessage problem={problem && errors.size === 0 ? problem : undefined} />
      <EventTypeChoices legend={t.eventTypes} name="changedEventTypes" values={eventTypes} onChange={setEventTypes} error={errors.get('eventTypes')} />
      <div className="actions">
        <Button type="submit" busy={busy}>
          {t.save}
        </Button>
        <Button type="button" variant="secondary" disabled={busy} onClick={() => onClose()}>
          {t.cancel}
        </Button>
      </div>
    </form>
  );
}

/** The passport event types an endpoint gets, one checkbox each: the same choice when subscribing and when changing. */
function EventTypeChoices(props: { legend: string; name: string; values: PassportEventType[]; onChange(values: PassportEventType[]): void; error: string | undefined }) {
  return <CheckboxGroup {...props} className="webhook-events" options={PASSPORT_EVENT_TYPES.map((type) => ({ value: type, label: type }))} />;
}
