import { useId, type ComponentProps, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import type { Problem } from '../../../shared/schemas/common';
import { LOCALES, useLocale, useMessages, type Locale } from '../i18n';
import type { BrandTheme } from './theme';
import './styles.css';

const KIT = {
  de: {
    loading: 'Wird geladen …',
    language: 'Sprache',
    languages: { de: 'Deutsch', en: 'English' } as Record<Locale, string>,
    networkError: 'Keine Verbindung. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.',
    forbidden: 'Das dürfen Sie mit Ihrer Rolle nicht. Bitte wenden Sie sich an eine Administratorin oder einen Administrator Ihrer Marke.',
    required: 'Pflichtfeld',
    optional: 'optional',
  },
  en: {
    loading: 'Loading …',
    language: 'Language',
    languages: { de: 'Deutsch', en: 'English' } as Record<Locale, string>,
    networkError: 'No connection. Please check your internet connection and try again.',
    forbidden: 'Your role does not allow this. Please ask an administrator of your brand.',
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

function FieldText({ id, frame }: { id: string; frame: FieldFrame }) {
  return (
    <>
      {frame.hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {frame.hint}
        </p>
      ) : null}
      {frame.error ? (
        <p className="field__error" id={`${id}-error`}>
          {frame.error}
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
 * A problem no single field owns, e.g. a 409 or a lost connection, announced as an alert; focusable, so that a page
 * can put the focus on it after a refusal (`useFocusWhenShown` with `refusalIn`). `text` is the page's own words for
 * it, shown instead of the API's English title and detail (the customer pages never show those); a lost connection
 * and a 403 (a role that may not) are always said in the page's language.
 */
export function ProblemMessage({ problem, text }: { problem: Problem | undefined; text?: string | undefined }) {
  const m = useMessages(KIT);
  if (!problem) return null;
  const own = problem.status === 0 ? m.networkError : (text ?? (problem.status === 403 ? m.forbidden : undefined));
  return (
    <div className="problem" role="alert" tabIndex={-1}>
      <p className="problem__title">{own ?? problem.title}</p>
      {own === undefined && problem.detail ? <p>{problem.detail}</p> : null}
    </div>
  );
}
