/**
 * The names of the product categories the published impact factors cover (`data/impact-factors.json`),
 * as the dashboard and the impact report's PDF show them; a brand's other categories have no name
 * but the code the brand configured.
 */
const CATEGORY_NAMES: Record<'de' | 'en', Readonly<Record<string, string>>> = {
  de: { smartphone: 'Smartphones', tablet: 'Tablets', laptop: 'Laptops', jeans: 'Jeans', jacket: 'Jacken', shoes: 'Schuhe', garment: 'Kleidung' },
  en: { smartphone: 'Smartphones', tablet: 'Tablets', laptop: 'Laptops', jeans: 'Jeans', jacket: 'Jackets', shoes: 'Shoes', garment: 'Clothing' },
};

/**
 * A category's name in the language, or its code where it has none.
 *
 * @example
 * categoryName('shoes', 'de'); // 'Schuhe'
 * categoryName('headphones', 'de'); // 'headphones'
 */
export function categoryName(category: string, locale: 'de' | 'en'): string {
  return Object.hasOwn(CATEGORY_NAMES[locale], category) ? CATEGORY_NAMES[locale][category]! : category;
}
