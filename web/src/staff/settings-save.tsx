/**
 * What the settings page's two forms (prices and trade-in shares, the whole document) share: the
 * configuration as read, its save on top of that version, and how a refused save is shown.
 */
import { useEffect, useState } from 'react';
import { versionOfEtag } from '../../../shared/domain/brand-config';
import type { BrandCatalog } from '../../../shared/domain/catalog';
import type { Problem } from '../../../shared/schemas/common';
import type { AuthorizedApi } from '../sign-in/authorized';
import { useLocale, useMessages } from '../i18n';
import { issueInGerman } from '../ui/issue-words-de';
import { Button, ProblemMessage } from '../ui/kit';
import { useRequest } from '../ui/use-request';
import { isBrandCatalog } from './answers';

const TEXT = {
  de: {
    refused: 'Nicht gespeichert:',
    whole: '(das ganze Dokument)',
    conflict:
      'Nicht gespeichert: Die Konfiguration wurde inzwischen von jemand anderem gespeichert. Laden Sie die aktuelle Version und nehmen Sie Ihre Änderung darin noch einmal vor.',
    reload: 'Aktuelle Version laden (ersetzt Ihren Entwurf)',
    otherDraft:
      'Nicht gespeichert: Das andere Formular dieser Seite hat ungespeicherte Änderungen. Speichern oder verwerfen Sie diese zuerst; jede Speicherung ist eine neue Version, auf die beide Formulare zurückgesetzt werden.',
  },
  en: {
    refused: 'Not saved:',
    whole: '(the whole document)',
    conflict: 'Not saved: someone else saved the configuration meanwhile. Load the current version and make your change in it again.',
    reload: 'Load the current version (replaces your draft)',
    otherDraft:
      "Not saved: the page's other form has unsaved changes. Save or discard them first; each save is a new version, to which both forms are reset.",
  },
};

/** The configuration as read, with the entity tag of its version, which a save sends as `If-Match`. */
export interface Loaded {
  catalog: BrandCatalog;
  etag: string;
}

/** What the page gives each of its two forms. */
export interface SettingsFormProps {
  api: AuthorizedApi;
  loaded: Loaded;
  /** Whether the page's other form holds unsaved changes. */
  otherDraft: boolean;
  /** Told whether this form's draft holds changes. */
  onDirty: (changed: boolean) => void;
  onSaved: (next: Loaded) => Promise<void>;
  onReload: () => Promise<void>;
}

/**
 * Tells the page whether a form's draft holds changes, and keeps the form's save from going ahead
 * while the other form holds some: each save is a new version, to which both forms are reset.
 */
export function useOtherDraftGuard(changed: boolean, { otherDraft, onDirty }: Pick<SettingsFormProps, 'otherDraft' | 'onDirty'>) {
  const [waitsForOther, setWaitsForOther] = useState(false);
  useEffect(() => onDirty(changed), [changed, onDirty]);
  useEffect(() => {
    if (!otherDraft) setWaitsForOther(false);
  }, [otherDraft]);
  return {
    waitsForOther,
    /** At a save: true when it must wait for the other form's draft (and the form then says so). */
    mustWait(): boolean {
      setWaitsForOther(otherDraft);
      return otherDraft;
    },
  };
}

/** One refused entry of the document: where (the issue's path, as the API names it) and why. */
export interface Issue {
  path: string;
  message: string;
}

/** The version the configuration was read at, from its entity tag. */
export const readVersion = (loaded: Loaded) => versionOfEtag(loaded.etag) ?? 0;

export const issuesOf = (problem: Problem | undefined): Issue[] =>
  (problem?.errors ?? []).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));

/**
 * Saves the whole document on top of the version read (`PUT /v1/brand-config` with its `ETag` as
 * `If-Match`): the saved configuration, or an `ApiProblem` (412 when someone saved meanwhile, 422
 * for rules that lose money).
 */
export async function saveCatalog(api: AuthorizedApi, loaded: Loaded, catalog: BrandCatalog, idempotencyKey: string): Promise<Loaded> {
  const answer = await api.answer<BrandCatalog>('/v1/brand-config', { method: 'PUT', body: catalog, headers: { 'if-match': loaded.etag }, idempotencyKey, isAnswer: isBrandCatalog });
  return { catalog: answer.body, etag: answer.headers.get('etag') ?? '' };
}

/** Refused entries of the document by their path, at most the first 20. */
export function IssueList({ issues }: { issues: Issue[] }) {
  const t = useMessages(TEXT);
  const { locale } = useLocale();
  return (
    <ul className="config-issues">
      {issues.slice(0, 20).map((issue, index) => (
        <li key={`${issue.path}#${index}`}>
          <code>{issue.path || t.whole}</code>: {locale === 'de' ? issueInGerman(issue.message) : issue.message}
        </li>
      ))}
    </ul>
  );
}

/**
 * Why a save was refused: someone saved meanwhile (with the offer to load their version), entries
 * the API refused by their path, or any other problem.
 */
export function SaveRefusal({ problem, onReload }: { problem: Problem | undefined; onReload: () => Promise<void> }) {
  const t = useMessages(TEXT);
  const { locale } = useLocale();
  const reloading = useRequest();
  if (!problem) return null;
  if (problem.status === 412) {
    return (
      <div className="problem" role="alert">
        <p>{t.conflict}</p>
        <Button type="button" variant="secondary" busy={reloading.busy} onClick={() => reloading.run(onReload)}>
          {t.reload}
        </Button>
      </div>
    );
  }
  const refused = issuesOf(problem);
  if (refused.length === 0) return <ProblemMessage problem={problem} />;
  // The API's sentence over a 400's fields says only that they did not validate, in English: the title says it here.
  const detail = problem.status === 400 && locale === 'de' ? undefined : problem.detail;
  return (
    <div className="problem" role="alert">
      <p className="problem__title">{t.refused}</p>
      {detail ? <p>{detail}</p> : null}
      <IssueList issues={refused} />
    </div>
  );
}

/** Said at a form's save while the other form holds changes: a save would reset both to the new version. */
export function OtherDraftAlert() {
  const t = useMessages(TEXT);
  return (
    <div className="problem" role="alert">
      <p>{t.otherDraft}</p>
    </div>
  );
}
