import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ListingState } from '../../../shared/domain/listings';
import type { Problem } from '../../../shared/schemas/common';
import {
  ListingChangeRequestSchema,
  ListingStateSchema,
  PriceLosesMoneyProblemSchema,
  type ListingChangeRequest,
  type ListingView,
} from '../../../shared/schemas/resale-api';
import { fieldErrors } from '../api';
import { formatMoney, useLocale, useMessages } from '../i18n';
import type { AuthorizedApi } from '../sign-in/authorized';
import { refusalIn, useFocusWhenShown } from '../ui/focus';
import { Button, ProblemMessage, TextField } from '../ui/kit';
import { useRequest } from '../ui/use-request';
import { minorUnitsOf, typedAmount } from './amounts';
import { CODE_LABELS } from './labels';

const TEXT = {
  de: {
    title: (channel: string, state: string, price: string) => `${channel}: ${state}, ${price}`,
    price: (unit: string) => `Neuer Preis in ${unit}`,
    priceHint: 'Der Kanal zeigt ihn in wenigen Sekunden; seine Gebühr richtet sich nach dem neuen Preis.',
    priceInvalid: (example: string) => `Bitte geben Sie einen Preis wie ${example} an.`,
    samePrice: 'Das ist schon der Preis dieses Angebots.',
    changePrice: 'Preis ändern',
    withdraw: 'Zurückziehen',
    relist: 'Wieder anbieten',
    done: {
      price: (price: string) => `Preis auf ${price} geändert; der Kanal folgt in wenigen Sekunden.`,
      withdraw: 'Zurückgezogen; der Kanal nimmt das Angebot in wenigen Sekunden aus dem Verkauf.',
      relist: 'Wieder angeboten; der Kanal zeigt das Angebot in wenigen Sekunden wieder.',
    },
    conflict: (state: string) => `Nicht geändert: Das Angebot ist inzwischen ${state}. Laden Sie die Seite neu, um den aktuellen Stand zu sehen.`,
    loss: (price: string, net: string, cost: string, loss: string) =>
      `Nicht geändert: Zu ${price} bringt das Angebot nach der Gebühr des Kanals netto ${net}, das Stück hat bisher ${cost} gekostet – ein Verlust von ${loss}.`,
    lossChoice: 'Ändern Sie den Preis, oder nennen Sie den Grund, aus dem die Marke den Verlust hinnimmt.',
    lossForm: 'Verlust hinnehmen',
    reason: 'Grund für den Verlust',
    reasonHint: 'Bis 200 Zeichen, z. B. „Ausstellungsstück, Abverkauf“; er steht mit der Preisänderung im Verlauf.',
    reasonInvalid: 'Bitte nennen Sie einen Grund mit bis zu 200 Zeichen.',
    acceptLoss: 'Mit Verlust ändern',
    euro: 'Euro',
  },
  en: {
    title: (channel: string, state: string, price: string) => `${channel}: ${state}, ${price}`,
    price: (unit: string) => `New price in ${unit}`,
    priceHint: "The channel shows it within seconds; its fee follows the new price.",
    priceInvalid: (example: string) => `Please give a price such as ${example}.`,
    samePrice: 'That is already the price of this listing.',
    changePrice: 'Change the price',
    withdraw: 'Withdraw',
    relist: 'List again',
    done: {
      price: (price: string) => `Price changed to ${price}; the channel follows within seconds.`,
      withdraw: 'Withdrawn; the channel takes the listing off sale within seconds.',
      relist: 'Listed again; the channel shows the listing again within seconds.',
    },
    conflict: (state: string) => `Not changed: the listing is ${state} meanwhile. Reload the page to see where it stands.`,
    loss: (price: string, net: string, cost: string, loss: string) =>
      `Not changed: at ${price} the listing nets ${net} after the channel's fee, and the item has cost ${cost} so far – a loss of ${loss}.`,
    lossChoice: 'Change the price, or give the reason the brand accepts the loss for.',
    lossForm: 'Accept the loss',
    reason: 'Reason for the loss',
    reasonHint: 'Up to 200 characters, e.g. "Display model, clearance"; it is kept with the price change on the timeline.',
    reasonInvalid: 'Please give a reason of up to 200 characters.',
    acceptLoss: 'Change at a loss',
    euro: 'euros',
  },
};

/** The listing's state a 409 names (`currentState`), read with the contract's schema; undefined if it names none. */
function currentStateOf(problem: Problem & { currentState?: unknown }): ListingState | undefined {
  const state = ListingStateSchema.safeParse(problem.currentState);
  return problem.status === 409 && state.success ? state.data : undefined;
}

type PriceChange = Extract<ListingChangeRequest, { action: 'price' }>;

/** A price the API refused because it loses money (422 "Price loses money"), with its figures read with the contract's schema. */
interface RefusedLoss {
  request: PriceChange;
  cost: number;
  net: number;
}

/**
 * What a person may change of one listing (ops and admins; `POST /v1/passports/{id}/listings/{channel}`):
 * a listed item's price, or taking it off sale; a withdrawn one put on sale again. The API records
 * the change and queues the channel's sync; the form says what was done and that the channel
 * follows. A listing sold, cancelled or changed meanwhile is the API's 409, said with its state.
 * A price that nets less than the item has cost so far is the API's 422: the form says both
 * figures and asks for the reason to accept the loss, and sends the price again with it
 * (`acceptLoss`); a change of the price takes the question back.
 */
export function ListingActions({ api, listing, onChanged }: { api: AuthorizedApi; listing: ListingView; onChanged(listing: ListingView): void }) {
  const t = useMessages(TEXT);
  const labels = useMessages(CODE_LABELS);
  const { locale } = useLocale();
  const titleId = useId();
  const [price, setPrice] = useState(() => typedAmount(listing.price.amount, listing.price.currency, locale));
  const [priceError, setPriceError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [loss, setLoss] = useState<RefusedLoss>();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const { busy, problem, setProblem, run } = useRequest();
  const priceForm = useRef<HTMLFormElement>(null);
  const lossForm = useRef<HTMLFormElement>(null);
  const card = useRef<HTMLElement>(null);
  const doneText = useRef<HTMLParagraphElement>(null);
  // What was done, or why not, takes the focus: the button pressed may leave the card with the listing's new state.
  const focusWhenShown = useFocusWhenShown();
  const focusNext = useRef<'price' | 'reason'>(undefined);
  useEffect(() => {
    if (!focusNext.current) return;
    const form = focusNext.current === 'price' ? priceForm : lossForm;
    focusNext.current = undefined;
    form.current?.querySelector('input')?.focus();
  });

  const money = (amount: number) => formatMoney(amount, listing.price.currency, locale);
  const unit = listing.price.currency === 'EUR' ? t.euro : listing.price.currency;

  async function change(request: ListingChangeRequest, said: string) {
    setDone(undefined);
    await run(
      async () => {
        const changed = await api.call<ListingView>(`/v1/passports/${listing.passportId}/listings/${listing.channel}`, { method: 'POST', body: request });
        setLoss(undefined);
        setReason('');
        setDone(said);
        onChanged(changed);
        focusWhenShown(() => doneText.current);
      },
      (refusal) => {
        const refusedLoss = PriceLosesMoneyProblemSchema.safeParse(refusal);
        if (request.action === 'price' && refusedLoss.success) {
          setLoss({ request, cost: refusedLoss.data.cost.amount, net: refusedLoss.data.net.amount });
          focusNext.current = 'reason';
          return;
        }
        setProblem(refusal);
        focusWhenShown(() => refusalIn(card.current));
        // A price sent with its reason and refused otherwise keeps the question, so the reason can be put right.
        if (!(request.action === 'price' && request.acceptLoss)) setLoss(undefined);
      },
    );
  }

  function editPrice(typed: string) {
    setPrice(typed);
    // The figures were for the price refused: another price is asked about anew.
    setLoss(undefined);
    setReasonError(undefined);
  }

  async function changePrice(event: FormEvent) {
    event.preventDefault();
    // Checked as the API checks it (its request schema), and not sent when it is the price already.
    const checked = ListingChangeRequestSchema.safeParse({ action: 'price', price: { amount: minorUnitsOf(price, listing.price.currency), currency: listing.price.currency } });
    const request = checked.success && checked.data.action === 'price' ? checked.data : undefined;
    const refusal = !request ? t.priceInvalid(typedAmount(34_900, listing.price.currency, locale)) : request.price.amount === listing.price.amount ? t.samePrice : undefined;
    setPriceError(refusal);
    if (refusal || !request) {
      setProblem(undefined);
      focusNext.current = 'price';
      return;
    }
    await change(request, t.done.price(money(request.price.amount)));
  }

  async function changeAtLoss(event: FormEvent) {
    event.preventDefault();
    if (!loss) return;
    // The reason checked as the API checks it; the price is the one the figures were given for.
    const checked = ListingChangeRequestSchema.safeParse({ ...loss.request, acceptLoss: { reason } });
    if (!checked.success) {
      setReasonError(t.reasonInvalid);
      focusNext.current = 'reason';
      return;
    }
    setReasonError(undefined);
    await change(checked.data, t.done.price(money(loss.request.price.amount)));
  }

  const refusedPrice = fieldErrors(problem).get('price.amount') ?? fieldErrors(problem).get('price.currency');
  const refusedReason = fieldErrors(problem).get('acceptLoss.reason');
  const conflictState = problem ? currentStateOf(problem) : undefined;
  return (
    <section ref={card} className="card" aria-labelledby={titleId}>
      <h3 id={titleId}>{t.title(labels.channels[listing.channel], labels.listingStates[listing.state], money(listing.price.amount))}</h3>
      {listing.state === 'LISTED' ? (
        <form ref={priceForm} onSubmit={changePrice} noValidate aria-labelledby={titleId}>
          <TextField
            label={t.price(unit)}
            hint={t.priceHint}
            inputMode="decimal"
            autoComplete="off"
            value={price}
            onChange={(event) => editPrice(event.target.value)}
            error={priceError ?? refusedPrice}
          />
          <div className="actions">
            <Button type="submit" busy={busy}>
              {t.changePrice}
            </Button>
            <Button type="button" variant="secondary" disabled={busy} onClick={() => void change({ action: 'withdraw' }, t.done.withdraw)}>
              {t.withdraw}
            </Button>
          </div>
        </form>
      ) : listing.state === 'WITHDRAWN' ? (
        <div className="actions">
          <Button type="button" busy={busy} onClick={() => void change({ action: 'relist' }, t.done.relist)}>
            {t.relist}
          </Button>
        </div>
      ) : null}
      {listing.state === 'LISTED' && loss ? (
        <form ref={lossForm} onSubmit={changeAtLoss} noValidate aria-label={t.lossForm}>
          <div className="problem" role="alert">
            <p>{t.loss(money(loss.request.price.amount), money(loss.net), money(loss.cost), money(loss.cost - loss.net))}</p>
            <p>{t.lossChoice}</p>
          </div>
          <TextField
            label={t.reason}
            hint={t.reasonHint}
            autoComplete="off"
            maxLength={200}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            error={reasonError ?? refusedReason}
          />
          <div className="actions">
            <Button type="submit" busy={busy}>
              {t.acceptLoss}
            </Button>
          </div>
        </form>
      ) : null}
      {done ? (
        <p role="status" ref={doneText} tabIndex={-1}>
          {done}
        </p>
      ) : null}
      {conflictState ? (
        <p className="problem" role="alert" tabIndex={-1}>
          {t.conflict(labels.listingStates[conflictState].toLowerCase())}
        </p>
      ) : refusedPrice || refusedReason ? null : (
        <ProblemMessage problem={problem} />
      )}
    </section>
  );
}
