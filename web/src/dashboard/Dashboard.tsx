import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { MAX_REPORT_MONTHS, monthsOfPeriod, REPORT_MONTH } from '../../../shared/domain/report-months';
import type { Problem } from '../../../shared/schemas/common';
import type { FinanceReport, ImpactReport, ReportKind, ReturnsReport } from '../../../shared/schemas/reports';
import { ApiProblem, fieldErrors } from '../api';
import { useMessages } from '../i18n';
import { authorizedApi, type AuthorizedApi } from '../sign-in/authorized';
import { forgetSession, storedSession, type StaffSession } from '../sign-in/session';
import { SignIn } from '../sign-in/SignIn';
import { fields, list, record, text, type Check } from '../ui/answer-checks';
import { Button, Page, ProblemMessage, TextField } from '../ui/kit';
import { isUnknownBrand, ReportRetry, STATE_TEXT, type Loaded } from './report-state';
import { FinanceSection } from './FinanceSection';
import { ImpactSection } from './ImpactSection';
import { ReturnsSection } from './ReturnsSection';
import '../staff/staff.css';
import './dashboard.css';

const TEXT = {
  de: {
    title: 'Wirkung und Finanzen',
    brand: (brand: string) => `Marke ${brand}`,
    period: 'Zeitraum',
    from: 'Von (Monat)',
    to: 'Bis (Monat)',
    monthHint: 'JJJJ-MM',
    show: 'Anzeigen',
    order: 'Der Anfang muss vor dem Ende liegen.',
    month: 'Bitte einen Monat von 2000-01 bis 2999-12 angeben (JJJJ-MM).',
    tooLong: (months: number) => `Ein Zeitraum umfasst höchstens ${months} Monate.`,
    downloads: 'Herunterladen',
    noDownloads: 'Sobald der Zeitraum stimmt und angezeigt ist, können Sie ihn hier herunterladen.',
    csv: (report: string) => `${report} als CSV`,
    pdf: (report: string) => `${report} als PDF`,
    ledger: (month: string) => `Buchungen ${month} als CSV`,
    reports: { impact: 'Wirkung', finance: 'Finanzen', returns: 'Rücknahmen' } as Record<ReportKind, string>,
    signOut: 'Abmelden',
  },
  en: {
    title: 'Impact and finance',
    brand: (brand: string) => `Brand ${brand}`,
    period: 'Period',
    from: 'From (month)',
    to: 'To (month)',
    monthHint: 'YYYY-MM',
    show: 'Show',
    order: 'The start must not be after the end.',
    month: 'Please give a month from 2000-01 to 2999-12 (YYYY-MM).',
    tooLong: (months: number) => `A period covers at most ${months} months.`,
    downloads: 'Downloads',
    noDownloads: 'Once the period is valid and shown, you can download it here.',
    csv: (report: string) => `${report} as CSV`,
    pdf: (report: string) => `${report} as PDF`,
    ledger: (month: string) => `Ledger of ${month} as CSV`,
    reports: { impact: 'Impact', finance: 'Finance', returns: 'Returns' } as Record<ReportKind, string>,
    signOut: 'Sign out',
  },
};

/** The month `back` months before this one, `YYYY-MM`. */
function monthBefore(now: Date, back: number): string {
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  return date.toISOString().slice(0, 7);
}

type Period = { from: string; to: string };

/**
 * What is wrong with a period, by field, as the reports API would refuse it (`MonthSchema`, `reportMonths`): a month
 * outside 2000-01 to 2999-12, a start after the end, more than {@link MAX_REPORT_MONTHS} months. Checked before
 * asking, so the page says it in its own language instead of showing the API's English.
 */
function periodProblems(period: Period, t: (typeof TEXT)['en']): Map<string, string> {
  const problems = new Map<string, string>();
  if (!REPORT_MONTH.test(period.from)) problems.set('from', t.month);
  if (!REPORT_MONTH.test(period.to)) problems.set('to', t.month);
  if (problems.size > 0) return problems;
  if (period.from > period.to) problems.set('from', t.order);
  else if (monthsOfPeriod(period.from, period.to) > MAX_REPORT_MONTHS) problems.set('to', t.tooLong(MAX_REPORT_MONTHS));
  return problems;
}

/** The period of the address (`?from=&to=`) where the reports take it, else the last twelve months. */
function periodOf(search: string): Period {
  const query = new URLSearchParams(search);
  const asked = { from: query.get('from') ?? '', to: query.get('to') ?? '' };
  if (periodProblems(asked, TEXT.en).size === 0) return asked;
  const now = new Date();
  return { from: monthBefore(now, 11), to: monthBefore(now, 0) };
}

interface Reports {
  impact: Loaded<ImpactReport>;
  returns: Loaded<ReturnsReport>;
  financeByMonth: Loaded<FinanceReport>;
  financeByCategory: Loaded<FinanceReport>;
}

/**
 * The brand dashboard (`/dashboard/`): the impact, returns and finance reports of a period as
 * figures, charts and tables, with the reports as CSV and the impact report as PDF. Each report
 * loads on its own: one the API cannot answer leaves the others standing.
 */
export function Dashboard() {
  const [session, setSession] = useState<StaffSession | undefined>(() => storedSession());
  const signOut = useCallback(() => {
    forgetSession();
    setSession(undefined);
  }, []);
  const api = useMemo(() => (session ? authorizedApi(session, signOut) : undefined), [session, signOut]);
  if (!session || !api) {
    return (
      <Page>
        <SignIn returnPath="/dashboard/" defaultRoles={['analyst']} onSignedIn={setSession} />
      </Page>
    );
  }
  return <SignedInDashboard api={api} session={session} onSignOut={signOut} />;
}

/**
 * Whether a 2xx answer is the report asked for, by what its section draws (the rows, the totals, the impact's factors and
 * transport, the returns' products): another shape (`{"ok": true}`, `null`) reads as a lost connection with "Erneut
 * versuchen" instead of a blank page (until 7 December 2026).
 */
function isReport(kind: ReportKind): Check {
  const extra: Record<string, Check> = kind === 'impact' ? { factors: list(record), transport: record } : kind === 'returns' ? { products: list(record) } : {};
  return fields({ report: (value) => value === kind, from: text, to: text, rows: list(fields({ key: text })), totals: record, ...extra });
}

function SignedInDashboard({ api, session, onSignOut }: { api: AuthorizedApi; session: StaffSession; onSignOut(): void }) {
  const t = useMessages(TEXT);
  const state = useMessages(STATE_TEXT);
  const [period, setPeriod] = useState(() => periodOf(location.search));
  const [draft, setDraft] = useState(period);
  const [draftError, setDraftError] = useState<Map<string, string>>(new Map());
  const [reports, setReports] = useState<Reports>({ impact: undefined, returns: undefined, financeByMonth: undefined, financeByCategory: undefined });
  const [downloadProblem, setDownloadProblem] = useState<Problem>();
  // The file being downloaded, whose button shows it busy while every download button waits.
  const [downloading, setDownloading] = useState<string>();
  const downloadRunning = useRef(false);
  const [apiProblem, setApiProblem] = useState<Problem>();
  // Counts the reads of the period's reports: a retry after a failed one reads them again.
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((count) => count + 1), []);
  const errors = new Map([...fieldErrors(apiProblem), ...draftError]);

  useEffect(() => {
    setReports({ impact: undefined, returns: undefined, financeByMonth: undefined, financeByCategory: undefined });
    setApiProblem(undefined);
    const load = <T,>(kind: ReportKind, groupBy: 'month' | 'category', key: keyof Reports) =>
      api
        .call<T>(`/v1/reports/${kind}`, { query: { from: period.from, to: period.to, groupBy }, isAnswer: isReport(kind) })
        .then((report) => setReports((current) => ({ ...current, [key]: { report } })))
        .catch((error: unknown) => {
          if (!(error instanceof ApiProblem)) throw error;
          if (error.problem.status === 400) setApiProblem(error.problem);
          setReports((current) => ({ ...current, [key]: { problem: error.problem } }));
        });
    void load<ImpactReport>('impact', 'month', 'impact');
    void load<ReturnsReport>('returns', 'month', 'returns');
    void load<FinanceReport>('finance', 'month', 'financeByMonth');
    void load<FinanceReport>('finance', 'category', 'financeByCategory');
  }, [api, period, attempt]);

  function show(event: FormEvent) {
    event.preventDefault();
    const checks = periodProblems(draft, t);
    setDraftError(checks);
    if (checks.size > 0) return;
    history.replaceState(null, '', `?from=${draft.from}&to=${draft.to}`);
    setPeriod({ ...draft });
  }

  const reportFile = (kind: ReportKind, extension: 'csv' | 'pdf') => `${session.brand}-${kind}-${period.from}-${period.to}.${extension}`;
  const ledgerFile = `${session.brand}-ledger-${period.to}.csv`;

  async function download(kind: ReportKind, type: 'text/csv' | 'application/pdf') {
    const query = new URLSearchParams({ from: period.from, to: period.to, groupBy: 'month' });
    await saveFile(`/v1/reports/${kind}?${query}`, type, reportFile(kind, type === 'text/csv' ? 'csv' : 'pdf'));
  }

  /** The ledger's lines of the period's last month, for the books (`GET /v1/ledger`). */
  async function downloadLedger() {
    await saveFile(`/v1/ledger?${new URLSearchParams({ month: period.to })}`, 'text/csv', ledgerFile);
  }

  async function saveFile(path: string, type: 'text/csv' | 'application/pdf', filename: string) {
    // One download at a time: a double click fetched the report twice and saved two files (until 7 December 2026).
    // The ref refuses a second click before React has drawn the buttons disabled.
    if (downloadRunning.current) return;
    downloadRunning.current = true;
    setDownloading(filename);
    setDownloadProblem(undefined);
    try {
      await api.download(path, type, filename);
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      setDownloadProblem(error.problem);
    } finally {
      downloadRunning.current = false;
      setDownloading(undefined);
    }
  }

  return (
    <Page brand={{ name: t.title }}>
      <div className="dashboard-head">
        <h1>
          {t.title} <span className="muted">· {t.brand(session.brand)}</span>
        </h1>
        <button type="button" className="link-button" onClick={onSignOut}>
          {t.signOut}
        </button>
      </div>
      <form className="card period" onSubmit={show} noValidate aria-labelledby="period-title">
        <h2 id="period-title">{t.period}</h2>
        <div className="period__fields">
          <TextField label={t.from} type="month" name="from" value={draft.from} placeholder={t.monthHint} onChange={(event) => setDraft({ ...draft, from: event.target.value })} error={errors.get('from')} />
          <TextField label={t.to} type="month" name="to" value={draft.to} placeholder={t.monthHint} onChange={(event) => setDraft({ ...draft, to: event.target.value })} error={errors.get('to')} />
        </div>
        {apiProblem && !errors.has('from') && !errors.has('to') ? <ProblemMessage problem={apiProblem} /> : null}
        <Button type="submit">{t.show}</Button>
      </form>
      <section className="card" aria-labelledby="downloads-title">
        <h2 id="downloads-title">{t.downloads}</h2>
        {/* No file of a period the form shows as wrong: the buttons would fetch another period than the one on screen, or a 400. */}
        {draftError.size > 0 || apiProblem ? (
          <p className="muted">{t.noDownloads}</p>
        ) : (
          <div className="actions">
            {(['impact', 'returns', 'finance'] as const).map((kind) => (
              <Button key={kind} type="button" variant="secondary" busy={downloading === reportFile(kind, 'csv')} disabled={downloading !== undefined} onClick={() => void download(kind, 'text/csv')}>
                {t.csv(t.reports[kind])}
              </Button>
            ))}
            <Button type="button" variant="secondary" busy={downloading === reportFile('impact', 'pdf')} disabled={downloading !== undefined} onClick={() => void download('impact', 'application/pdf')}>
              {t.pdf(t.reports.impact)}
            </Button>
            <Button type="button" variant="secondary" busy={downloading === ledgerFile} disabled={downloading !== undefined} onClick={() => void downloadLedger()}>
              {t.ledger(period.to)}
            </Button>
          </div>
        )}
        <ProblemMessage problem={downloadProblem} text={isUnknownBrand(downloadProblem) ? state.noBrand : undefined} />
      </section>
      <ReportRetry.Provider value={retry}>
        <ImpactSection loaded={reports.impact} />
        <ReturnsSection loaded={reports.returns} />
        <FinanceSection byMonth={reports.financeByMonth} byCategory={reports.financeByCategory} />
      </ReportRetry.Provider>
    </Page>
  );
}
