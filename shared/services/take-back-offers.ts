import { DEFAULT_TIME_ZONE } from '../domain/calendar';
import { assessGrade, findProduct, takesItemsBack, type BrandCatalog } from '../domain/catalog';
import { namesOfCategories } from '../domain/category-names';
import { ConflictError, NotFoundError } from '../domain/errors';
import { offerByGrade, quoteOffer } from '../domain/offer';
import { payoutMethodsIn } from '../domain/passport';
import type { BrandCatalogs, TakeBackRecords } from '../ports/passport-store';
import type { CatalogResponse, QuoteRequest, QuoteResponse } from '../schemas/take-back';

/** The customer's first step: the brand's catalog, read from its configuration alone. */
export class CatalogView {
  constructor(private readonly deps: { catalogs: BrandCatalogs }) {}

  async catalog(brand: string): Promise<CatalogResponse> {
    const { config, products, questions } = await brandCatalog(this.deps.catalogs, brand);
    const categoryNames = namesOfCategories(products.map(({ category }) => category), config.categoryNames);
    return {
      brand: config.brand,
      name: config.name,
      currency: config.currency,
      products: products.map(({ sku, name, category, newPrice, weightGrams }) => ({ sku, name, category, newPrice, weightGrams })),
      questions: questions.map(({ id, category, text, options }) => ({
        id,
        category,
        text,
        options: options.map(({ id: optionId, label }) => ({ id: optionId, label })),
      })),
      payoutMethods: payoutMethodsIn(config.currency),
      countries: config.countries,
      locale: config.locale,
      timeZone: config.timeZone ?? DEFAULT_TIME_ZONE,
      returnReasons: (config.returnReasons ?? []).map(({ code, label }) => ({ code, label })),
      ...(config.theme && { theme: config.theme }),
      ...(categoryNames && { categoryNames }),
      takesItemsBack: takesItemsBack(config),
    };
  }
}

/** What the instant offer needs: neither secrets nor the label bucket. */
export interface TakeBackOfferDependencies {
  store: TakeBackRecords;
  now: () => Date;
  newId: () => string;
}

/** The customer's second step: an instant offer for one item, kept as a quote. */
export class TakeBackOffers {
  constructor(private readonly deps: TakeBackOfferDependencies) {}

  async quote(brand: string, request: QuoteRequest): Promise<QuoteResponse> {
    const catalog = await takingBackCatalog(this.deps.store, brand);
    const product = findProduct(catalog, request.sku);
    const grade = assessGrade(catalog.questions, product.category, request.answers);
    const now = this.deps.now();
    const pricing = { product, rules: catalog.config.offerRules, currency: catalog.config.currency, now, validityDays: catalog.config.quoteValidityDays };
    const offer = quoteOffer({ ...pricing, grade });
    const quoteId = this.deps.newId();
    await this.deps.store.saveQuote({
      quoteId,
      brand,
      sku: product.sku,
      answers: request.answers,
      grade,
      value: offer.value,
      // Kept so that grading pays an item found worse by the rules the customer was quoted under.
      grades: offerByGrade(pricing),
      validUntil: offer.validUntil,
      createdAt: now.toISOString(),
    });
    return { quoteId, sku: product.sku, grade, value: offer.value, validUntil: offer.validUntil };
  }
}

/** The brand's catalog, or a 404 for a brand there is none of. */
export async function brandCatalog(store: BrandCatalogs, brand: string): Promise<BrandCatalog> {
  const catalog = await store.getCatalog(brand);
  if (!catalog) throw new NotFoundError(`No brand ${brand}.`);
  return catalog;
}

/** The catalog of a brand that takes items back: a 404 for a brand there is none of, a 409 for one not ready yet. */
export async function takingBackCatalog(store: BrandCatalogs, brand: string): Promise<BrandCatalog> {
  const catalog = await brandCatalog(store, brand);
  if (!takesItemsBack(catalog.config)) {
    throw new ConflictError(
      `${catalog.config.name} does not take items back yet: its configuration has no route rules, without which a received item cannot be graded.`,
    );
  }
  return catalog;
}
