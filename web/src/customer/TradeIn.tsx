import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { categoryName } from '../../../shared/domain/category-names';
import { isPostalCodeForm, isPostalCodeOf, postalCodeFormat } from '../../../shared/domain/postal-codes';
import type { Problem } from '../../../shared/schemas/common';
import type { CatalogResponse, QuoteResponse, TakeBackCreated, TakeBackRequest } from '../../../shared/schemas/take-back';
import { ApiProblem, callApi, fieldErrors, newIdempotencyKey } from '../api';
import { formatDate, formatMoney, useLocale, useMessages } from '../i18n';
import { Button, ChoiceGroup, Loading, Page, ProblemMessage, SelectField, TextField } from '../ui/kit';
import { accountHolderProblem, BankAccountFields, checkIban } from './BankAccount';
import { brandTheme, useCatalog } from './brand';
import { Confirmation } from './Confirmation';
import { CUSTOMER_MESSAGES } from './messages';
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
  const [created, setCreated] = useState<{ takeBack: TakeBackCreated; photos: File[] }>();
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
        <ProblemMessage problem={catalog.problem} />
      ) : null}
      {catalog.state === 'ready' && !catalog.value.takesItemsBack ? (
        // A brand still being set up: the form would end in the API's 409 at the offer.
        <>
          <h1>{catalog.value.name}</h1>
          <p role="status">{m.notTakingBackYet(catalog.value.name)}</p>
        </>
      ) : null}
      {catalog.state === 'ready' && catalog.value.takesItemsBack && !created ? (
        <TradeInForm catalog={catalog.value} onCreated={(takeBack, photos) => setCreated({ takeBack, photos })} />
      ) : null}
      {created ? (
        <Confirmation created={created.takeBack}>
          <PhotoUploads created={created.takeBack} files={created.photos} />
        </Confirmation>
      ) : null}
    </Page>
  );
}

function TradeInForm({ catalog, onCreated }: { catalog: CatalogResponse; onCreated(created: TakeBackCreated, photos: File[]): void }) {
  const m = useMessages(CUSTOMER_MESSAGES);
  const { locale } = useLocale();
  const [search, setSearch] = useState('');
  const [sku, setSku] = useState<string>();
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [quote, setQuote] = useState<Quote>({ state: 'idle' });
  const [details, setDetails] = useState<Details>({
    name: '',
    email: '',
    street: '',
    houseNumber: '',
    postalCode: '',
    city: '',
    country: catalog.countries[0] ?? 'DE',
    method: catalog.payoutMethods[0] ?? 'VOUCHER',
    iban: '',
    accountHolder: '',
    returnReason: '',
  });
  const [photos, setPhotos] = useState<File[]>([]);
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [problem, setProblem] = useState<Problem>();
  const [submitting, setSubmitting] = useState(false);
  // One key for this form's submission: a double click or a retry after a lost answer registers one take-back.
  const idempotencyKey = useRef(newIdempotencyKey()).current;
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
    const abort = new AbortController();
    setQuote({ state: 'loading' });
    const relevant = Object.fromEntries(questions.map((question) => [question.id, answers[question.id]!]));
    callApi<QuoteResponse>(`/v1/brands/${encodeURIComponent(catalog.brand)}/quotes`, {
      method: 'POST',
      body: { sku: product.sku, answers: relevant },
      idempotencyKey: newIdempotencyKey(),
      signal: abort.signal,
    }).then(
      (value) => setQuote({ state: 'ready', quote: value }),
      (error: unknown) => {
        if (error instanceof ApiProblem) setQuote({ state: 'failed', problem: error.problem });
      },
    );
    return () => abort.abort();
  }, [catalog.brand, product, questions, answers, answered]);

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
  const postalCodeProblem =
    details.postalCode.trim() === ''
      ? undefined
      : postalCodeExample === undefined
        ? isPostalCodeForm(details.postalCode) ? undefined : m.postalCodeForm
        : isPostalCodeOf(details.country, details.postalCode) ? undefined : m.postalCodeInvalid(postalCodeExample);

  function localErrors(): Map<string, string> {
    const found = new Map<string, string>();
    if (!product) found.set('product', m.mustChoose);
    for (const question of questions) if (!answers[question.id]) found.set(`question.${question.id}`, m.mustChoose);
    const photoProblem = photosProblem(photos, m);
    if (photoProblem) found.set('photos', photoProblem);
    for (const field of ['name', 'email', 'street', 'houseNumber', 'postalCode', 'city'] as const) {
      if (details[field].trim() === '') found.set(field, m.mustFill);
    }
    if (details.email.trim() !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(details.email.trim())) found.set('email', m.emailInvalid);
    if (postalCodeProblem) found.set('postalCode', postalCodeProblem);
    if (details.method === 'BANK_TRANSFER') {
      if (details.iban.trim() === '') found.set('iban', m.mustFill);
      else if (ibanCheck && !ibanCheck.valid) found.set('iban', ibanCheck.message);
      const holderProblem = accountHolderProblem(details.accountHolder, m);
      if (holderProblem) found.set('accountHolder', holderProblem);
    }
    return found;
  }

  /** The first field marked invalid, in page order, gets the focus once the messages are drawn. */
  function focusFirstError() {
    setErrorFocusRequests((count) => count + 1);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (submitting) return;
    setProblem(undefined);
    const found = localErrors();
    if (found.size > 0 || quote.state !== 'ready') {
      setErrors(found);
      focusFirstError();
      return;
    }
    const request: TakeBackRequest = {
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
    setSubmitting(true);
    try {
      onCreated(
        await callApi<TakeBackCreated>(`/v1/brands/${encodeURIComponent(catalog.brand)}/take-backs`, { method: 'POST', body: request, idempotencyKey }),
        photos,
      );
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      const byPath = fieldErrors(error.problem);
      const byField = new Map<string, string>();
      for (const [path, message] of byPath) {
        const field = FIELD_PATHS[path];
        if (field) byField.set(field, message);
      }
      setErrors(byField);
      // What no field shows is said above the button.
      if (byField.size < byPath.size || byPath.size === 0) setProblem(error.problem);
      focusFirstError();
    } finally {
      setSubmitting(false);
    }
  }

  const money = (amount: number) => formatMoney(amount, catalog.currency, locale);
  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="trade-in-title">
      <h1 id="trade-in-title">{m.tradeInTitle(catalog.name)}</h1>
      <p>{m.intro}</p>

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
            error={errors.get('product')}
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
              error={errors.get(`question.${question.id}`)}
              onChange={(value) => setAnswers((previous) => ({ ...previous, [question.id]: value }))}
              options={question.options.map((option) => ({ value: option.id, label: option.label }))}
            />
          ))}
          <PhotoField
            error={errors.get('photos')}
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
        {quote.state === 'failed' ? <ProblemMessage problem={quote.problem} /> : null}
        {quote.state === 'ready' ? (
          <div className="card" data-testid="offer">
            <p className="offer">{m.offerRange(money(quote.quote.value.min), money(quote.quote.value.max))}</p>
            <p className="muted">{m.offerValidUntil(formatDate(quote.quote.validUntil, locale, catalog.timeZone))}</p>
          </div>
        ) : null}
      </section>

      <section className="section" aria-labelledby="details-step">
        <h2 id="details-step">{m.detailsStep}</h2>
        <TextField label={m.name} value={details.name} onChange={(e) => set('name')(e.target.value)} error={errors.get('name')} autoComplete="name" maxLength={50} />
        <TextField label={m.email} type="email" value={details.email} onChange={(e) => set('email')(e.target.value)} error={errors.get('email')} autoComplete="email" maxLength={254} />
        <div className="field-row">
          <TextField label={m.street} value={details.street} onChange={(e) => set('street')(e.target.value)} error={errors.get('street')} autoComplete="address-line1" maxLength={50} />
          <TextField label={m.houseNumber} value={details.houseNumber} onChange={(e) => set('houseNumber')(e.target.value)} error={errors.get('houseNumber')} maxLength={10} />
        </div>
        <div className="field-row">
          <TextField label={m.city} value={details.city} onChange={(e) => set('city')(e.target.value)} error={errors.get('city')} autoComplete="address-level2" maxLength={40} />
          <TextField
            label={m.postalCode}
            value={details.postalCode}
            onChange={(e) => set('postalCode')(e.target.value)}
            error={errors.get('postalCode') ?? (postalCodeLeft ? postalCodeProblem : undefined)}
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
          error={errors.get('country')}
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
          error={errors.get('method')}
          onChange={set('method')}
          options={catalog.payoutMethods.map((method) => ({ value: method, label: method === 'VOUCHER' ? m.voucher : m.bankTransfer }))}
        />
        {details.method === 'BANK_TRANSFER' ? (
          <BankAccountFields iban={details.iban} accountHolder={details.accountHolder} errors={errors} onChange={(field, value) => set(field)(value)} />
        ) : null}
        {catalog.returnReasons.length > 0 ? (
          <SelectField
            label={m.reason}
            optional
            value={details.returnReason}
            onChange={(e) => set('returnReason')(e.target.value)}
            error={errors.get('returnReason')}
            placeholder={m.reasonPlaceholder}
            options={catalog.returnReasons.map((reason) => ({ value: reason.code, label: reason.label }))}
          />
        ) : null}
      </section>

      {errors.size > 0 ? (
        <p className="field__error" role="alert">
          {m.fixErrors}
        </p>
      ) : null}
      <ProblemMessage problem={problem} />
      <div className="actions">
        <Button type="submit" busy={submitting}>
          {submitting ? m.submitting : m.submit}
        </Button>
      </div>
    </form>
  );
}
