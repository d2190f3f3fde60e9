/**
 * The names of the product categories the published impact factors cover (`data/impact-factors.json`),
 * as the dashboard and the impact report's PDF show them where the brand has not named them itself.
 */
const CATEGORY_NAMES: Record<'de' | 'en', Readonly<Record<string, string>>> = {
  de: { smartphone: 'Smartphones', tablet: 'Tablets', laptop: 'Laptops', jeans: 'Jeans', jacket: 'Jacken', shoes: 'Schuhe', garment: 'Kleidung' },
  en: { smartphone: 'Smartphones', tablet: 'Tablets', laptop: 'Laptops', jeans: 'Jeans', jacket: 'Jackets', shoes: 'Shoes', garment: 'Clothing' },
};

/**
 * A category's name: the brand's own name for it where the brand gave one (`BrandConfig.categoryNames`,
 * in the brand's language, whatever the page's), else its published name in the language, else its code.
 *
 * @example
 * categoryName('shoes', 'de'); // 'Schuhe'
 * categoryName('headphones', 'de'); // 'headphones'
 * categoryName('headphones', 'en', { headphones: 'Kopfhörer' }); // 'Kopfhörer'
 */
export function categoryName(category: string, locale: 'de' | 'en', brandNames?: Readonly<Record<string, string>>): string {
  if (brandNames && Object.hasOwn(brandNames, category)) return brandNames[category]!;
  return Object.hasOwn(CATEGORY_NAMES[locale], category) ? CATEGORY_NAMES[locale][category]! : category;
}

/**
 * The brand's names of the categories given, or undefined when it named none of them: what a report or a catalog
 * carries, so that a reader sees only the names of what it shows.
 *
 * @example
 * namesOfCategories(['shoes', 'jacket'], { shoes: 'Bergstiefel', headphones: 'Kopfhörer' }); // { shoes: 'Bergstiefel' }
 */
export function namesOfCategories(categories: Iterable<string>, brandNames: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  if (!brandNames) return undefined;
  const named = Object.fromEntries([...categories].filter((category) => Object.hasOwn(brandNames, category)).map((category) => [category, brandNames[category]!]));
  return Object.keys(named).length > 0 ? named : undefined;
}
