import { useCallback, useId, useState, type ComponentProps, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import type { Problem } from '../../../shared/schemas/common';
import { LOCALES, useLocale, useMessages, type Locale } from '../i18n';
import { issueInGerman } from './issue-words-de';
import type { BrandTheme } from './theme';
import './styles.css';

const KIT = {
  de: {
    loading: 'Wird geladen …',
    language: 'Sprache',
    languages: { de: 'Deutsch', en: 'English' } as Record<Locale, string>,
    networkError: 'Keine Verbindung. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.',
    forbidden: 'Das dürfen Sie mit Ihrer Rolle nicht. Bitte wenden Sie sich an eine Administratorin oder einen Administrator Ihrer Marke.',
    invalid: 'Nicht angenommen: Bitte prüfen Sie diese Angaben.',
    invalidWithout: 'Nicht angenommen: Die Anfrage war ungültig. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.',
    whole: '(die ganze Anfrage)',
    signedOut: 'Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an; Ihre Eingaben auf dieser Seite gehen dabei verloren, wenn sie nicht gespeichert sind.',
    notFound: 'Nicht gefunden: Das gibt es bei Ihrer Marke nicht (mehr). Bitte prüfen Sie die Adresse oder laden Sie die Liste neu.',
    conflict: 'Nicht möglich: Der Stand hat sich inzwischen geändert. Bitte laden Sie die Seite neu und prüfen Sie den aktuellen Stand.',
    stale: 'Nicht gespeichert: Jemand anderes hat inzwischen gespeichert. Bitte laden Sie die Seite neu und nehmen Sie Ihre Änderung noch einmal vor.',
    tooLarge: 'Nicht angenommen: Die Anfrage ist zu groß.',
    unprocessable: 'Nicht möglich: Die Regeln der Plattform lassen das so nicht zu. Bitte prüfen Sie Ihre Angaben.',
    throttled: 'Gerade kommen zu viele Anfragen auf einmal. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.',
    serverError: 'Bei der Plattform ist ein Fehler aufgetreten. Bitte versuchen Sie es in einem Moment erneut.',
    unavailable: 'Die Plattform antwortet gerade nicht. Bitte versuchen Sie es in einem Moment erneut.',
    other: (status: number) => `Die Anfrage ist nicht gelungen (Fehler ${status}). Bitte laden Sie die Seite neu und versuchen Sie es erneut.`,
    retry: 'Erneut versuchen',
    required: 'Pflichtfeld',
    optional: 'optional',
  },
  en: {
    loading: 'Loading …',
    language: 'Language',
    languages: { de: 'Deutsch', en: 'English' } as Record<Locale, string>,
    networkError: 'No connection. Please check your internet connection and try again.',
    forbidden: 'Your role does not allow this. Please ask an administrator of your brand.',
    invalid: 'Not accepted: please check these entries.',
    invalidWithout: 'Not accepted: the request was invalid. Please reload the page and try again.',
    whole: '(the whole request)',
    signedOut: 'Your sign-in has expired. Please sign in again; what you entered on this page and did not save is lost.',
    notFound: 'Not found: your brand has no such thing (any more). Please check the address or reload the list.',
    conflict: 'Not possible: things changed meanwhile. Please reload the page and check how they are now.',
    stale: 'Not saved: someone else saved meanwhile. Please reload the page and make your change again.',
    tooLarge: 'Not accepted: the request is too large.',
    unprocessable: "Not possible: the platform's rules do not allow this. Please check your entries.",
    throttled: 'Too many requests at once just now. Please wait a moment, then try again.',
    serverError: 'Something went wrong on the platform. Please try again in a moment.',
    unavailable: 'The platform is not answering just now. Please try again in a moment.',
    other: (status: number) => `The request failed (error ${status}). Please reload the page and try again.`,
    retry: 'Try again',
    required: 'required',
    optional: 'optional',
  },
};

/** The page frame: the brand's logo and name, the language switch, and the content. */
export function Page({ brand, children }: { brand?: BrandTheme; children: ReactNode }) {
  return (
    <>
      <header className="site-header">
        <div className="site-header__inner">
          <span className="brand">
            {brand?.logoUrl ? <img className="brand__logo" src={brand.logoUrl} alt="" /> : null}
            <span className="brand__name">{brand?.name ?? 'Kreislauf'}</span>
          </span>
          <LanguageSwitch />
        </div>
      </header>
      <main className="page">{children}</main>
    </>
  );
}

export function LanguageSwitch() {
  const { locale, setLocale } = useLocale();
  const m = useMessages(KIT);
  return (
    <div className="language-switch" role="group" aria-label={m.language}>
      {LOCALES.map((option) => (
        <button key={option} type="button" lang={option} aria-pressed={option === locale} onClick={() => setLocale(option)}>
          {m.languages[option]}
        </button>
      ))}
    </div>
  );
}

interface FieldFrame {
  label: string;
  /** The API's message for this field (problem+json `errors[].path`) or a check as typed. */
  error?: string | undefined;
  hint?: string | undefined;
  optional?: boolean;
}

function describedBy(id: string, frame: FieldFrame): string | undefined {
  return [frame.error ? `${id}-error` : '', frame.hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
}

/** A field's error in the page's language: the API's English for a field (`errors[].message`) in German on a German page. */
export function useIssueWords(): (message: string) => string {
  const { locale } = useLocale();
  return useCallback((message: string) => (locale === 'de' ? issueInGerman(message) : message), [locale]);
}

function FieldText({ id, frame }: { id: string; frame: FieldFrame }) {
  const issueWords = useIssueWords();
  return (
    <>
      {frame.hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {frame.hint}
        </p>
      ) : null}
      {frame.error ? (
        <p className="field__error" id={`${id}-error`}>
          {issueWords(frame.error)}
        </p>
      ) : null}
    </>
  );
}

function LabelText({ frame }: { frame: FieldFrame }) {
  const m = useMessages(KIT);
  return (
    <>
      {frame.label}
      {frame.optional ? <span className="field__optional"> ({m.optional})</span> : null}
    </>
  );
}

/**
 * A labelled control with its hint and its error next to it: `control` gets the id, and the ARIA
 * attributes that tie it to its label, hint and error.
 */
function Field({ frame, id, control }: { frame: FieldFrame; id: string; control: (aria: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode }) {
  return (
    <div className={`field${frame.error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>
        <LabelText frame={frame} />
      </label>
      {control({ id, ...(frame.error ? { 'aria-invalid': true as const } : {}), ...(describedBy(id, frame) ? { 'aria-describedby': describedBy(id, frame) } : {}) })}
      <FieldText id={id} frame={frame} />
    </div>
  );
}

/**
 * The first control of a form inside a field or group of the kit that shows an error, for a form to
 * put the focus on after a refusal; `null` when there is none.
 */
export function firstInvalidControl(form: HTMLElement | null): HTMLElement | null {
  return form?.querySelector<HTMLElement>('.field--invalid input, .field--invalid select, .field--invalid textarea') ?? null;
}

/** A labelled input with its hint and its error next to it. */
export function TextField({ label, error, hint, optional, ...input }: FieldFrame & InputHTMLAttributes<HTMLInputElement>) {
  const fallbackId = useId();
  const frame = { label, error, hint, optional: optional ?? false };
  return <Field frame={frame} id={input.id ?? fallbackId} control={(aria) => <input {...input} {...aria} aria-required={optional ? undefined : true} />} />;
}

/** A labelled text area (notes, a reason) with its hint and its error next to it. */
export function TextAreaField({ label, error, hint, optional, ...textarea }: FieldFrame & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const fallbackId = useId();
  const frame = { label, error, hint, optional: optional ?? false };
  return <Field frame={frame} id={textarea.id ?? fallbackId} control={(aria) => <textarea {...textarea} {...aria} aria-required={optional ? undefined : true} />} />;
}

/** A labelled select with its error next to it. */
export function SelectField({
  label,
  error,
  hint,
  optional,
  options,
  placeholder,
  ...select
}: FieldFrame & SelectHTMLAttributes<HTMLSelectElement> & { options: { value: string; label: string }[]; placeholder?: string }) {
  const fallbackId = useId();
  const frame = { label, error, hint, optional: optional ?? false };
  return (
    <Field
      frame={frame}
      id={select.id ?? fallbackId}
      control={(aria) => (
        <select {...select} {...aria} required={!optional}>
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

/** Radio buttons under a legend: one choice of a few, with its error next to the group. */
export function ChoiceGroup({
  legend,
  name,
  options,
  value,
  onChange,
  error,
  hint,
}: {
  legend: string;
  name: string;
  options: { value: string; label: ReactNode }[];
  value: string | undefined;
  onChange(value: string): void;
  error?: string | undefined;
  hint?: string | undefined;
}) {
  const id = useId();
  const frame = { label: legend, error, hint };
  return (
    <fieldset className={`choices${error ? ' field--invalid' : ''}`} aria-describedby={describedBy(id, frame)}>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className="choice">
          <input type="radio" name={name} value={option.value} checked={value === option.value} onChange={() => onChange(option.value)} />
          <span>{option.label}</span>
        </label>
      ))}
      <FieldText id={id} frame={frame} />
    </fieldset>
  );
}

/** Checkboxes under a legend: any of a few choices, with the error of the whole group next to it. */
export function CheckboxGroup<V extends string>({
  legend,
  name,
  options,
  values,
  onChange,
  error,
  className,
}: {
  legend: string;
  name: string;
  options: readonly { value: V; label: ReactNode }[];
  values: readonly V[];
  onChange(values: V[]): void;
  error?: string | undefined;
  /** More classes for the fieldset, e.g. to lay many choices out in columns. */
  className?: string;
}) {
  const id = useId();
  const frame = { label: legend, error };
  const toggle = (value: V, on: boolean) => onChange(on ? [...values, value] : values.filter((one) => one !== value));
  return (
    <fieldset className={['choices', className, error ? 'field--invalid' : ''].filter(Boolean).join(' ')} aria-describedby={describedBy(id, frame)}>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className="choice">
          <input type="checkbox" name={name} value={option.value} checked={values.includes(option.value)} onChange={(event) => toggle(option.value, event.target.checked)} />
          <span>{option.label}</span>
        </label>
      ))}
      <FieldText id={id} frame={frame} />
    </fieldset>
  );
}

/** A button that shows a spinner and refuses clicks while its action runs. */
export function Button({ busy, variant = 'primary', children, ...button }: ComponentProps<'button'> & { busy?: boolean; variant?: 'primary' | 'secondary' }) {
  return (
    <button {...button} className={`button button--${variant}`} aria-busy={busy || undefined} disabled={button.disabled || busy}>
      {busy ? <span className="spinner" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}

/** A wait the visitor sees and a screen reader announces. */
export function Loading({ label }: { label?: string }) {
  const m = useMessages(KIT);
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ?? m.loading}
    </p>
  );
}

/**
 * The `type` of a problem a page makes itself, in its own words (a sign-in that failed, a photo not uploaded): its
 * title and detail are shown as they are.
 */
export const PAGE_PROBLEM = 'about:page';

/** Whether a problem may go away when the same request is sent again: a lost connection, a throttling, the platform's 5xx. */
export function isRetryable(problem: Problem): boolean {
  return problem.status === 0 || problem.status === 429 || problem.status >= 500;
}

/**
 * A problem no single field owns, e.g. a 409 or a lost connection, announced as an alert; focusable, so that a page
 * can put the focus on it after a refusal (`useFocusWhenShown` with `refusalIn`). `text` is the page's own words for
 * it, for a case the page knows (a 409 of its own); without them the problem is said by its status in the page's
 * language, with the fields a 400 or 422 names listed, and the API's English title and detail are never shown (until
 * 7 December 2026 they were, for every status but 0 and 403, and API Gateway's 502 read "Bad Gateway" on German
 * pages). A problem that may go away when sent again (no connection, 429, 5xx) offers "Erneut versuchen": `onRetry`,
 * or, inside a form and without one, the form's submission again.
 */
export function ProblemMessage({
  problem,
  text,
  detail,
  onRetry,
}: {
  problem: Problem | undefined;
  text?: string | undefined;
  /** A second sentence of the page's own under `text`, e.g. why it is not possible yet. */
  detail?: string | undefined;
  onRetry?: (() => void) | undefined;
}) {
  const m = useMessages(KIT);
  const issueWords = useIssueWords();
  const [inForm, setInForm] = useState(false);
  const frame = useCallback((element: HTMLDivElement | null) => {
    if (element) setInForm(element.closest('form') !== null);
  }, []);
  if (!problem) return null;
  const own = problem.type === PAGE_PROBLEM;
  const title = text ?? (own ? problem.title : undefined);
  const second = text !== undefined ? detail : own ? problem.detail : undefined;
  const issues = title === undefined && (problem.status === 400 || problem.status === 422) ? (problem.errors ?? []) : [];
  const retry = isRetryable(problem) && (onRetry || inForm);
  return (
    <div ref={frame} className="problem" role="alert" tabIndex={-1}>
      <p className="problem__title">{title ?? problemWords(problem, issues.length > 0, m)}</p>
      {second ? <p>{second}</p> : null}
      {issues.length > 0 ? (
        <ul>
          {issues.slice(0, 20).map((issue, index) => (
            <li key={`${issue.path.join('.')}#${index}`}>
              <code>{issue.path.join('.') || m.whole}</code>: {issueWords(issue.message)}
            </li>
          ))}
        </ul>
      ) : null}
      {retry ? (
        <Button type={onRetry ? 'button' : 'submit'} variant="secondary" {...(onRetry ? { onClick: onRetry } : {})}>
          {m.retry}
        </Button>
      ) : null}
    </div>
  );
}

/** A problem said by its status in the page's language. */
function problemWords(problem: Problem, withIssues: boolean, m: (typeof KIT)[Locale]): string {
  const { status } = problem;
  if (status === 0) return m.networkError;
  if (status === 400) return withIssues ? m.invalid : m.invalidWithout;
  if (status === 401) return m.signedOut;
  if (status === 403) return m.forbidden;
  if (status === 404) return m.notFound;
  if (status === 409) return m.conflict;
  if (status === 412) return m.stale;
  if (status === 413) return m.tooLarge;
  if (status === 422) return withIssues ? m.invalid : m.unprocessable;
  if (status === 429) return m.throttled;
  if (status === 502 || status === 503 || status === 504) return m.unavailable;
  if (status >= 500) return m.serverError;
  return m.other(status);
}
