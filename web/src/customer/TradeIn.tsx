import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { categoryName } from '../../../shared/domain/category-names';
import { holdsWebOrEmailAddress } from '../../../shared/domain/customer-name';
import { isEmailAddress } from '../../../shared/domain/email-address';
import { isOneLine } from '../../../shared/domain/plain-text';
import { isPostalCodeForm, isPostalCodeOf, postalCodeFormat } from '../../../shared/domain/postal-codes';
import type { Problem } from '../../../shared/schemas/common';
import type { CatalogResponse, QuoteResponse, TakeBackCreated, TakeBackRequest } from '../../../shared/schemas/take-back';
import { ApiProblem, callApi, fieldErrors, newIdempotencyKey } from '../api';
import { formatDate, formatMoney, useLocale, useMessages } from '../i18n';
import { Button, ChoiceGroup, Loading, Page, SelectField, TextField } from '../ui/kit';
import { isQuote, isTakeBackCreated } from './answers';
import { accountHolderProblem, BankAccountFields, checkIban } from './BankAccount';
import { brandTheme, useCatalog } from './brand';
import { Confirmation, type MadeTakeBack } from './Confirmation';
import { CUSTOMER_MESSAGES, type CustomerMessages } from './messages';
import { PhotoField, PhotoUploads } from './Photos';
import { photosProblem } from './photos-problem';

type Quote = { state: 'idle' } | { state: 'loading' } | { state: 'failed'; problem: Problem } | { state: 'ready'; quote: QuoteResponse };

interface Details {
  name: string;
  email: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  country: string;
  method: string;
  iban: string;
  accountHolder: string;
  /** One of the brand's return reason codes, which the reports count; empty when the customer picked none. */
  returnReason: string;
}

/**
 * What the page says of a field or of the form, as a function of the page's messages rather than their text: a switch
 * of language redraws it in the new one (until 7 December 2026 the errors shown stayed in the language they were found in).
 */
type Said = (m: CustomerMessages) => string;

/** A take-back request as sent, with its `Idempotency-Key`: sent again as it was while its answer is unknown. */
interface Sent {
  key: string;
  body: TakeBackRequest;
  /** When it was first sent (ISO 8601). */
  at: string;
}

/** A request held while its answer is unknown, with what the form showed when it was sent, to draw it again after a reload. */
interface Held extends Sent {
  sku: string;
  answers: Record<string, string>;
  quote: QuoteResponse;
}

/**
 * Whether an answer leaves open what became of the request, so that the take-back may exist. Only the API's own
 * problem document (`application/problem+json`) for the request is its answer; with the same key and body a take-back
 * already made is answered by its stored 201 (the key is checked before anything else). Unknown, so the request is held:
 * no answer (status 0), any answer not the API's document (API Gateway's `{"message": …}`, a proxy's page), a timeout
 * (408), a failure (5xx, also after the work was done), the first sending of the same key still running (409), and a 429
 * other than the API's label cap (API Gateway's throttling: the request never reached the API, the one before it may
 * have). Until 7 December 2026 a 4xx not the API's, such as API Gateway's 429, let the customer edit and send a new key:
 * after a lost answer that made a second take-back.
 */
function answerUnknown({ problem, fromApi }: ApiProblem): boolean {
  if (!fromApi || problem.status === 408 || problem.status >= 500 || problem.type.endsWith('/request-in-progress')) return true;
  return problem.status === 429 && !problem.type.endsWith('/too-many-requests');
}

/**
 * How long the API answers a take-back made under a key with its stored 201 (`IDEMPOTENCY_TTL_SECONDS` in
 * shared/http/idempotency.ts, docs/guarantees.md): within it, a definite refusal of the same key and body means that
 * nothing was made under it. Counted from the request's first sending in this tab, which is before the API's first use
 * of the key, so never past the API's own day.
 */
const KEY_ANSWERED_MS = 24 * 3600 * 1000;

/**
 * Whether a refusal of a request sent again after an unknown answer may be the one a take-back made under its key gets,
 * so that the customer is pointed to its label e-mail rather than asked to start again:
 * - past the key's day, a 404 or a 409: the route runs again, and finds the quote gone (404), expired, of a product
 *   taken out of the catalog or used by the take-back made (409);
 * - within it, the 409 of the quote used (the API's `conflict` without the `sku` of a product taken out or the
 *   `validUntil` of an expired quote): only the take-back made with it whose answer could not be stored gets it, once its
 *   key's 60 s lock ran out (docs/guarantees.md); the quote is the customer's own, no one else's request can use it.
 *   The rarer plain 409s (the brand's currency changed, its route rules removed) cannot be told from it by the page:
 *   they too point to the label e-mail, erring towards a word too many, never towards a second take-back.
 * Any other refusal within the day (the quote gone or expired, the product taken out, a field, the label cap) says that
 * nothing was made: until the evening of 7 December 2026 the page answered a 404 or 409 after an unknown answer with
 * "probably registered, look for the label e-mail" though none existed.
 */
function mayBeMadeDespite(refusal: Problem, sent: Sent): boolean {
  if (refusal.status !== 404 && refusal.status !== 409) return false;
  // Not a number (a date changed by hand) counts as past: the page then claims nothing it does not know.
  if (!(Date.now() - Date.parse(sent.at) < KEY_ANSWERED_MS)) return true;
  return refusal.status === 409 && refusal.type.endsWith('/conflict') && !productTakenOut(refusal) && !hasExtension(refusal, 'validUntil');
}

const hasExtension = (problem: Problem, name: string) => Object.hasOwn(problem, name);

/** The API's 409 for a quote of a product the brand took out of its catalog after it (the problem names its `sku`). */
const productTakenOut = (refusal: Problem) => refusal.status === 409 && hasExtension(refusal, 'sku');

/**
 * An offer the API will not work out for the product and answers chosen, however often asked: the product is not in
 * the brand's catalog any more (404; the page's catalog may be older, the API keeps it for 60 s), or its questions have
 * changed (422). Until the evening of 7 December 2026 the page offered to ask again, which could never succeed.
 */
const offerRefusedForGood = (problem: Problem) => problem.status === 404 || problem.status === 422;

/**
 * The held request is kept in the tab's `sessionStorage`, per brand page, so that a reload or a new render of the page
 * holds it still: until 7 December 2026 it lived in the page's state alone, and after a lost answer a reload and a new
 * submit made a second take-back. It holds the customer's details, so it goes as soon as an answer for it comes, and
 * with the tab at the latest.
 */
const heldStorageKey = (brand: string) => `kreislauf.trade-in.${brand}.held`;

function readHeld(brand: string): Held | undefined {
  try {
    const held: unknown = JSON.parse(sessionStorage.getItem(heldStorageKey(brand)) ?? 'null');
    if (isHeld(held)) return held;
    // Not one this page wrote (changed by hand, or by another version of the page): it would draw a form it cannot show,
    // or send what the form does not show. It goes; the customer starts again (since the evening of 7 December 2026).
    dropHeld(brand);
  } catch {
    // Not JSON: nothing held.
  }
  return undefined;
}

type Shape = Readonly<Record<string, (value: unknown) => boolean>>;
const text = (value: unknown) => typeof value === 'string';
const optionalText = (value: unknown) => value === undefined || typeof value === 'string';
const amount = (value: unknown) => typeof value === 'number' && Number.isFinite(value);

/** Whether a value is an object of exactly these fields (an optional one may be missing), each as its check says. */
function hasShape(value: unknown, shape: Shape): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return Object.keys(record).every((key) => Object.hasOwn(shape, key)) && Object.entries(shape).every(([key, check]) => check(record[key]));
}

/**
 * Whether a stored entry is a held request as this page writes it: every field the form draws of the right type, nothing
 * the form does not show in the body, and the offer shown the one the body names. Until the evening of 7 December 2026
 * a changed entry drew a blank page at every reload (a body without its address), or showed one offer and sent another.
 */
function isHeld(value: unknown): value is Held {
  const payout = (candidate: unknown) =>
    hasShape(candidate, { method: (method) => method === 'VOUCHER' }) || hasShape(candidate, { method: (method) => method === 'BANK_TRANSFER', iban: text, accountHolder: text });
  const body = (candidate: unknown) =>
    hasShape(candidate, {
      quoteId: text,
      customer: (customer) => hasShape(customer, { name: text, email: text, locale: (locale) => locale === undefined || locale === 'de' || locale === 'en' }),
      address: (address) => hasShape(address, { street: text, houseNumber: text, postalCode: text, city: text, country: text }),
      payout,
      reason: optionalText,
      returnReason: optionalText,
    });
  const quote = (candidate: unknown) =>
    hasShape(candidate, {
      quoteId: text,
      sku: text,
      grade: text,
      value: (range) => hasShape(range, { min: amount, max: amount, currency: text }),
      validUntil: text,
    });
  const answers = (candidate: unknown) => typeof candidate === 'object' && candidate !== null && !Array.isArray(candidate) && Object.values(candidate).every(text);
  if (!hasShape(value, { key: text, at: text, sku: text, answers, quote, body })) return false;
  const held = value as Held;
  return held.body.quoteId === held.quote.quoteId && held.quote.sku === held.sku;
}

function keepHeld(brand: string, held: Held): void {
  try {
    sessionStorage.setItem(heldStorageKey(brand), JSON.stringify(held));
  } catch {
    // Storage refused (full, or turned off): the page still holds the request while it is open.
  }
}

function dropHeld(brand: string): void {
  try {
    sessionStorage.removeItem(heldStorageKey(brand));
  } catch {
    // Nothing kept.
  }
}

/**
 * The take-back the form made, kept in the tab's `sessionStorage` per brand page so that a reload, or the back and
 * forward buttons, show its thank-you page again: until 7 December 2026 it lived in the page's state alone, the held
 * request was dropped with its 201, and a reload while the label was being made showed an empty form; filled in again,
 * it made a second take-back (a second label and e-mail). Only what the thank-you page reads is kept (the take-back's id
 * and tracking token, no personal data), until the customer asks for another return, and with the tab at the latest.
 */
const doneStorageKey = (brand: string) => `kreislauf.trade-in.${brand}.done`;

function readDone(brand: string): MadeTakeBack | undefined {
  try {
    const done: unknown = JSON.parse(sessionStorage.getItem(doneStorageKey(brand)) ?? 'null');
    if (done === null) return undefined;
    if (hasShape(done, { id: text, trackingToken: text })) return done as MadeTakeBack;
    // Not one this page wrote: it goes, and the form is shown.
    dropDone(brand);
  } catch {
    // Not JSON, or no storage: nothing kept.
  }
  return undefined;
}

function keepDone(brand: string, { id, trackingToken }: MadeTakeBack): void {
  try {
    sessionStorage.setItem(doneStorageKey(brand), JSON.stringify({ id, trackingToken }));
  } catch {
    // Storage refused (full, or turned off): the page still shows the thank-you page while it is open.
  }
}

function dropDone(brand: string): void {
  try {
    sessionStorage.removeItem(doneStorageKey(brand));
  } catch {
    // Nothing kept.
  }
}

/** The form fields by the request path the API names in a problem's `errors[].path`. */
const FIELD_PATHS: Record<string, keyof Details> = {
  'customer.name': 'name',
  'customer.email': 'email',
  'address.street': 'street',
  'address.houseNumber': 'houseNumber',
  'address.postalCode': 'postalCode',
  'address.city': 'city',
  'address.country': 'country',
  'payout.method': 'method',
  'payout.iban': 'iban',
  'payout.accountHolder': 'accountHolder',
  returnReason: 'returnReason',
};

/** `/trade-in/{brand}`: pick a product, answer the condition questions, see the offer, register the take-back. */
export function TradeIn({ brand }: { brand: string }) {
  const m = useMessages(CUSTOMER_MESSAGES);
  const catalog = useCatalog(brand);
  // The take-back made in this tab, shown again after a reload (its photos were sent, or given up, by the page before).
  const [created, setCreated] = useState<{ takeBack: MadeTakeBack; photos: File[] } | undefined>(() => {
    const done = readDone(brand);
    return done && { takeBack: done, photos: [] };
  });
  // A brand the API does not know (404), or a name that cannot be one (400 at the path), is a link gone wrong: said
  // in the page's language, not with the API's English problem.
  const unknownBrand = catalog.state === 'failed' && (catalog.problem.status === 404 || catalog.problem.status === 400);
  return (
    <Page brand={brandTheme(catalog)}>
      {catalog.state === 'loading' ? <Loading /> : null}
      {unknownBrand ? (
        <>
          <h1>{m.notFound}</h1>
          <p className="problem" role="alert">
            {m.unknownBrand}
          </p>
        </>
      ) : catalog.state === 'failed' ? (
        // Also an answer not the platform's (a hotel network's login page, 200 HTML): until 7 December 2026 the page
        // stayed on "Wird geladen …" for it, and went blank for JSON of another shape.
        <div className="problem" role="alert">
          <p className="problem__title">{m.catalogFailed}</p>
          <Button type="button" variant="secondary" onClick={catalog.reload}>
            {m.retry}
          </Button>
        </div>
      ) : null}
      {catalog.state === 'ready' && !catalog.value.takesItemsBack ? (
        // A brand still being set up: the form would end in the API's 409 at the offer.
        <>
          <h1>{catalog.value.name}</h1>
          <p role="status">{m.notTakingBackYet(catalog.value.name)}</p>
        </>
      ) : null}
      {catalog.state === 'ready' && catalog.value.takesItemsBack && !created ? (
        <TradeInForm
          catalog={catalog.value}
          onCreated={(takeBack, photos) => {
            keepDone(brand, takeBack);
            setCreated({ takeBack, photos });
          }}
        />
      ) : null}
      {created ? (
        <>
          <Confirmation created={created.takeBack}>
            <PhotoUploads created={created.takeBack} files={created.photos} />
          </Confirmation>
          {/* A second take-back only when asked for: the form then starts empty, and its request gets a new key. */}
          <div className="actions">
            <Button
              type="button"
              variant="secondary"
              onClick={() => {
                dropDone(brand);
                setCreated(undefined);
              }}
            >
              {m.anotherReturn}
            </Button>
          </div>
        </>
      ) : null}
    </Page>
  );
}

function TradeInForm({ catalog, onCreated }: { catalog: CatalogResponse; onCreated(created: TakeBackCreated, photos: File[]): void }) {
  const m = useMessages(CUSTOMER_MESSAGES);
  const { locale } = useLocale();
  // A request held when the page was left (a reload, a lost answer before it): drawn again as it was sent, held.
  const [restored] = useState(() => readHeld(catalog.brand));
  const [search, setSearch] = useState('');
  const [sku, setSku] = useState<string | undefined>(restored?.sku);
  const [answers, setAnswers] = useState<Record<string, string>>(restored?.answers ?? {});
  const [quote, setQuote] = useState<Quote>(restored ? { state: 'ready', quote: restored.quote } : { state: 'idle' });
  const [details, setDetails] = useState<Details>(() => {
    const sent = restored?.body;
    return {
      name: sent?.customer.name ?? '',
      email: sent?.customer.email ?? '',
      street: sent?.address.street ?? '',
      houseNumber: sent?.address.houseNumber ?? '',
      postalCode: sent?.address.postalCode ?? '',
      city: sent?.address.city ?? '',
      country: sent?.address.country ?? catalog.countries[0] ?? 'DE',
      method: sent?.payout.method ?? catalog.payoutMethods[0] ?? 'VOUCHER',
      iban: sent?.payout.method === 'BANK_TRANSFER' ? sent.payout.iban : '',
      accountHolder: sent?.payout.method === 'BANK_TRANSFER' ? sent.payout.accountHolder : '',
      returnReason: sent?.returnReason ?? '',
    };
  });
  const [photos, setPhotos] = useState<File[]>([]);
  const [errors, setErrors] = useState<Map<string, Said>>(new Map());
  // What no field shows, said above the button (an object: a function alone would be taken as a state update).
  // `renew`: with a button to work out a new offer (after `probablyRegistered`, the customer's choice). `aboutOffer`:
  // said while a new offer is worked out, and gone if none can be (the offer's section then says why).
  const [problem, setProblem] = useState<{ say: Said; renew?: boolean; aboutOffer?: boolean } | undefined>(restored ? { say: (m) => m.sendUnanswered } : undefined);
  const [submitting, setSubmitting] = useState(false);
  // Set at once, not at the next render: the second click of a double click sends nothing.
  const sending = useRef(false);
  // The request whose answer is unknown: sent again as it was (its body, its key) until an answer comes, and the fields
  // stay as sent meanwhile. Until 7 December 2026 the form kept one key for its life while the customer could change
  // the body (a field, or only the language): after a lost answer every later submit got the API's 422 "Idempotency-Key
  // reused", and the customer never saw the take-back they had made.
  const [unanswered, setUnanswered] = useState<Held | undefined>(restored);
  // An answer of this form's take-back was unknown at some time: a quote found used or gone afterwards was most likely
  // used by that take-back, and the page says so instead of working out a new offer by itself (until 7 December 2026 it
  // did, and the next submit made a second take-back).
  const [answerWasUnknown, setAnswerWasUnknown] = useState(restored !== undefined);
  // Submitted while the offer was being worked out: sent once it is there.
  const [waitingForOffer, setWaitingForOffer] = useState(false);
  // Counted up to ask for the offer again (after a failure, or when the take-back found it expired).
  const [quoteRequests, setQuoteRequests] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  // Counted up to move the focus to the first field marked invalid, once React has drawn the
  // messages: an effect runs after that commit, where an animation frame could run before it
  // (then no field was marked yet, and the focus stayed on the button).
  const [errorFocusRequests, setErrorFocusRequests] = useState(0);
  useEffect(() => {
    if (errorFocusRequests > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], .field--invalid input')?.focus();
  }, [errorFocusRequests]);

  const product = catalog.products.find((candidate) => candidate.sku === sku);
  const questions = useMemo(() => catalog.questions.filter((question) => question.category === product?.category), [catalog, product]);
  // A product is found by its name and by its category's names: the brand's own and the published one ("Schuhe" finds the hiking boots).
  const matches = useMemo(() => {
    const words = search.toLowerCase().split(/\s+/).filter(Boolean);
    return catalog.products.filter((candidate) => {
      const text = `${candidate.name} ${categoryName(candidate.category, locale, catalog.categoryNames)} ${categoryName(candidate.category, locale)}`.toLowerCase();
      return words.every((word) => text.includes(word));
    });
  }, [catalog, search, locale]);
  const answered = product !== undefined && questions.every((question) => answers[question.id]);

  useEffect(() => {
    if (!product || !answered) {
      setQuote({ state: 'idle' });
      return;
    }
    // The held request's offer, drawn again after a reload, is not worked out anew while product and answers are as sent.
    if (restored && quoteRequests === 0 && answers === restored.answers && product.sku === restored.sku) return;
    const abort = new AbortController();
    setQuote({ state: 'loading' });
    const relevant = Object.fromEntries(questions.map((question) => [question.id, answers[question.id]!]));
    callApi<QuoteResponse>(`/v1/brands/${encodeURIComponent(catalog.brand)}/quotes`, {
      method: 'POST',
      body: { sku: product.sku, answers: relevant },
      idempotencyKey: newIdempotencyKey(),
      signal: abort.signal,
      isAnswer: isQuote,
    }).then(
      (value) => setQuote({ state: 'ready', quote: value }),
      (error: unknown) => {
        if (!(error instanceof ApiProblem)) return;
        setQuote({ state: 'failed', problem: error.problem });
        // The offer's section says why there is none: a message that a new one is being worked out would contradict
        // it (until the evening of 7 December 2026 both were shown).
        setProblem((previous) => (previous?.aboutOffer ? undefined : previous));
      },
    );
    return () => abort.abort();
  }, [catalog.brand, product, questions, answers, answered, quoteRequests]);

  /** Asks for the offer again, shown as being worked out from now on. */
  function askForQuoteAgain() {
    setQuote({ state: 'loading' });
    setQuoteRequests((count) => count + 1);
  }

  // A take-back submitted while the offer was being worked out is sent once the offer is there; if it cannot be worked
  // out, the offer's section says so. Until 7 December 2026 such a submit did nothing, and said nothing.
  useEffect(() => {
    if (!waitingForOffer || quote.state === 'loading') return;
    setWaitingForOffer(false);
    if (quote.state === 'ready') trySend();
    else if (quote.state === 'failed') setProblem({ say: offerFailedSaid(quote.problem) });
    // trySend reads this render's details; the offer's arrival is what starts it.
  }, [quote, waitingForOffer]);

  /** Why there is no offer, in the page's words. */
  function offerFailedSaid(failure: Problem): Said {
    const brandName = catalog.name;
    if (offerRefusedForGood(failure)) return (m) => m.itemNotTakenBack(brandName);
    return failure.status === 429 ? (m) => m.busy : (m) => m.offerFailed;
  }

  const shown = new Map([...errors].map(([field, say]) => [field, say(m)]));
  const set = (field: keyof Details) => (value: string) => {
    setDetails((previous) => ({ ...previous, [field]: value }));
    setErrors((previous) => {
      if (!previous.has(field)) return previous;
      const next = new Map(previous);
      next.delete(field);
      return next;
    });
  };
  const ibanCheck = details.method === 'BANK_TRANSFER' ? checkIban(details.iban, m) : undefined;
  // The postcode is checked against the country as typed, and told once the field is left (a half-typed one is no error yet).
  const [postalCodeLeft, setPostalCodeLeft] = useState(false);
  // Where the country's postcodes are not checked by their form (the United Kingdom, Ireland, ...), the form any
  // country's postcode has is checked instead, as the API does: until 7 December 2026 the page let such a postcode
  // through and showed the API's English words at the field.
  const postalCodeExample = postalCodeFormat(details.country)?.example;
  const postalCodeSaid = (postalCode: string, country: string): Said | undefined => {
    if (postalCode.trim() === '') return undefined;
    const example = postalCodeFormat(country)?.example;
    if (example === undefined) return isPostalCodeForm(postalCode) ? undefined : (m) => m.postalCodeForm;
    return isPostalCodeOf(country, postalCode) ? undefined : (m) => m.postalCodeInvalid(example);
  };
  const postalCodeProblem = postalCodeSaid(details.postalCode, details.country)?.(m);

  /**
   * What the page finds wrong before sending, by the API's own rules (shared with it) in the page's words: the API's
   * English was shown at a field for a tab or bidi control in a name, an address such as `jörg@example.org`, and an
   * account holder in Arabic or Chinese script until 7 December 2026.
   */
  function localErrors(): Map<string, Said> {
    const found = new Map<string, Said>();
    if (!product) found.set('product', (m) => m.mustChoose);
    for (const question of questions) if (!answers[question.id]) found.set(`question.${question.id}`, (m) => m.mustChoose);
    const photoFiles = photos;
    if (photosProblem(photoFiles, m)) found.set('photos', (m) => photosProblem(photoFiles, m) ?? '');
    for (const field of ['name', 'email', 'street', 'houseNumber', 'postalCode', 'city'] as const) {
      const value = details[field].trim();
      if (value === '') found.set(field, (m) => m.mustFill);
      else if (!isOneLine(value)) found.set(field, (m) => m.notOneLine);
    }
    if (!found.has('name') && holdsWebOrEmailAddress(details.name.trim())) found.set('name', (m) => m.nameHoldsAddress);
    if (!found.has('email') && !isEmailAddress(details.email.trim())) found.set('email', (m) => m.emailInvalid);
    const postalCode = postalCodeSaid(details.postalCode, details.country);
    if (!found.has('postalCode') && postalCode) found.set('postalCode', postalCode);
    if (details.method === 'BANK_TRANSFER') {
      const iban = details.iban;
      if (iban.trim() === '') found.set('iban', (m) => m.mustFill);
      else if (ibanCheck && !ibanCheck.valid) found.set('iban', (m) => checkIban(iban, m)?.message ?? '');
      const holder = details.accountHolder;
      if (accountHolderProblem(holder, m)) found.set('accountHolder', (m) => accountHolderProblem(holder, m) ?? '');
    }
    return found;
  }

  /** The first field marked invalid, in page order, gets the focus once the messages are drawn. */
  function focusFirstError() {
    setErrorFocusRequests((count) => count + 1);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (sending.current) return;
    // A request whose answer is unknown goes again as it was sent: the take-back may exist, and a changed body under its
    // key would be refused (422), under a new key be made twice.
    if (unanswered) {
      void send(unanswered);
      return;
    }
    trySend();
  }

  /** Checks the form, and sends it as a new request once the offer is there. */
  function trySend() {
    setProblem(undefined);
    const found = localErrors();
    setErrors(found);
    if (found.size > 0) {
      focusFirstError();
      return;
    }
    if (quote.state !== 'ready') {
      if (quote.state === 'failed') askForQuoteAgain();
      setWaitingForOffer(true);
      return;
    }
    const body: TakeBackRequest = {
      quoteId: quote.quote.quoteId,
      customer: { name: details.name.trim(), email: details.email.trim(), locale },
      address: {
        street: details.street.trim(),
        houseNumber: details.houseNumber.trim(),
        postalCode: details.postalCode.trim(),
        city: details.city.trim(),
        country: details.country,
      },
      payout:
        details.method === 'BANK_TRANSFER'
          ? { method: 'BANK_TRANSFER', iban: details.iban, accountHolder: details.accountHolder.trim() }
          : { method: 'VOUCHER' },
      ...(details.returnReason ? { returnReason: details.returnReason } : {}),
    };
    // A new request (a new body) gets a new key; only its own repeats carry it.
    void send({ key: newIdempotencyKey(), body, at: new Date().toISOString(), sku: product!.sku, answers, quote: quote.quote });
  }

  async function send(request: Held) {
    sending.current = true;
    setSubmitting(true);
    setProblem(undefined);
    // Kept before it goes, not once its answer is found unknown: a reload or the back button while the answer is still
    // on its way then draws it again as sent, held, to be sent again under its key. Until the evening of 7 December 2026
    // it was kept only after an unknown answer; a reload while waiting showed an empty form, and the customer's second
    // submit, under a new key and a new offer, made a second take-back (two labels, two e-mails).
    keepHeld(catalog.brand, request);
    try {
      // A 2xx that is not the API's take-back (a hotel network's login page) tells nothing of the request: `callApi`
      // answers it as no answer, and the request stays held. Until the evening of 7 December 2026 it ended the hold and
      // the page went blank; a reload then made a second.
      const created = await callApi<TakeBackCreated>(`/v1/brands/${encodeURIComponent(catalog.brand)}/take-backs`, {
        method: 'POST',
        body: request.body,
        idempotencyKey: request.key,
        isAnswer: isTakeBackCreated,
      });
      // The confirmation is kept before the held request goes: no moment leaves the tab with neither.
      onCreated(created, photos);
      dropHeld(catalog.brand);
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      if (answerUnknown(error)) {
        // Still kept (since before it was sent).
        setUnanswered(request);
        setAnswerWasUnknown(true);
        setProblem({ say: error.problem.status === 429 ? (m) => m.sendThrottled : (m) => m.sendUnanswered });
        return;
      }
      // The API's definite refusal of this request: nothing was made by it, and the customer may change the form (a new
      // request, with a new key).
      dropHeld(catalog.brand);
      setUnanswered(undefined);
      refused(error.problem, request);
    } finally {
      sending.current = false;
      setSubmitting(false);
    }
  }

  /**
   * A definite refusal, said in the page's words (never the API's English): at its field where the API names one,
   * else above the button.
   */
  function refused(refusal: Problem, sent: Sent) {
    const local = localErrors();
    const byField = new Map<string, Said>();
    let elsewhere = false;
    for (const path of fieldErrors(refusal).keys()) {
      const field = FIELD_PATHS[path];
      if (field) byField.set(field, local.get(field) ?? ((m) => m.fieldRefused));
      else elsewhere = true;
    }
    setErrors(byField);
    const pastKeyDay = !(Date.now() - Date.parse(sent.at) < KEY_ANSWERED_MS);
    if (answerWasUnknown && mayBeMadeDespite(refusal, sent)) {
      // The take-back that unknown answer was about may exist: the customer is pointed to its label e-mail, and asks
      // for a new offer only if none came.
      setProblem({ say: (m) => m.probablyRegistered, renew: true });
      focusFirstError();
      return;
    }
    // Within the key's day the refusal says that nothing was made under it: the form is the customer's again, as after
    // a first refusal. Past it, only the refusals the take-back made could not have had say so.
    if (!pastKeyDay) setAnswerWasUnknown(false);
    if (productTakenOut(refusal)) {
      // Nothing to work out a new offer for: the customer picks again (the page's catalog may still list the product;
      // its offer then says the same).
      const brandName = catalog.name;
      setSku(undefined);
      setAnswers({});
      setProblem({ say: (m) => m.refusedItemNotTakenBack(brandName) });
    } else if (refusal.status === 404 || (refusal.status === 409 && byField.size === 0)) {
      // The quote named is gone, expired or used: a new offer is asked for, which the customer sees before sending again.
      askForQuoteAgain();
      setProblem({ say: (m) => m.offerRenewed, aboutOffer: true });
    } else if (refusal.status === 429) {
      const brandName = catalog.name;
      setProblem({ say: refusal.type.endsWith('/too-many-requests') ? (m) => m.labelCapReached(brandName) : (m) => m.busy });
    } else if (elsewhere || byField.size === 0) {
      setProblem({ say: (m) => m.somethingWrong });
    }
    focusFirstError();
  }

  const money = (amount: number) => formatMoney(amount, catalog.currency, locale);
  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="trade-in-title">
      <h1 id="trade-in-title">{m.tradeInTitle(catalog.name)}</h1>
      <p>{m.intro}</p>

      {/* While the answer to a take-back sent is unknown, what was sent stays as it is (sendUnanswered says so). */}
      <fieldset className="form-steps" disabled={unanswered !== undefined}>
      <section className="section" aria-labelledby="product-step">
        <h2 id="product-step">{m.productStep}</h2>
        <TextField label={m.search} hint={m.searchHint} type="search" value={search} onChange={(e) => setSearch(e.target.value)} optional autoComplete="off" />
        {matches.length === 0 ? (
          <p role="status">{m.noMatch}</p>
        ) : (
          <ChoiceGroup
            legend={m.product}
            name="product"
            value={sku}
            error={shown.get('product')}
            onChange={(value) => {
              setSku(value);
              setAnswers({});
              setErrors((previous) => new Map([...previous].filter(([key]) => key !== 'product')));
            }}
            options={matches.map((candidate) => ({ value: candidate.sku, label: candidate.name }))}
          />
        )}
      </section>

      {product ? (
        <section className="section" aria-labelledby="condition-step">
          <h2 id="condition-step">{m.conditionStep}</h2>
          {questions.map((question) => (
            <ChoiceGroup
              key={question.id}
              legend={question.text}
              name={`question-${question.id}`}
              value={answers[question.id]}
              error={shown.get(`question.${question.id}`)}
              onChange={(value) => setAnswers((previous) => ({ ...previous, [question.id]: value }))}
              options={question.options.map((option) => ({ value: option.id, label: option.label }))}
            />
          ))}
          <PhotoField
            error={shown.get('photos')}
            onChange={(files) => {
              setPhotos(files);
              setErrors((previous) => new Map([...previous].filter(([key]) => key !== 'photos')));
            }}
          />
        </section>
      ) : null}

      <section className="section" aria-labelledby="offer-step" aria-live="polite">
        <h2 id="offer-step">{m.offerStep}</h2>
        {quote.state === 'idle' ? <p className="muted">{m.offerNeedsAnswers}</p> : null}
        {quote.state === 'loading' ? <Loading label={m.offerLoading} /> : null}
        {quote.state === 'failed' ? (
          // In the page's words, with a way to ask again: until 7 December 2026 the API's English ("Service
          // Unavailable") was shown, and the offer was never asked for again.
          <div className="problem" role="alert">
            <p className="problem__title">{offerFailedSaid(quote.problem)(m)}</p>
            {offerRefusedForGood(quote.problem) ? null : (
              <Button type="button" variant="secondary" onClick={askForQuoteAgain}>
                {m.offerRetry}
              </Button>
            )}
          </div>
        ) : null}
        {quote.state === 'ready' ? (
          <div className="card" data-testid="offer">
            <p className="offer">{m.offerRange(money(quote.quote.value.min), money(quote.quote.value.max))}</p>
            <p className="muted">{m.offerValidUntil(formatDate(quote.quote.validUntil, locale, catalog.timeZone))}</p>
          </div>
        ) : null}
      </section>

      <section className="section" aria-labelledby="details-step">
        <h2 id="details-step">{m.detailsStep}</h2>
        <TextField label={m.name} value={details.name} onChange={(e) => set('name')(e.target.value)} error={shown.get('name')} autoComplete="name" maxLength={50} />
        <TextField label={m.email} type="email" value={details.email} onChange={(e) => set('email')(e.target.value)} error={shown.get('email')} autoComplete="email" maxLength={254} />
        <div className="field-row">
          <TextField label={m.street} value={details.street} onChange={(e) => set('street')(e.target.value)} error={shown.get('street')} autoComplete="address-line1" maxLength={50} />
          <TextField label={m.houseNumber} value={details.houseNumber} onChange={(e) => set('houseNumber')(e.target.value)} error={shown.get('houseNumber')} maxLength={10} />
        </div>
        <div className="field-row">
          <TextField label={m.city} value={details.city} onChange={(e) => set('city')(e.target.value)} error={shown.get('city')} autoComplete="address-level2" maxLength={40} />
          <TextField
            label={m.postalCode}
            value={details.postalCode}
            onChange={(e) => set('postalCode')(e.target.value)}
            error={shown.get('postalCode') ?? (postalCodeLeft ? postalCodeProblem : undefined)}
            onBlur={() => setPostalCodeLeft(true)}
            autoComplete="postal-code"
            // A keypad of digits where the country's postcodes are digits alone (not the Netherlands' "1012 AB", nor Poland's "00-950").
            inputMode={postalCodeExample !== undefined && /^\d+$/.test(postalCodeExample) ? 'numeric' : 'text'}
            maxLength={10}
          />
        </div>
        <SelectField
          label={m.country}
          value={details.country}
          onChange={(e) => set('country')(e.target.value)}
          error={shown.get('country')}
          autoComplete="country"
          options={catalog.countries.map((code) => ({ value: code, label: m.countryName(code) }))}
        />
      </section>

      <section className="section" aria-labelledby="payout-step">
        <h2 id="payout-step">{m.payoutStep}</h2>
        <ChoiceGroup
          legend={m.payoutMethod}
          name="payout"
          value={details.method}
          error={shown.get('method')}
          onChange={set('method')}
          options={catalog.payoutMethods.map((method) => ({ value: method, label: method === 'VOUCHER' ? m.voucher : m.bankTransfer }))}
        />
        {details.method === 'BANK_TRANSFER' ? (
          <BankAccountFields iban={details.iban} accountHolder={details.accountHolder} errors={shown} onChange={(field, value) => set(field)(value)} />
        ) : null}
        {catalog.returnReasons.length > 0 ? (
          <SelectField
            label={m.reason}
            optional
            value={details.returnReason}
            onChange={(e) => set('returnReason')(e.target.value)}
            error={shown.get('returnReason')}
            placeholder={m.reasonPlaceholder}
            options={catalog.returnReasons.map((reason) => ({ value: reason.code, label: reason.label }))}
          />
        ) : null}
      </section>

      </fieldset>

      {errors.size > 0 ? (
        <p className="field__error" role="alert">
          {m.fixErrors}
        </p>
      ) : null}
      {problem ? (
        <div className="problem" role="alert" data-testid="submit-problem">
          <p className="problem__title">{problem.say(m)}</p>
          {problem.renew ? (
            <Button
              type="button"
              variant="secondary"
              onClick={() => {
                setAnswerWasUnknown(false);
                askForQuoteAgain();
                setProblem({ say: (m) => m.offerRenewed, aboutOffer: true });
              }}
            >
              {m.offerRetry}
            </Button>
          ) : null}
        </div>
      ) : null}
      {waitingForOffer ? <Loading label={m.waitingForOffer} /> : null}
      <div className="actions">
        <Button type="submit" busy={submitting || waitingForOffer}>
          {submitting ? m.submitting : unanswered ? m.sendAgain : m.submit}
        </Button>
      </div>
    </form>
  );
}
