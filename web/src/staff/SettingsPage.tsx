import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { DEFAULT_TIME_ZONE } from '../../../shared/domain/calendar';
import { changedParts, type BrandConfigPart } from '../../../shared/domain/brand-config';
import type { BrandCatalog } from '../../../shared/domain/catalog';
import { BrandCatalogSchema, type BrandConfigHistory } from '../../../shared/schemas/brand-config';
import type { Problem } from '../../../shared/schemas/common';
import { issueWords } from '../../../shared/http/issue-words';
import { ApiProblem, problemOfIssues } from '../api';
import { formatDateTime, formatMoney, useLocale, useMessages } from '../i18n';
import type { AuthorizedApi } from '../sign-in/authorized';
import { Button, Loading, ProblemMessage, TextAreaField } from '../ui/kit';
import { useKeyedRequest, useRequest } from '../ui/use-request';
import { categoryWithCode, CODE_LABELS } from './labels';
import { PricesForm } from './PricesForm';
import { jsonSyntaxError } from './json-syntax';
import { IssueList, issuesOf, OtherDraftAlert, readVersion, SaveRefusal, saveCatalog, useOtherDraftGuard, type Issue, type Loaded, type SettingsFormProps } from './settings-save';
import { TableScroll } from './TableScroll';
import { useStaffName } from './staff-names';
import { isBrandCatalog, isBrandConfigHistory } from './answers';

const TEXT = {
  de: {
    title: 'Einstellungen der Marke',
    intro:
      'Die ganze Konfiguration der Marke: Produkte, Zustandsfragen, Angebots-, Auszahlungs-, Routing- und Wiederverkaufsregeln, Absender und Versand. Jede Speicherung ist eine neue Version, und gespeichert wird nur auf der Version, die Sie gelesen haben.',
    adminOnly: 'Die Einstellungen der Marke sehen und ändern dürfen nur Administratoren der Marke.',
    noConfig:
      'Diese Marke hat noch keine Einstellungen: Ihre erste Konfiguration legt das Team der Plattform an, wenn es die Marke einrichtet. Bitten Sie es darum; danach sehen und ändern Sie die Einstellungen hier.',
    overview: 'Überblick',
    brand: 'Marke',
    currency: 'Währung',
    language: 'Sprache',
    timeZone: 'Zeitzone',
    countries: 'Länder',
    version: 'Version',
    versionOf: (version: number, at: string | undefined, by: string | undefined) =>
      at && by ? `${version}, gespeichert am ${at} von ${by}` : String(version),
    products: 'Produkte',
    sku: 'SKU',
    name: 'Name',
    category: 'Kategorie',
    newPrice: 'Neupreis',
    editor: 'Das ganze Dokument bearbeiten',
    editorIntro:
      'Alle Teile der Konfiguration als JSON, wie die API sie nimmt (docs/brand-config.md). Jede Angabe wird beim Tippen gegen das Schema der API geprüft.',
    document: 'Konfiguration (JSON)',
    unchanged: 'Keine Änderung gegenüber der gelesenen Version.',
    changes: (parts: string) => `Diese Änderung betrifft: ${parts}.`,
    syntax: (line: number, column: number) => `Kein gültiges JSON: In Zeile ${line}, Zeichen ${column} steht etwas, das dort nicht stehen kann (z. B. ein fehlendes Komma oder Anführungszeichen).`,
    syntaxEnd: 'Kein gültiges JSON: Das Dokument endet, bevor alle geschweiften und eckigen Klammern und Anführungszeichen geschlossen sind.',
    syntaxSomewhere: 'Kein gültiges JSON.',
    invalid: (count: number) => (count === 1 ? 'Eine Angabe ist nicht gültig:' : `${count} Angaben sind nicht gültig:`),
    save: 'Speichern',
    discard: 'Änderungen verwerfen',
    saved: (version: number) => `Gespeichert als Version ${version}.`,
    history: 'Versionen',
    at: 'Gespeichert',
    by: 'Von',
    changed: 'Geänderte Teile',
    more: 'Ältere Versionen laden',
  },
  en: {
    title: "The brand's settings",
    intro:
      "The brand's whole configuration: products, condition questions, offer, payout, routing and resale rules, sender and shipping. Each save is a new version, and a save is made only on top of the version you read.",
    adminOnly: "Only the brand's administrators may see and change its settings.",
    noConfig:
      "This brand has no settings yet: the platform's team creates its first configuration when it sets the brand up. Please ask them to; then you see and change the settings here.",
    overview: 'Overview',
    brand: 'Brand',
    currency: 'Currency',
    language: 'Language',
    timeZone: 'Time zone',
    countries: 'Countries',
    version: 'Version',
    versionOf: (version: number, at: string | undefined, by: string | undefined) => (at && by ? `${version}, saved on ${at} by ${by}` : String(version)),
    products: 'Products',
    sku: 'SKU',
    name: 'Name',
    category: 'Category',
    newPrice: 'New price',
    editor: 'Edit the whole document',
    editorIntro: 'Every part of the configuration as JSON, as the API takes it (docs/brand-config.md). Each entry is checked against the API\'s schema as you type.',
    document: 'Configuration (JSON)',
    unchanged: 'No change from the version read.',
    changes: (parts: string) => `This change touches: ${parts}.`,
    syntax: (line: number, column: number) => `Not valid JSON: line ${line}, character ${column} holds something that cannot stand there (e.g. a missing comma or quotation mark).`,
    syntaxEnd: 'Not valid JSON: the document ends before every brace, bracket and quotation mark is closed.',
    syntaxSomewhere: 'Not valid JSON.',
    invalid: (count: number) => (count === 1 ? 'One entry is not valid:' : `${count} entries are not valid:`),
    save: 'Save',
    discard: 'Discard changes',
    saved: (version: number) => `Saved as version ${version}.`,
    history: 'Versions',
    at: 'Saved',
    by: 'By',
    changed: 'Parts changed',
    more: 'Load older versions',
  },
};

/** What the draft in the editor is, checked as typed against the contract's schema. */
type Draft =
  | { kind: 'unchanged' }
  | { kind: 'syntax'; at: ReturnType<typeof jsonSyntaxError> }
  | { kind: 'invalid'; issues: Issue[] }
  | { kind: 'changed'; catalog: BrandCatalog; parts: BrandConfigPart[] };

const HISTORY_PAGE = '10';

/** A page of the configuration's versions, newest first: the first, or the one after `cursor`. */
const historyPage = (api: AuthorizedApi, cursor?: string) => api.call<BrandConfigHistory>('/v1/brand-config/history', { query: { limit: HISTORY_PAGE, cursor }, isAnswer: isBrandConfigHistory });

/** The page's two forms, each with a draft of its own. */
type SettingsForm = 'prices' | 'document';

/** The document as the editor shows it. */
const pretty = (catalog: BrandCatalog) => JSON.stringify(catalog, null, 2);

function checkDraft(text: string, loaded: Loaded): Draft {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Said in the page's words, where the text stops being JSON: the browser's message is its own English (until 7 December 2026 it was shown).
    return { kind: 'syntax', at: jsonSyntaxError(text) };
  }
  // Worded as the API words its checks, which the German page then says in German (`issueInGerman`).
  const checked = BrandCatalogSchema.safeParse(json, { error: issueWords });
  if (!checked.success) return { kind: 'invalid', issues: issuesOf(problemOfIssues(checked.error.issues)) };
  const parts = changedParts(loaded.catalog, checked.data);
  return parts.length === 0 ? { kind: 'unchanged' } : { kind: 'changed', catalog: checked.data, parts };
}

/**
 * The brand's settings (admin, `/staff/settings`): an overview of the configuration, its whole
 * document to edit, checked as typed against the API's schema and saved on top of the version read
 * (`PUT /v1/brand-config` with `If-Match`), and the versions saved, with who changed which parts.
 */
export function SettingsPage({ api, canManage }: { api: AuthorizedApi; canManage: boolean }) {
  const t = useMessages(TEXT);
  const [loaded, setLoaded] = useState<Loaded>();
  const [loadProblem, setLoadProblem] = useState<Problem>();
  const [history, setHistory] = useState<BrandConfigHistory>();
  const [saved, setSaved] = useState<number>();
  const [dirty, setDirty] = useState<Record<SettingsForm, boolean>>({ prices: false, document: false });
  const onDirty = useCallback((form: SettingsForm, changed: boolean) => setDirty((was) => (was[form] === changed ? was : { ...was, [form]: changed })), []);
  const onPricesDirty = useCallback((changed: boolean) => onDirty('prices', changed), [onDirty]);
  const onDocumentDirty = useCallback((changed: boolean) => onDirty('document', changed), [onDirty]);

  const load = useCallback(async () => {
    setLoadProblem(undefined);
    try {
      const [answer, versions] = await Promise.all([
        api.answer<BrandCatalog>('/v1/brand-config', { isAnswer: isBrandCatalog }),
        historyPage(api),
      ]);
      setLoaded({ catalog: answer.body, etag: answer.headers.get('etag') ?? '' });
      setHistory(versions);
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      setLoadProblem(error.problem);
    }
  }, [api]);

  useEffect(() => {
    if (canManage) void load();
  }, [canManage, load]);

  const onSaved = useCallback(
    async (next: Loaded) => {
      setLoaded(next);
      setSaved(readVersion(next));
      // The save is made: a history that cannot be read again now stays as it was, rather than reading as a refused save.
      try {
        setHistory(await historyPage(api));
      } catch (error) {
        if (!(error instanceof ApiProblem)) throw error;
      }
    },
    [api],
  );

  const reload = useCallback(async () => {
    setSaved(undefined);
    await load();
  }, [load]);

  if (!canManage) {
    return (
      <section aria-labelledby="settings-title">
        <h1 id="settings-title">{t.title}</h1>
        <p>{t.adminOnly}</p>
      </section>
    );
  }

  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">{t.title}</h1>
      <p>{t.intro}</p>
      {/* The API's own 404 is a brand without a configuration, which this page cannot create (until 7 December 2026 it
          said so in English, naming the request that does). */}
      <ProblemMessage problem={loadProblem} text={loadProblem?.status === 404 && loadProblem.type.endsWith('/not-found') ? t.noConfig : undefined} onRetry={() => void load()} />
      {!loaded && !loadProblem ? <Loading /> : null}
      {loaded ? (
        <>
          <Overview loaded={loaded} latest={history?.versions[0]} />
          {saved !== undefined && !dirty.prices && !dirty.document ? <p role="status">{t.saved(saved)}</p> : null}
          {/* A new version is a new pair of forms: their drafts, and the Idempotency-Keys of their saves, start afresh. */}
          <PricesForm
            key={`prices-${loaded.etag}`}
            api={api}
            loaded={loaded}
            otherDraft={dirty.document}
            onDirty={onPricesDirty}
            onSaved={onSaved}
            onReload={reload}
          />
          <Editor
            key={`document-${loaded.etag}`}
            api={api}
            loaded={loaded}
            otherDraft={dirty.prices}
            onDirty={onDocumentDirty}
            onSaved={onSaved}
            onReload={reload}
          />
        </>
      ) : null}
      {history ? <Versions api={api} history={history} onMore={setHistory} /> : null}
    </section>
  );
}

function Overview({ loaded, latest }: { loaded: Loaded; latest: BrandConfigHistory['versions'][number] | undefined }) {
  const t = useMessages(TEXT);
  const { locale } = useLocale();
  const nameOf = useStaffName();
  const { config, products } = loaded.catalog;
  const version = readVersion(loaded);
  const current = latest?.version === version ? latest : undefined;
  return (
    <section aria-labelledby="settings-overview-title">
      <h2 id="settings-overview-title">{t.overview}</h2>
      <dl className="facts">
        <dt>{t.brand}</dt>
        <dd>
          {config.name} (<span className="mono">{config.brand}</span>)
        </dd>
        <dt>{t.currency}</dt>
        <dd>{config.currency}</dd>
        <dt>{t.language}</dt>
        <dd>{config.locale}</dd>
        <dt>{t.timeZone}</dt>
        <dd>{config.timeZone ?? DEFAULT_TIME_ZONE}</dd>
        <dt>{t.countries}</dt>
        <dd>{config.countries.join(', ')}</dd>
        <dt>{t.version}</dt>
        <dd>{t.versionOf(version, current ? formatDateTime(current.at, locale) : undefined, current ? nameOf(current.by) : undefined)}</dd>
      </dl>
      <h3>{t.products}</h3>
      <TableScroll label={t.products}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t.sku}</th>
              <th scope="col">{t.name}</th>
              <th scope="col">{t.category}</th>
              <th scope="col" className="number">
                {t.newPrice}
              </th>
            </tr>
          </thead>
          <tbody>
            {products.map((product) => (
              <tr key={product.sku}>
                <td className="mono">{product.sku}</td>
                <td>{product.name}</td>
                <td>{categoryWithCode(product.category, locale, config.categoryNames)}</td>
                <td className="number">{formatMoney(product.newPrice.amount, product.newPrice.currency, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

function Editor({ api, loaded, otherDraft, onDirty, onSaved, onReload }: SettingsFormProps) {
  const t = useMessages(TEXT);
  const parts = useMessages(CODE_LABELS).configParts;
  const [text, setText] = useState(() => pretty(loaded.catalog));
  const draft = useMemo(() => checkDraft(text, loaded), [text, loaded]);
  const { busy, problem, setProblem, send } = useKeyedRequest();
  const form = useRef<HTMLFormElement>(null);
  const guard = useOtherDraftGuard(draft.kind !== 'unchanged', { otherDraft, onDirty });

  async function save(event: FormEvent) {
    event.preventDefault();
    if (draft.kind !== 'changed') {
      form.current?.querySelector('textarea')?.focus();
      return;
    }
    setProblem(undefined);
    if (guard.mustWait()) return;
    await send(async (idempotencyKey) => onSaved(await saveCatalog(api, loaded, draft.catalog, idempotencyKey)));
  }

  // What the draft is, said as typed; a draft that cannot be sent is the text area's error.
  const status =
    draft.kind === 'unchanged'
      ? t.unchanged
      : draft.kind === 'changed'
        ? t.changes(draft.parts.map((part) => parts[part]).join(', '))
        : draft.kind === 'syntax'
          ? !draft.at
            ? t.syntaxSomewhere
            : draft.at.atEnd
              ? t.syntaxEnd
              : t.syntax(draft.at.line, draft.at.column)
          : t.invalid(draft.issues.length);
  const invalid = draft.kind === 'syntax' || draft.kind === 'invalid';

  return (
    <form ref={form} onSubmit={save} noValidate aria-labelledby="settings-editor-title">
      <h2 id="settings-editor-title">{t.editor}</h2>
      <p>{t.editorIntro}</p>
      <TextAreaField
        label={t.document}
        className="config-document"
        rows={24}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        value={text}
        onChange={(event) => setText(event.target.value)}
        {...(invalid ? { error: status } : { hint: status })}
      />
      {draft.kind === 'invalid' ? <IssueList issues={draft.issues} /> : null}
      {guard.waitsForOther ? <OtherDraftAlert /> : <SaveRefusal problem={problem} onReload={onReload} />}
      <div className="actions">
        <Button type="submit" busy={busy}>
          {t.save}
        </Button>
        <Button type="button" variant="secondary" disabled={draft.kind === 'unchanged'} onClick={() => setText(pretty(loaded.catalog))}>
          {t.discard}
        </Button>
      </div>
    </form>
  );
}

function Versions({ api, history, onMore }: { api: AuthorizedApi; history: BrandConfigHistory; onMore: (history: BrandConfigHistory) => void }) {
  const t = useMessages(TEXT);
  const { locale } = useLocale();
  const nameOf = useStaffName();
  const parts = useMessages(CODE_LABELS).configParts;
  const { busy, problem, run } = useRequest();

  async function more() {
    await run(async () => {
      const next = await historyPage(api, history.cursor);
      onMore({ versions: [...history.versions, ...next.versions], ...(next.cursor ? { cursor: next.cursor } : {}) });
    });
  }

  return (
    <section aria-labelledby="settings-history-title">
      <h2 id="settings-history-title">{t.history}</h2>
      <TableScroll label={t.history}>
        <table>
          <thead>
            <tr>
              <th scope="col" className="number">
                {t.version}
              </th>
              <th scope="col">{t.at}</th>
              <th scope="col">{t.by}</th>
              <th scope="col">{t.changed}</th>
            </tr>
          </thead>
          <tbody>
            {history.versions.map((version) => (
              <tr key={version.version}>
                <td className="number">{version.version}</td>
                <td>{formatDateTime(version.at, locale)}</td>
                <td>{nameOf(version.by)}</td>
                <td>{version.changed.map((part) => parts[part]).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <ProblemMessage problem={problem} />
      {history.cursor ? (
        <Button type="button" variant="secondary" busy={busy} onClick={more}>
          {t.more}
        </Button>
      ) : null}
    </section>
  );
}
