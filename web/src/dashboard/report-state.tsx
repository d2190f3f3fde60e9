import type { Problem } from '../../../shared/schemas/common';
import { useMessages } from '../i18n';
import { Loading, ProblemMessage } from '../ui/kit';

/** A report's answer, or the problem that kept it away; undefined while it loads. */
export type Loaded<T> = { report: T } | { problem: Problem } | undefined;

const STATE_TEXT = {
  de: { loading: 'Bericht wird geladen …', unavailable: 'Dieser Bericht ist auf dieser Plattform noch nicht verfügbar.' },
  en: { loading: 'Loading the report …', unavailable: 'This report is not available on this platform yet.' },
};

/** The loading state or the problem of a report, or nothing once it is there. */
export function ReportState({ loaded }: { loaded: Loaded<unknown> }) {
  const t = useMessages(STATE_TEXT);
  if (loaded === undefined) return <Loading label={t.loading} />;
  if (!('problem' in loaded)) return null;
  // An API without the reports route answers 404 for the path itself.
  if (loaded.problem.status === 404) return <p className="card">{t.unavailable}</p>;
  return <ProblemMessage problem={loaded.problem} />;
}
