import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { Problem } from '../../../shared/schemas/common';
import type { PayoutExport, PayoutExportList } from '../../../shared/schemas/payouts';
import { ApiProblem, fieldErrors } from '../api';
import { formatDate, formatDateTime, formatMoney, useLocale, useMessages } from '../i18n';
import type { AuthorizedApi } from '../sign-in/authorized';
import { Button, Loading, ProblemMessage, TextField } from '../ui/kit';
import { ATTENTION_REASON_WORDS, attentionReason } from './attention-reason';
import { CODE_LABELS } from './labels';
import { Link } from './navigation';
import { TableScroll } from './TableScroll';
import { useKeyedRequest } from '../ui/use-request';
import { isPayoutExport, isPayoutExportList } from './answers';

const TEXT = {
  de: {
    title: 'Auszahlungen per Überweisung',
    intro: 'Die wartenden Überweisungen als eine SEPA-Datei (pain.001) für die Bank der Marke. Jede Auszahlung kommt in genau eine Datei.',
    create: 'Neue Exportdatei',
    executionDate: 'Ausführungsdatum',
    executionHint: 'Leer lassen für den nächsten Bankarbeitstag.',
    submit: 'Exportieren',
    exports: 'Bisherige Exporte',
    created: 'Erstellt',
    execution: 'Ausführung',
    count: 'Überweisungen',
    total: 'Summe',
    file: 'Datei',
    download: 'pain.001 herunterladen',
    downloadOf: (date: string) => `pain.001 vom ${date} herunterladen`,
    empty: 'Noch keine Exporte.',
    busyElsewhere: 'Gerade schreibt jemand anderes einen Export dieser Marke. Die Liste unten zeigt ihn, sobald er fertig ist; versuchen Sie es danach erneut, falls noch Auszahlungen warten.',
    nothingWaiting: 'Keine Auszahlungen warten auf einen Export. Sobald eine Auszahlung per Überweisung fällig wird, können Sie sie hier exportieren; die Liste unten zeigt die bisherigen Exporte.',
    more: 'Weitere laden',
    adminOnly: 'Exporte erstellen und herunterladen dürfen nur Administratoren der Marke.',
    heldTitle: (count: number) => (count === 1 ? '1 Überweisung zurückgestellt' : `${count} Überweisungen zurückgestellt`),
    heldIntro:
      'Die Bankverbindung dieser Auszahlungen lässt sich nicht öffnen. Sie sind in keiner Datei und kommen in den nächsten Export, sobald sie sich wieder öffnen lässt; der Pass zeigt den Grund.',
    heldItem: (amount: string, iban: string) => `${amount} an ${iban}`,
    awaitingTitle: (count: number) => (count === 1 ? '1 Auszahlung wartet auf eine Person' : `${count} Auszahlungen warten auf eine Person`),
    awaitingIntro:
      'Diese Auszahlungen konnten nicht gemacht werden. Beheben Sie den Grund (etwa die Einstellungen des Gutschein-Shops) und starten Sie die Auszahlung auf der Seite des Passes erneut. Eine gemachte Auszahlung verschwindet aus der Liste.',
    awaitingItem: (product: string, amount: string | undefined, state: string) => `${product}${amount ? `, ${amount}` : ''} (${state})`,
    since: (at: string) => `seit ${at}`,
  },
  en: {
    title: 'Bank transfer payouts',
    intro: "The transfers waiting, as one SEPA file (pain.001) for the brand's bank. Each payout goes into exactly one file.",
    create: 'New export file',
    executionDate: 'Execution date',
    executionHint: 'Leave empty for the next bank business day.',
    submit: 'Export',
    exports: 'Exports so far',
    created: 'Created',
    execution: 'Execution',
    count: 'Transfers',
    total: 'Total',
    file: 'File',
    download: 'Download pain.001',
    downloadOf: (date: string) => `Download the pain.001 of ${date}`,
    empty: 'No exports yet.',
    busyElsewhere: 'Someone else is writing an export of this brand just now. The list below shows it once done; try again then if payouts are still waiting.',
    nothingWaiting: 'No payouts are waiting for an export. Once a payout by bank transfer is due, you can export it here; the list below shows the exports so far.',
    more: 'Load more',
    adminOnly: "Only the brand's administrators may create and download exports.",
    heldTitle: (count: number) => (count === 1 ? '1 transfer set aside' : `${count} transfers set aside`),
    heldIntro: 'The bank accounts of these payouts cannot be opened. They are in no file and go into the next export once their accounts open again; the passport says why.',
    heldItem: (amount: string, iban: string) => `${amount} to ${iban}`,
    awaitingTitle: (count: number) => (count === 1 ? '1 payout waiting for a person' : `${count} payouts waiting for a person`),
    awaitingIntro:
      "These payouts could not be made. Put the cause right (the voucher shop's settings, say) and start the payout again on the passport's page. A payout made leaves the list.",
    awaitingItem: (product: string, amount: string | undefined, state: string) => `${product}${amount ? `, ${amount}` : ''} (${state})`,
    since: (at: string) => `since ${at}`,
  },
};

/** The brand's bank-transfer exports (admin): the list, a new export, and each export's pain.001 file. */
export function PayoutsPage({ api, canExport }: { api: AuthorizedApi; canExport: boolean }) {
  const t = useMessages(TEXT);
  const { locale } = useLocale();
  const [exports, setExports] = useState<PayoutExport[]>();
  const [cursor, setCursor] = useState<string>();
  const [executionDate, setExecutionDate] = useState('');
  // An export whose answer never came is sent again as it was, with its key, so that the API answers the export it
  // made (until 7 December 2026 each click had a new key, and a retry after a 504 was told that nothing waits).
  const { busy, problem, setProblem, send } = useKeyedRequest();
  // What is set aside: from the list, then from each export's answer (or its problem, when it exported nothing).
  const [held, setHeld] = useState<PayoutExport['held']>([]);
  // The payouts waiting for a person, from the list (an export changes none of them).
  const [awaiting, setAwaiting] = useState<PayoutExportList['awaiting']>([]);
  const labels = useMessages(CODE_LABELS);
  const attentionWords = useMessages(ATTENTION_REASON_WORDS);
  const [listProblem, setListProblem] = useState<Problem>();
  const errors = fieldErrors(problem);

  async function load(after?: string) {
    setListProblem(undefined);
    try {
      const page = await api.call<PayoutExportList>('/v1/payouts/exports', { query: { cursor: after }, isAnswer: isPayoutExportList });
      setExports((current) => [...(after ? (current ?? []) : []), ...page.exports]);
      setCursor(page.cursor);
      setHeld(page.held);
      setAwaiting(page.awaiting);
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      setListProblem(error.problem);
    }
  }

  useEffect(() => {
    if (canExport) void load();
  }, []);

  async function create(event: FormEvent) {
    event.preventDefault();
    await send(
      async (idempotencyKey) => {
        const created = await api.call<PayoutExport>('/v1/payouts/exports', {
          method: 'POST',
          idempotencyKey,
          query: { executionDate: executionDate || undefined },
          isAnswer: isPayoutExport,
        });
        setExports((current) => [created, ...(current ?? [])]);
        setHeld(created.held);
        setExecutionDate('');
      },
      (refusal) => {
        setProblem(refusal);
        // A refusal names what is set aside when it looked (409 and 422 of the export); another keeps the list as it was.
        const named = (refusal as { held?: PayoutExport['held'] }).held;
        if (named) setHeld(named);
        // A 409 says that nothing waits for an export (with what is set aside), often because another tab or person has
        // just exported it, or that another export is being written. The list is read again, so that it shows that export (until 7 December 2026 it still said "Noch keine Exporte.").
        if (refusal.status === 409) void load();
      },
    );
  }

  async function download(item: PayoutExport) {
    setListProblem(undefined);
    try {
      await api.download(`/v1/payouts/exports/${item.exportId}/file`, 'application/xml', `pain001-${item.requestedExecutionDate}-${item.exportId}.xml`);
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      setListProblem(error.problem);
    }
  }

  if (!canExport) {
    return (
      <section aria-labelledby="payouts-title">
        <h1 id="payouts-title">{t.title}</h1>
        <p>{t.adminOnly}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="payouts-title">
      <h1 id="payouts-title">{t.title}</h1>
      <p>{t.intro}</p>
      <form className="card" onSubmit={create} noValidate aria-labelledby="export-title">
        <h2 id="export-title">{t.create}</h2>
        <TextField label={t.executionDate} hint={t.executionHint} type="date" name="executionDate" optional value={executionDate} onChange={(event) => setExecutionDate(event.target.value)} error={errors.get('executionDate')} />
        {problem && !errors.has('executionDate') ? <ProblemMessage problem={problem} text={problem.status === 409 ? ('held' in problem ? t.nothingWaiting : t.busyElsewhere) : undefined} /> : null}
        <Button type="submit" busy={busy}>
          {t.submit}
        </Button>
      </form>
      {awaiting.length > 0 ? (
        <PassportsNotice id="awaiting-title" title={t.awaitingTitle(awaiting.length)} intro={t.awaitingIntro}>
          {awaiting.map((item) => (
            <li key={item.passportId}>
              <Link href={`/staff/passports/${item.passportId}`}>
                {t.awaitingItem(item.product.name, item.amount && formatMoney(item.amount.amount, item.amount.currency, locale), labels.states[item.state])}
              </Link>{' '}
              {t.since(formatDateTime(item.flaggedAt, locale))}:{' '}
              {/* A note written before the platform kept its facts has its English reason alone. */}
              {item.basis ? <span data-testid="awaiting-reason">{attentionReason(item, attentionWords)}</span> : <span lang="en">{item.reason}</span>}
            </li>
          ))}
        </PassportsNotice>
      ) : null}
      {held.length > 0 ? (
        <PassportsNotice id="held-title" title={t.heldTitle(held.length)} intro={t.heldIntro}>
          {held.map((item) => (
            <li key={item.payoutId}>
              <Link href={`/staff/passports/${item.passportId}`}>{t.heldItem(formatMoney(item.amount.amount, item.amount.currency, locale), item.ibanMasked)}</Link>
            </li>
          ))}
        </PassportsNotice>
      ) : null}
      <h2>{t.exports}</h2>
      <ProblemMessage problem={listProblem} onRetry={() => void load()} />
      {exports === undefined && !listProblem ? <Loading /> : null}
      {exports?.length === 0 ? <p>{t.empty}</p> : null}
      {exports?.length ? (
        <TableScroll label={t.exports}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t.created}</th>
                <th scope="col">{t.execution}</th>
                <th scope="col" className="number">{t.count}</th>
                <th scope="col" className="number">{t.total}</th>
                <th scope="col">{t.file}</th>
              </tr>
            </thead>
            <tbody>
              {exports.map((item) => (
                <tr key={item.exportId}>
                  <td>{formatDateTime(item.createdAt, locale)}</td>
                  <td>{formatDate(item.requestedExecutionDate, locale)}</td>
                  <td className="number">{item.count}</td>
                  <td className="number">{formatMoney(item.total.amount, item.total.currency, locale)}</td>
                  <td>
                    <button type="button" className="link-button" aria-label={t.downloadOf(formatDateTime(item.createdAt, locale))} onClick={() => void download(item)}>
                      {t.download}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
      {cursor ? (
        <Button type="button" variant="secondary" onClick={() => void load(cursor)}>
          {t.more}
        </Button>
      ) : null}
    </section>
  );
}

/** A notice of payouts that need someone, each item linking to its passport. */
function PassportsNotice({ id, title, intro, children }: { id: string; title: string; intro: string; children: ReactNode }) {
  return (
    <section className="card" role="status" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p>{intro}</p>
      <ul>{children}</ul>
    </section>
  );
}
