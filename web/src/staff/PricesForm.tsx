import { useMemo, useRef, useState, type FormEvent } from 'react';
import { GRADES } from '../../../shared/domain/catalog';
import type { CustomerSegment } from '../../../shared/domain/payout-rules';
import { formatMoney, useLocale, useMessages } from '../i18n';
import { Button, firstInvalidControl, TextField } from '../ui/kit';
import { useKeyedRequest } from '../ui/use-request';
import { categoryWithCode, CODE_LABELS } from './labels';
import { typedAmount } from './amounts';
import { BOUNDS, draftOf, offerOf, priceField, shareField, typedOf } from './prices-draft';
import { IssueList, OtherDraftAlert, SaveRefusal, saveCatalog, useOtherDraftGuard, type SettingsFormProps } from './settings-save';
import { TableScroll } from './TableScroll';

const TEXT = {
  de: {
    title: 'Preise und Ankaufsanteile',
    intro:
      'Die Neupreise der Produkte und, je Kategorie und Zustand, welchen Anteil des Neupreises ein Angebot an Kunden mindestens und höchstens beträgt. Das Angebot und die Wirtschaftlichkeit unten rechnen beim Tippen so, wie die Plattform rechnet.',
    newPrices: 'Neupreise',
    priceHint: (sku: string, category: string, currency: string) => `${sku} · ${category} · in ${currency}`,
    sharesOf: (category: string) => `Ankaufsanteile: ${category}`,
    bound: { minShare: (grade: string) => `${grade}: ab (%)`, maxShare: (grade: string) => `${grade}: bis (%)` },
    priceFormat: (example: string) => `Bitte einen Betrag wie ${example} angeben.`,
    priceRefused: 'Der Neupreis muss über 0 liegen.',
    shareFormat: 'Bitte einen Anteil von 0 bis 100 Prozent angeben, z. B. 35 oder 37,5.',
    minAboveMax: '„ab“ darf nicht über „bis“ liegen.',
    shareRefused: 'Dieser Anteil ist nicht gültig.',
    losesMoney: 'Zahlt mehr, als das Stück einbringt (siehe Wirtschaftlichkeit).',
    offers: 'Angebot an Kunden',
    product: 'Produkt',
    ownValue: '* eigener Ankaufswert des Produkts (im Dokument unter products[].tradeIn), von den Anteilen nicht berührt',
    noOffer: '—',
    economics: 'Wirtschaftlichkeit',
    waitsForValid: 'Geprüft wird, sobald alle Angaben gültig sind.',
    noLoss: 'Keine Regel zahlt mehr, als ein Stück einbringt.',
    losses: (count: number) =>
      `${count === 1 ? 'In einem Fall zahlt' : `In ${count} Fällen zahlen`} die Regeln mehr, als das Stück einbringt. Senken Sie die Anteile, oder geben Sie der Regel im Dokument ein acceptLoss mit Grund.`,
    loss: (what: string, cost: string, recovery: string, route: string, loss: string) => `${what}: kostet ${cost}, bringt ${recovery} (${route}), Verlust ${loss}`,
    segments: { NEW: 'Neukunde', RETURNING: 'Stammkunde' } satisfies Record<CustomerSegment, string>,
    unchanged: 'Keine Änderung gegenüber der gelesenen Version.',
    changes: (parts: string) => `Diese Änderung betrifft: ${parts}.`,
    save: 'Preise speichern',
    discard: 'Änderungen verwerfen',
  },
  en: {
    title: 'Prices and trade-in shares',
    intro:
      "The products' new prices and, per category and grade, the least and most share of the new price a customer is offered. The offer and the economics below are reckoned as you type, as the platform reckons them.",
    newPrices: 'New prices',
    priceHint: (sku: string, category: string, currency: string) => `${sku} · ${category} · in ${currency}`,
    sharesOf: (category: string) => `Trade-in shares: ${category}`,
    bound: { minShare: (grade: string) => `${grade}: from (%)`, maxShare: (grade: string) => `${grade}: to (%)` },
    priceFormat: (example: string) => `Please give an amount such as ${example}.`,
    priceRefused: 'The new price must be more than 0.',
    shareFormat: 'Please give a share from 0 to 100 percent, e.g. 35 or 37.5.',
    minAboveMax: '"From" must not be above "to".',
    shareRefused: 'This share is not valid.',
    losesMoney: 'Pays more than the item recovers (see the economics).',
    offers: 'Offer to customers',
    product: 'Product',
    ownValue: "* the product's own trade-in value (in the document under products[].tradeIn), not touched by the shares",
    noOffer: '—',
    economics: 'Economics',
    waitsForValid: 'Checked once every entry is valid.',
    noLoss: 'No rule pays more than an item recovers.',
    losses: (count: number) =>
      `In ${count === 1 ? 'one case' : `${count} cases`} the rules pay more than the item recovers. Lower the shares, or give the rule an acceptLoss with a reason in the document.`,
    loss: (what: string, cost: string, recovery: string, route: string, loss: string) => `${what}: costs ${cost}, recovers ${recovery} (${route}), a loss of ${loss}`,
    segments: { NEW: 'new customer', RETURNING: 'returning customer' } satisfies Record<CustomerSegment, string>,
    unchanged: 'No change from the version read.',
    changes: (parts: string) => `This change touches: ${parts}.`,
    save: 'Save prices',
    discard: 'Discard changes',
  },
};
/**
 * The parts of the configuration a brand's admins change most, as a form: each product's new price
 * and each category's trade-in shares by grade. The offers customers would see and the economics
 * guard's findings are reckoned as typed by the domain's own functions, and the form saves the whole
 * document on top of the version read, as the document's editor does.
 */
export function PricesForm({ api, loaded, otherDraft, onDirty, onSaved, onReload }: SettingsFormProps) {
  const t = useMessages(TEXT);
  const labels = useMessages(CODE_LABELS);
  const { locale } = useLocale();
  const [initial] = useState(() => typedOf(loaded.catalog, locale));
  const [typed, setTyped] = useState(initial);
  // The example an amount refused is to look like has the brand's currency's decimals (899,00 €, 89900 ¥).
  const words = useMemo(() => ({ ...t, priceFormat: t.priceFormat(typedAmount(89_900, loaded.catalog.config.currency, locale)) }), [t, loaded, locale]);
  const draft = useMemo(() => draftOf(loaded.catalog, initial, typed, words), [loaded, initial, typed, words]);
  const { busy, problem, setProblem, send } = useKeyedRequest();
  const form = useRef<HTMLFormElement>(null);
  const changed = Object.keys(typed).some((field) => typed[field] !== initial[field]);
  const guard = useOtherDraftGuard(changed, { otherDraft, onDirty });

  const { catalog } = draft;
  const currency = catalog.config.currency;
  const money = (amount: number) => formatMoney(amount, currency, locale);
  const type = (field: string) => (event: { target: { value: string } }) => setTyped((was) => ({ ...was, [field]: event.target.value }));

  async function save(event: FormEvent) {
    event.preventDefault();
    setProblem(undefined);
    if (!draft.valid || draft.losses.length > 0 || draft.parts.length === 0) {
      (firstInvalidControl(form.current) ?? form.current?.querySelector('input'))?.focus();
      return;
    }
    if (guard.mustWait()) return;
    const valid = draft.valid;
    await send(async (idempotencyKey) => onSaved(await saveCatalog(api, loaded, valid, idempotencyKey)));
  }

  const categories = Object.keys(catalog.config.offerRules);
  return (
    <form ref={form} onSubmit={save} noValidate aria-labelledby="settings-prices-title">
      <h2 id="settings-prices-title">{t.title}</h2>
      <p>{t.intro}</p>
      <fieldset className="choices">
        <legend>{t.newPrices}</legend>
        <div className="settings-grid">
          {catalog.products.map((product, index) => (
            <TextField
              key={product.sku}
              label={product.name}
              hint={t.priceHint(product.sku, categoryWithCode(product.category, locale, catalog.config.categoryNames), currency)}
              inputMode="decimal"
              autoComplete="off"
              value={typed[priceField(index)] ?? ''}
              onChange={type(priceField(index))}
              error={draft.errors.get(priceField(index))}
            />
          ))}
        </div>
      </fieldset>
      {categories.map((category) => (
        <fieldset key={category} className="choices">
          <legend>{t.sharesOf(categoryWithCode(category, locale, catalog.config.categoryNames))}</legend>
          <div className="settings-grid settings-grid--pairs">
            {GRADES.flatMap((grade) =>
              BOUNDS.map((bound) => (
                <TextField
                  key={`${grade}/${bound}`}
                  label={t.bound[bound](labels.grades[grade])}
                  inputMode="decimal"
                  autoComplete="off"
                  value={typed[shareField(category, grade, bound)] ?? ''}
                  onChange={type(shareField(category, grade, bound))}
                  error={draft.errors.get(shareField(category, grade, bound))}
                />
              )),
            )}
          </div>
        </fieldset>
      ))}
      {draft.issues.length > 0 ? <IssueList issues={draft.issues} /> : null}

      <section aria-labelledby="settings-offers-title">
        <h3 id="settings-offers-title">{t.offers}</h3>
        <TableScroll label={t.offers}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t.product}</th>
                {GRADES.map((grade) => (
                  <th key={grade} scope="col" className="number">
                    {labels.grades[grade]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {catalog.products.map((product, index) => (
                <tr key={product.sku}>
                  <th scope="row">{product.name}</th>
                  {GRADES.map((grade) => {
                    const offer = offerOf(catalog, index, grade);
                    return (
                      <td key={grade} className="number">
                        {offer ? `${money(offer.min)} – ${money(offer.max)}` : t.noOffer}
                        {product.tradeIn?.[grade] ? ' *' : ''}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        {catalog.products.some((product) => product.tradeIn) ? <p className="field__hint">{t.ownValue}</p> : null}
      </section>

      <section aria-labelledby="settings-economics-title">
        <h3 id="settings-economics-title">{t.economics}</h3>
        {!draft.valid ? (
          <p>{t.waitsForValid}</p>
        ) : draft.losses.length === 0 ? (
          <p>{t.noLoss}</p>
        ) : (
          <>
            <p className="field__error">{t.losses(draft.losses.length)}</p>
            <ul className="config-issues">
              {draft.losses.slice(0, 20).map((loss) => {
                const name = catalog.products.find((product) => product.sku === loss.sku)?.name ?? loss.sku;
                const what = `${labels.grades[loss.grade]}, ${name}, ${t.segments[loss.segment]}, ${labels.payoutMethods[loss.method]}`;
                return (
                  <li key={`${loss.sku}/${loss.grade}/${loss.segment}/${loss.method}`}>
                    {t.loss(what, money(loss.payoutCost.amount), money(loss.recovery.amount), labels.routes[loss.route], money(loss.loss.amount))}
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </section>

      <p className="field__hint">{draft.parts.length === 0 ? t.unchanged : t.changes(draft.parts.map((part) => labels.configParts[part]).join(', '))}</p>
      {guard.waitsForOther ? <OtherDraftAlert /> : <SaveRefusal problem={problem} onReload={onReload} />}
      <div className="actions">
        <Button type="submit" busy={busy}>
          {t.save}
        </Button>
        <Button type="button" variant="secondary" disabled={!changed} onClick={() => setTyped(initial)}>
          {t.discard}
        </Button>
      </div>
    </form>
  );
}
