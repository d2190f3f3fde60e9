import { describe, expect, it } from 'vitest';
import { categoryName, namesOfCategories } from '../../shared/domain/category-names';

describe("a category's name", () => {
  it("is the brand's own name where it gave one, in any language, else the published name in the language, else the code", () => {
    const brandNames = { earbuds: 'In-Ear-Kopfhörer', smartphone: 'Handys' };
    expect(categoryName('earbuds', 'en', brandNames)).toBe('In-Ear-Kopfhörer');
    expect(categoryName('smartphone', 'en', brandNames)).toBe('Handys');
    expect(categoryName('shoes', 'de', brandNames)).toBe('Schuhe');
    expect(categoryName('shoes', 'en')).toBe('Shoes');
    expect(categoryName('headphones', 'de', brandNames)).toBe('headphones');
  });

  it("never takes a name from an object's prototype", () => {
    expect(categoryName('constructor', 'de', {})).toBe('constructor');
    expect(categoryName('toString', 'en')).toBe('toString');
  });
});

describe("the brand's names of the categories shown", () => {
  it('keeps the names of the categories given only, once each', () => {
    expect(namesOfCategories(['shoes', 'jacket', 'shoes'], { shoes: 'Bergstiefel', headphones: 'Kopfhörer' })).toEqual({ shoes: 'Bergstiefel' });
  });

  it('is undefined for a brand without names, or without a name for any category given', () => {
    expect(namesOfCategories(['shoes'], undefined)).toBeUndefined();
    expect(namesOfCategories(['jacket'], { shoes: 'Bergstiefel' })).toBeUndefined();
    expect(namesOfCategories([], { shoes: 'Bergstiefel' })).toBeUndefined();
  });
});
