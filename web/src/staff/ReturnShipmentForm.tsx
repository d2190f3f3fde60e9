import { useRef, useState, type FormEvent } from 'react';
import { type ReturnCause, returnCause } from '../../../shared/domain/return-shipment';
import type { Problem } from '../../../shared/schemas/common';
import type { PassportDetail } from '../../../shared/schemas/staff';
import { fieldErrors } from '../api';
import { formatDateTime, useLocale, useMessages } from '../i18n';
import type { AuthorizedApi } from '../sign-in/authorized';
import { refusalIn, useFocusWhenShown } from '../ui/focus';
import { Button, ProblemMessage, TextField } from '../ui/kit';
import { useKeyedRequest } from '../ui/use-request';
import { isPassportDetail } from './answers';

const TEXT = {
  de: {
    title: 'Zurück an den Kunden schicken',
    cause: {
      declined: 'Der Kunde hat das Gegenangebot abgelehnt.',
      lapsed: 'Das Gegenangebot ist ohne Antwort des Kunden abgelaufen.',
      'other-item': 'Im Paket war ein anderer Artikel als angegeben.',
    } satisfies Record<ReturnCause, string>,
    intro: 'Der Artikel geht auf Kosten der Marke an die Adresse des Kunden zurück. Das DHL-Etikett wird aus dem Paketkonto der Marke erstellt; der Kunde erhält die Sendungsnummer per E-Mail.',
    weight: 'Gewicht des Pakets in Gramm',
    weightHint: (grams: number) => `Leer lassen für das Gewicht des Produkts (${grams} g).`,
    weightInvalid: 'Bitte ganze Gramm angeben, z. B. 450.',
    submit: 'DHL-Etikett erstellen',
    sent: 'Zurückgeschickt',
    shipment: (shipmentNo: string, at: string) => `DHL-Sendung ${shipmentNo}, Etikett erstellt am ${at}`,
    print: 'Etikett (PDF) herunterladen',
  },
  en: {
    title: 'Send back to the customer',
    cause: {
      declined: 'The customer declined the counter-offer.',
      lapsed: 'The counter-offer ran out without the customer’s answer.',
      'other-item': 'The parcel held a different item than declared.',
    } satisfies Record<ReturnCause, string>,
    intro: "The item goes back to the customer's address at the brand's cost. The DHL label is made from the brand's parcel account; the customer is e-mailed the shipment number.",
    weight: 'Parcel weight in grams',
    weightHint: (grams: number) => `Leave empty for the product's weight (${grams} g).`,
    weightInvalid: 'Please give whole grams, e.g. 450.',
    submit: 'Make the DHL label',
    sent: 'Sent back',
    shipment: (shipmentNo: string, at: string) => `DHL shipment ${shipmentNo}, label made on ${at}`,
    print: 'Download the label (PDF)',
  },
};

/**
 * The parcel that takes an item back to its customer (`POST /v1/passports/{id}/return-shipment`):
 * after a declined counter-offer, or a parcel rejected for holding another item. Once it is made,
 * its label to print (again), with the focus on its heading once made. A 409 (sent back meanwhile) goes to
 * `onConflict`; another refusal is said at the field or above the button, with the focus there.
 */
export function ReturnShipmentForm({
  api,
  passport,
  onShipped,
  onConflict,
}: {
  api: AuthorizedApi;
  passport: PassportDetail;
  onShipped(passport: PassportDetail): void;
  onConflict(problem: Problem): void;
}) {
  const t = useMessages(TEXT);
  const { locale } = useLocale();
  const [weight, setWeight] = useState('');
  const { busy, problem, setProblem, run, send } = useKeyedRequest();
  const errors = fieldErrors(problem);
  const shipment = passport.returnShipment;
  const form = useRef<HTMLFormElement>(null);
  const sentCard = useRef<HTMLElement>(null);
  const sentTitle = useRef<HTMLHeadingElement>(null);
  const focusWhenShown = useFocusWhenShown();
  const refused = (refusal: Problem) => {
    setProblem(refusal);
    focusWhenShown(() => refusalIn(form.current ?? sentCard.current));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const typed = weight.trim();
    // Not a number at all is said here, in the page's language; the API checks the range.
    if (typed !== '' && !/^\d+$/.test(typed)) {
      refused({ type: 'about:blank', title: 'Invalid request', status: 400, errors: [{ in: 'body', path: ['weightGrams'], message: t.weightInvalid }] });
      return;
    }
    const body = typed === '' ? {} : { weightGrams: Number(typed) };
    await send(
      async (idempotencyKey) => {
        onShipped(await api.call<PassportDetail>(`/v1/passports/${passport.id}/return-shipment`, { method: 'POST', idempotencyKey, body, isAnswer: isPassportDetail }));
        focusWhenShown(() => sentTitle.current ?? undefined);
      },
      (refusal) => (refusal.status === 409 ? onConflict(refusal) : refused(refusal)),
    );
  }

  async function print() {
    await run(() => api.download(`/v1/passports/${passport.id}/return-shipment/label`, 'application/pdf', `return-parcel-${passport.id}.pdf`), refused);
  }

  if (shipment) {
    return (
      <section ref={sentCard} className="card" aria-labelledby="return-title">
        <h2 id="return-title" ref={sentTitle} tabIndex={-1}>
          {t.sent}
        </h2>
        <p data-testid="return-shipment">{t.shipment(shipment.shipmentNo, formatDateTime(shipment.createdAt, locale))}</p>
        {problem ? <ProblemMessage problem={problem} /> : null}
        <Button type="button" busy={busy} variant="secondary" onClick={() => void print()}>
          {t.print}
        </Button>
      </section>
    );
  }
  return (
    <form ref={form} className="card" onSubmit={submit} noValidate aria-labelledby="return-title">
      <h2 id="return-title">{t.title}</h2>
      <p>
        {t.cause[returnCause(passport)]} {t.intro}
      </p>
      <TextField
        label={t.weight}
        hint={t.weightHint(passport.product.weightGrams)}
        name="weightGrams"
        inputMode="numeric"
        optional
        value={weight}
        onChange={(event) => setWeight(event.target.value)}
        error={errors.get('weightGrams')}
      />
      {problem && !errors.has('weightGrams') ? <ProblemMessage problem={problem} /> : null}
      <Button type="submit" busy={busy}>
        {t.submit}
      </Button>
    </form>
  );
}
