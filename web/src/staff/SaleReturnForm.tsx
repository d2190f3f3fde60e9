import { useRef, useState, type FormEvent } from 'react';
import { ROUTES, type Route } from '../../../shared/domain/routing';
import { paidFor, SALE_RETURN_REASONS, type SaleReturnReason } from '../../../shared/domain/sale-return';
import type { Problem } from '../../../shared/schemas/common';
import { SaleReturnRequestSchema, type PassportDetail } from '../../../shared/schemas/staff';
import { fieldErrors, problemOfIssues } from '../api';
import { formatDateTime, formatMoney, useLocale, useMessages } from '../i18n';
import type { AuthorizedApi } from '../sign-in/authorized';
import { Button, ProblemMessage, SelectField, TextAreaField, TextField } from '../ui/kit';
import { useKeyedRequest } from '../ui/use-request';
import { minorUnitsOf, typedAmount } from './amounts';
import { OnceMoreQuestion, useAskOnceMore } from './ask-once-more';
import { CODE_LABELS, wordsOf } from './labels';
import { useStaffName } from './staff-names';
import { isPassportDetail } from './answers';

const TEXT = {
  de: {
    title: 'Rücksendung vom Käufer erfassen',
    intro:
      'Wenn der Käufer den verkauften Artikel zurückgeschickt hat und das Paket angekommen ist. Der Artikel gilt danach wieder als bewertet und geht den gewählten Weg; die Erstattung erscheint unter Kosten und Erlöse.',
    reason: 'Grund der Rücksendung',
    choose: 'Bitte wählen',
    reasonRequired: 'Bitte wählen Sie den Grund der Rücksendung.',
    route: 'Weiter mit dem Artikel',
    refund: (unit: string) => `Erstattung an den Käufer in ${unit}`,
    refundHint: (paid: string | undefined) =>
      paid
        ? `Leer lassen, wenn der Käufer alles zurückbekommen hat, was er bezahlt hat: ${paid} (Artikel und Versand).`
        : 'Leer lassen, wenn der Käufer alles zurückbekommen hat, was er bezahlt hat (Artikel und Versand).',
    refundInvalid: (example: string) => `Bitte geben Sie einen Betrag wie ${example} an, oder lassen Sie das Feld leer.`,
    refundTooHigh: (paid: string) => `Höchstens ${paid}: So viel hat der Käufer bezahlt (Artikel und Versand).`,
    fee: (unit: string) => `Vom Kanal gutgeschriebene Gebühr in ${unit}`,
    feeHint: (fee: string | undefined) => `Leer lassen, wenn der Kanal nichts gutgeschrieben hat.${fee ? ` Einbehaltene Gebühr dieses Verkaufs: ${fee}.` : ''}`,
    feeInvalid: (example: string) => `Bitte geben Sie einen Betrag wie ${example} an, oder lassen Sie das Feld leer.`,
    feeTooHigh: (fee: string) => `Höchstens ${fee}: die Gebühr, die der Kanal einbehalten hat.`,
    notes: 'Notizen',
    notesHint: 'Was beim Auspacken auffiel, für den Verlauf; höchstens 2.000 Zeichen.',
    notesTooLong: 'Bitte fassen Sie die Notizen in höchstens 2.000 Zeichen.',
    submit: 'Rücksendung erfassen',
    confirm: (reason: string, refund: string, fee: string, route: string) =>
      `So erfassen? Grund: ${reason}. Erstattung an den Käufer: ${refund}. Vom Kanal gutgeschrieben: ${fee}. Weiter mit dem Artikel: ${route}. Der Artikel gilt danach nicht mehr als verkauft; das lässt sich nicht rückgängig machen.`,
    everything: (paid: string | undefined) => (paid ? `${paid}, alles Bezahlte` : 'alles, was er bezahlt hat'),
    nothing: 'nichts',
    yes: 'Ja, Rücksendung erfassen',
    no: 'Abbrechen',
    euro: 'Euro',
  },
  en: {
    title: "Record the buyer's return",
    intro:
      "When the buyer sent the sold item back and the parcel has arrived. The item then counts as graded again and takes the route chosen; the refund shows under costs and revenue.",
    reason: 'Why it came back',
    choose: 'Please choose',
    reasonRequired: 'Please choose why the item came back.',
    route: 'Next for the item',
    refund: (unit: string) => `Refunded to the buyer in ${unit}`,
    refundHint: (paid: string | undefined) =>
      paid ? `Leave empty if the buyer got back all they paid: ${paid} (item and shipping).` : 'Leave empty if the buyer got back all they paid (item and shipping).',
    refundInvalid: (example: string) => `Please give an amount such as ${example}, or leave the field empty.`,
    refundTooHigh: (paid: string) => `At most ${paid}: what the buyer paid (item and shipping).`,
    fee: (unit: string) => `Fee credited back by the channel in ${unit}`,
    feeHint: (fee: string | undefined) => `Leave empty if the channel credited nothing back.${fee ? ` Fee kept on this sale: ${fee}.` : ''}`,
    feeInvalid: (example: string) => `Please give an amount such as ${example}, or leave the field empty.`,
    feeTooHigh: (fee: string) => `At most ${fee}: the fee the channel kept.`,
    notes: 'Notes',
    notesHint: 'What unpacking showed, for the timeline; at most 2,000 characters.',
    notesTooLong: 'Please keep the notes to 2,000 characters.',
    submit: 'Record the return',
    confirm: (reason: string, refund: string, fee: string, route: string) =>
      `Record it so? Why: ${reason}. Refunded to the buyer: ${refund}. Credited back by the channel: ${fee}. Next for the item: ${route}. The item then no longer counts as sold; this cannot be undone.`,
    everything: (paid: string | undefined) => (paid ? `${paid}, all they paid` : 'all they paid'),
    nothing: 'nothing',
    yes: 'Yes, record the return',
    no: 'Cancel',
    euro: 'euros',
  },
};

const SUMMARY = {
  de: {
    title: 'Rücksendung vom Käufer',
    reason: 'Grund',
    order: 'Bestellung',
    refund: 'Erstattung an den Käufer',
    feeRefunded: 'Gebühr gutgeschrieben',
    route: 'Weiter mit dem Artikel',
    recorded: 'Erfasst',
    notes: 'Notizen',
  },
  en: {
    title: "The buyer's return",
    reason: 'Reason',
    order: 'Order',
    refund: 'Refunded to the buyer',
    feeRefunded: 'Fee credited back',
    route: 'Next for the item',
    recorded: 'Recorded',
    notes: 'Notes',
  },
};


/** The sale a SOLD passport is in, from its ledger: what the buyer paid (SALE and SHIPPING) and the fee the channel kept. */
interface CurrentSale {
  currency: string;
  paid?: number;
  fee?: number;
}

/**
 * The last sale on the ledger, with what its buyer paid and the channel kept, where its lines are in
 * one currency; else only the currency to send amounts in (the offer's).
 */
function currentSaleOf(passport: PassportDetail): CurrentSale {
  const sales = passport.ledger.filter((line) => line.kind === 'SALE' && line.sale);
  const last = sales.reduce<(typeof sales)[number] | undefined>((latest, line) => (!latest || line.at >= latest.at ? line : latest), undefined);
  if (!last?.sale) return { currency: passport.offer.value.currency };
  const { channel, orderId } = last.sale;
  const lines = passport.ledger.filter((line) => line.sale?.channel === channel && line.sale.orderId === orderId);
  const currency = last.amount.currency;
  if (lines.some((line) => line.amount.currency !== currency)) return { currency };
  const amountOf = (kind: string) => lines.find((line) => line.kind === kind)?.amount;
  const shipping = amountOf('SHIPPING');
  const fee = amountOf('CHANNEL_FEE');
  // What the buyer paid, as the API reckons it when it checks the refund.
  return { currency, paid: paidFor({ price: last.amount, ...(shipping ? { shipping } : {}) }), ...(fee ? { fee: fee.amount } : {}) };
}

/**
 * Records that the buyer of a sold item sent it back (`POST /v1/passports/{id}/sale-return`): why,
 * what the buyer got back (empty: all they paid), what the channel credited back of its fee (empty:
 * nothing), where the item goes now, and notes. Checked against the request's schema first, so staff
 * read what is wrong in the page's language; the API's refusals (a refund above what the buyer paid)
 * are shown at their field or above the button. A 409 (no longer sold, e.g. a colleague recorded the
 * return meanwhile) goes to `onConflict`, which says so in the page's words and shows the item as it is now.
 */
export function SaleReturnForm({
  api,
  passport,
  onRecorded,
  onConflict,
}: {
  api: AuthorizedApi;
  passport: PassportDetail;
  onRecorded(passport: PassportDetail): void;
  onConflict(problem: Problem): void;
}) {
  const t = useMessages(TEXT);
  const labels = useMessages(CODE_LABELS);
  const { locale } = useLocale();
  const [reason, setReason] = useState<SaleReturnReason | ''>('');
  const [route, setRoute] = useState<Route>('RESELL');
  const [refund, setRefund] = useState('');
  const [feeRefunded, setFeeRefunded] = useState('');
  const [notes, setNotes] = useState('');
  const { busy, problem, setProblem, send } = useKeyedRequest();
  const form = useRef<HTMLFormElement>(null);
  const submitButton = useRef<HTMLButtonElement>(null);
  const asked = useAskOnceMore({ form, submitButton, busy });

  const sale = currentSaleOf(passport);
  const money = (amount: number) => formatMoney(amount, sale.currency, locale);
  const unit = sale.currency === 'EUR' ? t.euro : sale.currency;
  const errors = shownErrors(problem, sale, t, money);
  // A change while the question is asked takes the question back: it must say what is sent.
  const changed =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      asked.withdraw();
      set(value);
    };
  // An amount as typed, in the sale's currency; the question is asked only once every field reads.
  const typedMoney = (typed: string) => {
    const amount = minorUnitsOf(typed, sale.currency);
    return amount === undefined || Number.isNaN(amount) ? undefined : money(amount);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const refundAmount = minorUnitsOf(refund, sale.currency);
    const feeAmount = minorUnitsOf(feeRefunded, sale.currency);
    const checked = SaleReturnRequestSchema.safeParse({
      reason: reason || undefined,
      route,
      ...(refundAmount !== undefined ? { refund: { amount: refundAmount, currency: sale.currency } } : {}),
      ...(feeAmount !== undefined ? { feeRefunded: { amount: feeAmount, currency: sale.currency } } : {}),
      ...(notes.trim() ? { notes } : {}),
    });
    if (!checked.success) {
      const messages = new Map([
        ['reason', t.reasonRequired],
        ['refund', t.refundInvalid(typedAmount(24_990, sale.currency, locale))],
        ['feeRefunded', t.feeInvalid(typedAmount(1_250, sale.currency, locale))],
        ['notes', t.notesTooLong],
      ]);
      setProblem(problemOfIssues(checked.error.issues, messages));
      asked.backToForm();
      return;
    }
    // Asked once more, with what is to be recorded: the refund and the route cannot be taken back.
    if (asked.ask()) {
      setProblem(undefined);
      return;
    }
    // Once recorded, the page takes the form away.
    await send(
      async (idempotencyKey) => {
        onRecorded(await api.call<PassportDetail>(`/v1/passports/${passport.id}/sale-return`, { method: 'POST', idempotencyKey, body: checked.data, isAnswer: isPassportDetail }));
      },
      (refusal) => asked.refused(refusal, onConflict, setProblem),
    );
  }

  const refundError = errors.get('refund');
  const feeError = errors.get('feeRefunded');
  const fieldOwnsProblem = errors.has('reason') || errors.has('route') || refundError || feeError || errors.has('notes');
  return (
    <form ref={form} className="card" onSubmit={submit} noValidate aria-labelledby="sale-return-form-title">
      <h2 id="sale-return-form-title">{t.title}</h2>
      <p>{t.intro}</p>
      <SelectField
        label={t.reason}
        name="reason"
        placeholder={t.choose}
        value={reason}
        onChange={(event) => changed(setReason)(event.target.value as SaleReturnReason | '')}
        options={SALE_RETURN_REASONS.map((code) => ({ value: code, label: labels.saleReturnReasons[code] }))}
        error={errors.get('reason')}
      />
      <SelectField
        label={t.route}
        name="route"
        value={route}
        onChange={(event) => changed(setRoute)(event.target.value as Route)}
        options={ROUTES.map((code) => ({ value: code, label: labels.routes[code] }))}
        error={errors.get('route')}
      />
      <TextField
        label={t.refund(unit)}
        hint={t.refundHint(sale.paid === undefined ? undefined : money(sale.paid))}
        name="refund"
        inputMode="decimal"
        optional
        value={refund}
        onChange={(event) => changed(setRefund)(event.target.value)}
        error={refundError}
      />
      <TextField
        label={t.fee(unit)}
        hint={t.feeHint(sale.fee === undefined ? undefined : money(sale.fee))}
        name="feeRefunded"
        inputMode="decimal"
        optional
        value={feeRefunded}
        onChange={(event) => changed(setFeeRefunded)(event.target.value)}
        error={feeError}
      />
      <TextAreaField
        label={t.notes}
        hint={t.notesHint}
        name="notes"
        rows={3}
        maxLength={2_000}
        optional
        value={notes}
        onChange={(event) => changed(setNotes)(event.target.value)}
        error={errors.get('notes')}
      />
      {problem && !fieldOwnsProblem ? <ProblemMessage problem={problem} /> : null}
      {asked.asking && reason ? (
        <OnceMoreQuestion
          question={t.confirm(
            labels.saleReturnReasons[reason],
            typedMoney(refund) ?? t.everything(sale.paid === undefined ? undefined : money(sale.paid)),
            typedMoney(feeRefunded) ?? t.nothing,
            labels.routes[route],
          )}
          yes={t.yes}
          no={t.no}
          busy={busy}
          asked={asked}
        />
      ) : (
        <Button ref={submitButton} type="submit" busy={busy}>
          {t.submit}
        </Button>
      )}
    </form>
  );
}

/**
 * The problem's messages by the field that shows them (an amount's or its currency's message at the
 * amount). The API's 422 for a refund or fee above the sale's is said in the page's language with
 * the limit in money, where the ledger tells it; other messages as the API wrote them.
 */
function shownErrors(problem: Problem | undefined, sale: CurrentSale, t: (typeof TEXT)['de'], money: (amount: number) => string): Map<string, string> {
  const byField = new Map<string, string>();
  for (const [path, message] of fieldErrors(problem)) {
    const field = path.split('.')[0]!;
    if (byField.has(field)) continue;
    if (problem?.status === 422 && path === 'refund.amount' && sale.paid !== undefined) byField.set(field, t.refundTooHigh(money(sale.paid)));
    else if (problem?.status === 422 && path === 'feeRefunded.amount' && sale.fee !== undefined) byField.set(field, t.feeTooHigh(money(sale.fee)));
    else byField.set(field, message);
  }
  return byField;
}

/** The return the passport records (`saleReturn`): why, the money, the route, who and when, the notes. */
export function SaleReturnSummary({ saleReturn }: { saleReturn: NonNullable<PassportDetail['saleReturn']> }) {
  const t = useMessages(SUMMARY);
  const labels = useMessages(CODE_LABELS);
  const { locale } = useLocale();
  const nameOf = useStaffName();
  const money = ({ amount, currency }: { amount: number; currency: string }) => formatMoney(amount, currency, locale);
  return (
    <section aria-labelledby="sale-return-title" data-testid="sale-return">
      <h2 id="sale-return-title">{t.title}</h2>
      <dl className="facts">
        <dt>{t.reason}</dt>
        <dd>{labels.saleReturnReasons[saleReturn.reason]}</dd>
        <dt>{t.order}</dt>
        <dd>
          {wordsOf(labels.channels, saleReturn.channel) ?? saleReturn.channel} · <span className="mono">{saleReturn.orderId}</span>
        </dd>
        <dt>{t.refund}</dt>
        <dd>{money(saleReturn.refund)}</dd>
        <dt>{t.feeRefunded}</dt>
        <dd>{money(saleReturn.feeRefunded)}</dd>
        <dt>{t.route}</dt>
        <dd>{labels.routes[saleReturn.route]}</dd>
        <dt>{t.recorded}</dt>
        <dd>
          {formatDateTime(saleReturn.at, locale)} · {nameOf(saleReturn.by)}
        </dd>
        {saleReturn.notes ? (
          <>
            <dt>{t.notes}</dt>
            <dd>{saleReturn.notes}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
