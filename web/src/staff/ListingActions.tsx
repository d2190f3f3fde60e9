import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ListingState } from '../../../shared/domain/listings';
import type { Problem } from '../../../shared/schemas/common';
import { ListingChangeRequestSchema, ListingStateSchema, type ListingChangeRequest, type ListingView } from '../../../shared/schemas/resale-api';
import { fieldErrors } from '../api';
import { formatMoney, useLocale, useMessages } from '../i18n';
import type { AuthorizedApi } from '../sign-in/authorized';
import { Button, ProblemMessage, TextField } from '../ui/kit';
import { useRequest } from '../ui/use-request';
import { minorUnitsOf, typedAmount } from './amounts';
import { CODE_LABELS } from './labels';

const TEXT = {
  de: {
    title: (channel: string, state: string, price: string) => `${channel}: ${state}, ${price}`,
    price: (unit: string) => `Neuer Preis in ${unit}`,
    priceHint: 'Der Kanal zeigt ihn in wenigen Sekunden; seine Gebühr richtet sich nach dem neuen Preis.',
    priceInvalid: 'Bitte geben Sie einen Preis wie 349,00 an.',
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
    euro: 'Euro',
  },
  en: {
    title: (channel: string, state: string, price: string) => `${channel}: ${state}, ${price}`,
    price: (unit: string) => `New price in ${unit}`,
    priceHint: "The channel shows it within seconds; its fee follows the new price.",
    priceInvalid: 'Please give a price such as 349.00.',
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
    euro: 'euros',
  },
};

/** The listing's state a 409 names (`currentState`), read with the contract's schema; undefined if it names none. */
function currentStateOf(problem: Problem & { currentState?: unknown }): ListingState | undefined {
  const state = ListingStateSchema.safeParse(problem.currentState);
  return problem.status === 409 && state.success ? state.data : undefined;
}

/**
 * What a person may change of one listing (ops and admins; `POST /v1/passports/{id}/listings/{channel}`):
 * a listed item's price, or taking it off sale; a withdrawn one put on sale again. The API records
 * the change and queues the channel's sync; the form says what was done and that the channel
 * follows. A listing sold, cancelled or changed meanwhile is the API's 409, said with its state.
 */
export function ListingActions({ api, listing, onChanged }: { api: AuthorizedApi; listing: ListingView; onChanged(listing: ListingView): void }) {
  const t = useMessages(TEXT);
  const labels = useMessages(CODE_LABELS);
  const { locale } = useLocale();
  const titleId = useId();
  const [price, setPrice] = useState(() => typedAmount(listing.price.amount, locale));
  const [priceError, setPriceError] = useState<string>();
  const [done, setDone] = useState<string>();
  const { busy, problem, setProblem, run } = useRequest();
  const priceForm = useRef<HTMLFormElement>(null);
  const focusPrice = useRef(false);
  useEffect(() => {
    if (!focusPrice.current) return;
    focusPrice.current = false;
    priceForm.current?.querySelector('input')?.focus();
  });

  const money = (amount: number) => formatMoney(amount, listing.price.currency, locale);
  const unit = listing.price.currency === 'EUR' ? t.euro : listing.price.currency;

  async function change(request: ListingChangeRequest, said: string) {
    setDone(undefined);
    await run(async () => {
      const changed = await api.call<ListingView>(`/v1/passports/${listing.passportId}/listings/${listing.channel}`, { method: 'POST', body: request });
      setDone(said);
      onChanged(changed);
    });
  }

  async function changePrice(event: FormEvent) {
    event.preventDefault();
    // Checked as the API checks it (its request schema), and not sent when it is the price already.
    const checked = ListingChangeRequestSchema.safeParse({ action: 'price', price: { amount: minorUnitsOf(price), currency: listing.price.currency } });
    const request = checked.success && checked.data.action === 'price' ? checked.data : undefined;
    const refusal = !request ? t.priceInvalid : request.price.amount === listing.price.amount ? t.samePrice : undefined;
    setPriceError(refusal);
    if (refusal || !request) {
      setProblem(undefined);
      focusPrice.current = true;
      return;
    }
    await change(request, t.done.price(money(request.price.amount)));
  }

  const refusedPrice = fieldErrors(problem).get('price.amount') ?? fieldErrors(problem).get('price.currency');
  const conflictState = problem ? currentStateOf(problem) : undefined;
  return (
    <section className="card" aria-labelledby={titleId}>
      <h3 id={titleId}>{t.title(labels.channels[listing.channel], labels.listingStates[listing.state], money(listing.price.amount))}</h3>
      {listing.state === 'LISTED' ? (
        <form ref={priceForm} onSubmit={changePrice} noValidate aria-labelledby={titleId}>
          <TextField
            label={t.price(unit)}
            hint={t.priceHint}
            inputMode="decimal"
            autoComplete="off"
            value={price}
            onChange={(event) => setPrice(event.target.value)}
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
      {done ? <p role="status">{done}</p> : null}
      {conflictState ? (
        <p className="problem" role="alert">
          {t.conflict(labels.listingStates[conflictState].toLowerCase())}
        </p>
      ) : refusedPrice ? null : (
        <ProblemMessage problem={problem} />
      )}
    </section>
  );
}
