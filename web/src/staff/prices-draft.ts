/**
 * The prices form's draft (the staff console's settings, `PricesForm.tsx`): what is typed in its
 * fields, put into the configuration read and checked as the API checks it. No JSX here, so that the
 * unit tests read it.
 */
import { changedParts, type BrandConfigPart } from '../../../shared/domain/brand-config';
import { GRADES, type BrandCatalog, type Grade, type OfferRules } from '../../../shared/domain/catalog';
import type { Locale } from '../locales';
import { findLosingCombinations, type LosingCombination } from '../../../shared/domain/economics-guard';
import { quoteOffer } from '../../../shared/domain/offer';
import { BrandCatalogSchema } from '../../../shared/schemas/brand-config';
import { minorUnitsOf, shareOfPercent, typedAmount, typedPercent } from './amounts';

/** The page's words for what the draft refuses at a field. */
export interface DraftMessages {
  priceFormat: string;
  priceRefused: string;
  shareFormat: string;
  minAboveMax: string;
  shareRefused: string;
  losesMoney: string;
}

export type Bound = 'minShare' | 'maxShare';
export const BOUNDS: readonly Bound[] = ['minShare', 'maxShare'];

/** What is typed, by field: `price:{index}` for a product's new price, `share:{category}/{grade}/{bound}` for an offer rule's share. */
export type Typed = Record<string, string>;
export const priceField = (index: number) => `price:${index}`;
export const shareField = (category: string, grade: string, bound: string) => `share:${category}/${grade}/${bound}`;

export function typedOf(catalog: BrandCatalog, locale: Locale): Typed {
  const typed: Typed = {};
  catalog.products.forEach((product, index) => {
    typed[priceField(index)] = typedAmount(product.newPrice.amount, product.newPrice.currency, locale);
  });
  for (const [category, rules] of Object.entries(catalog.config.offerRules)) {
    for (const grade of GRADES) for (const bound of BOUNDS) typed[shareField(category, grade, bound)] = typedPercent(rules[grade][bound], locale);
  }
  return typed;
}

/** The document the form makes of what is typed, and what stands in the way of saving it. */
export interface Draft {
  /** The configuration read with every field that holds a value put in (a field that does not keeps the value read). */
  catalog: BrandCatalog;
  /** The document as the API's schema parses it; undefined while anything is refused. */
  valid?: BrandCatalog;
  /** The page's words for each field that is refused, by field. */
  errors: Map<string, string>;
  /** What the schema refuses of no field of this form, by its path. */
  issues: { path: string; message: string }[];
  /** The combinations the rules lose money on, as the API's economics guard finds them. */
  losses: LosingCombination[];
  parts: BrandConfigPart[];
}

/**
 * What is typed, put into the configuration read: a field typed as it was read keeps the value read
 * (a share of more than two decimals of a percent is shown rounded, not changed); the document is
 * then checked by the API's schema and, once valid, by its economics guard, each problem at its field.
 */
export function draftOf(read: BrandCatalog, initial: Typed, typed: Typed, t: DraftMessages): Draft {
  const errors = new Map<string, string>();
  const typedValue = (field: string, parse: (text: string) => number | undefined, message: string): number | undefined => {
    const text = typed[field] ?? '';
    if (text === initial[field]) return undefined;
    const value = parse(text);
    if (value === undefined || Number.isNaN(value)) {
      errors.set(field, message);
      return undefined;
    }
    return value;
  };
  const products = read.products.map((product, index) => {
    const amount = typedValue(priceField(index), (text) => minorUnitsOf(text, product.newPrice.currency), t.priceFormat);
    return amount === undefined ? product : { ...product, newPrice: { ...product.newPrice, amount } };
  });
  const offerRules: OfferRules = {};
  for (const [category, rules] of Object.entries(read.config.offerRules)) {
    let shares = rules;
    for (const grade of GRADES) {
      for (const bound of BOUNDS) {
        const share = typedValue(shareField(category, grade, bound), shareOfPercent, t.shareFormat);
        if (share !== undefined) shares = { ...shares, [grade]: { ...shares[grade], [bound]: share } };
      }
    }
    offerRules[category] = shares;
  }
  const catalog: BrandCatalog = { ...read, products, config: { ...read.config, offerRules } };
  const draft: Draft = { catalog, errors, issues: [], losses: [], parts: changedParts(read, catalog) };
  if (errors.size > 0) return draft;

  const checked = BrandCatalogSchema.safeParse(catalog);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const [part, index, field, grade, bound] = issue.path.map(String);
      const at =
        part === 'products' && field === 'newPrice'
          ? { field: priceField(Number(index)), message: t.priceRefused }
          : part === 'config' && index === 'offerRules' && grade && bound
            ? { field: shareField(field ?? '', grade, bound), message: bound === 'minShare' ? t.minAboveMax : t.shareRefused }
            : undefined;
      if (at && !errors.has(at.field)) errors.set(at.field, at.message);
      else if (!at) draft.issues.push({ path: issue.path.join('.'), message: issue.message });
    }
    return draft;
  }
  draft.valid = checked.data;
  draft.losses = findLosingCombinations(checked.data).listed;
  for (const loss of draft.losses) {
    // The rule that sets the trade-in value is the first the loss names: an offer rule's share, or a product's own value (not in this form).
    const [part, rules, category, grade] = (loss.rules[0] ?? '').split('/').slice(1);
    if (part === 'config' && rules === 'offerRules' && category && grade) errors.set(shareField(category, grade, 'maxShare'), t.losesMoney);
  }
  return draft;
}

/** The offer a customer sees for a product in a grade, as the API quotes it; undefined where it quotes none. */
export function offerOf(catalog: BrandCatalog, productIndex: number, grade: Grade) {
  const product = catalog.products[productIndex];
  if (!product) return undefined;
  try {
    return quoteOffer({ product, grade, rules: catalog.config.offerRules, currency: catalog.config.currency, now: new Date(0), validityDays: 0 }).value;
  } catch {
    return undefined;
  }
}
