import { createContext, useContext } from 'react';
import type { Problem } from '../../../shared/schemas/common';
import { useMessages } from '../i18n';
import { Loading, ProblemMessage } from '../ui/kit';

/** A report's answer, or the problem that kept it away; undefined while it loads. */
export type Loaded<T> = { report: T } | { problem: Problem } | undefined;

export const STATE_TEXT = {
  de: {
    loading: 'Bericht wird geladen …',
    unavailable: 'Dieser Bericht ist auf dieser Plattform noch nicht verfügbar.',
    noBrand: 'Für diese Marke ist noch keine Konfiguration angelegt. Die Berichte erscheinen hier, sobald die Marke eingerichtet ist.',
  },
  en: {
    loading: 'Loading the report …',
    unavailable: 'This report is not available on this platform yet.',
    noBrand: 'This brand has no configuration yet. The reports appear here once the brand is set up.',
  },
};

/**
 * Whether the API answered that the brand is unknown: its own problem `not-found`, which the reports and the ledger
 * answer only for a brand without a configuration. An API without the route answers 404 too, but not as its own
 * problem (API Gateway's `{"message": …}`, the local cloud's `about:blank`).
 */
export function isUnknownBrand(problem: Problem | undefined): boolean {
  return problem?.status === 404 && problem.type.endsWith('/not-found');
}

/** Reads the period's reports again, for a report that failed where a retry may help (no connection, 429, 5xx). */
export const ReportRetry = createContext<(() => void) | undefined>(undefined);

/** The loading state or the problem of a report, or nothing once it is there. */
export function ReportState({ loaded }: { loaded: Loaded<unknown> }) {
  const t = useMessages(STATE_TEXT);
  const retry = useContext(ReportRetry);
  if (loaded === undefined) return <Loading label={t.loading} />;
  if (!('problem' in loaded)) return null;
  if (isUnknownBrand(loaded.problem)) return <p className="card">{t.noBrand}</p>;
  if (loaded.problem.status === 404) return <p className="card">{t.unavailable}</p>;
  return <ProblemMessage problem={loaded.problem} onRetry={retry} />;
}
