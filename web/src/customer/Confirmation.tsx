import { useEffect, useRef, type ReactNode } from 'react';
import type { TakeBackCreated, TakeBackStatus } from '../../../shared/schemas/take-back';
import { useLocale, useMessages } from '../i18n';
import { Loading, ProblemMessage } from '../ui/kit';
import { LabelCard } from './Label';
import { CUSTOMER_MESSAGES } from './messages';
import { problemWords } from './problem-words';
import { trackingPath, useTakeBack } from './take-back';

/** What the thank-you page needs of the take-back made (its `TakeBackCreated`, or what the tab kept of it). */
export type MadeTakeBack = Pick<TakeBackCreated, 'id' | 'trackingToken'>;

const labelSettled = (status: TakeBackStatus) => status.label !== undefined || status.status === 'NEEDS_ATTENTION';

/**
 * After the form: the label as soon as the carrier made it, the ship-by date, what else the form sends (`children`) and what
 * happens next. The label e-mail and the printing are mentioned only once there is a label.
 */
export function Confirmation({ created, children }: { created: MadeTakeBack; children?: ReactNode }) {
  const m = useMessages(CUSTOMER_MESSAGES);
  // The customer's language, which the tracking page keeps as the e-mails' links do.
  const { locale } = useLocale();
  const { status } = useTakeBack(created.id, created.trackingToken, { pollMs: 1000, until: labelSettled });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const takeBack = status.state === 'ready' ? status.value : undefined;
  return (
    <section aria-labelledby="done-title">
      <h1 id="done-title" ref={heading} tabIndex={-1}>
        {m.doneTitle}
      </h1>
      {status.state === 'failed' ? <ProblemMessage problem={status.problem} text={problemWords(status.problem, m)} /> : null}
      <div aria-live="polite">
        {takeBack?.label ? (
          <>
            <p>{m.labelEmailed}</p>
            <LabelCard label={takeBack.label} timeZone={takeBack.timeZone} />
          </>
        ) : takeBack?.status === 'NEEDS_ATTENTION' ? (
          <p className="card">{m.labelAttention}</p>
        ) : status.state !== 'failed' ? (
          <Loading label={m.labelLoading} />
        ) : null}
      </div>
      {children}
      <h2>{m.nextTitle}</h2>
      <ol>
        {/* No label yet (being made, or DHL refused it): nothing to print, and no e-mail has gone out. */}
        {[...(takeBack?.label ? [m.printStep] : []), ...m.nextSteps].map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <p>
        <a href={trackingPath(created.id, created.trackingToken, locale)}>{m.trackLink}</a>
      </p>
    </section>
  );
}
