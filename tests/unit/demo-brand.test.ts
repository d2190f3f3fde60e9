import { describe, expect, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { GRADES, type Grade } from '../../shared/domain/catalog';
import { quoteOffer } from '../../shared/domain/offer';

const { config, products, questions } = demoBrand;
const categories = [...new Set(products.map((product) => product.category))];
const questionsOf = (category: string) => questions.filter((question) => question.category === category);

describe('the demo brand', () => {
  it('takes back at least a smartphone, a laptop, a jacket and a pair of jeans', () => {
    expect(categories).toEqual(expect.arrayContaining(['smartphone', 'laptop', 'jacket', 'jeans']));
  });

  it('gives every product its own SKU', () => {
    const skus = products.map((product) => product.sku);

    expect(new Set(skus).size).toBe(skus.length);
  });

  it('gives every condition question its own id', () => {
    const ids = questions.map((question) => question.id);

    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(categories)('asks two to four condition questions about a %s', (category) => {
    expect(questionsOf(category).length).toBeGreaterThanOrEqual(2);
    expect(questionsOf(category).length).toBeLessThanOrEqual(4);
  });

  it('grades every answer with one of the fixed grades', () => {
    const grades = questions.flatMap((question) => question.options.map((option) => option.grade));

    expect(grades.filter((grade) => !GRADES.includes(grade))).toEqual([]);
  });

  it('lets every question be answered by an item in like-new condition', () => {
    const withoutBestAnswer = questions.filter((question) => !question.options.some((option) => option.grade === 'LIKE_NEW'));

    expect(withoutBestAnswer.map((question) => question.id)).toEqual([]);
  });

  it.each(categories)('can reach every grade through the answers about a %s', (category) => {
    const reachable = new Set(questionsOf(category).flatMap((question) => question.options.map((option) => option.grade)));

    expect([...reachable].sort()).toEqual([...GRADES].sort());
  });

  it.each(categories)('has an offer rule for every grade of a %s', (category) => {
    expect(Object.keys(config.offerRules[category] ?? {}).sort()).toEqual([...GRADES].sort());
  });

  it('has a product with its own trade-in values', () => {
    expect(products.some((product) => product.tradeIn !== undefined)).toBe(true);
  });

  const productGrades = products.flatMap((product) => GRADES.map((grade) => [product.sku, grade] as const));

  it.each(productGrades)('quotes an offer in euros for %s in grade %s', (sku, grade) => {
    const product = products.find((candidate) => candidate.sku === sku)!;

    const { value } = quoteOffer({
      product,
      grade,
      rules: config.offerRules,
      currency: config.currency,
      now: new Date('2025-03-01T10:00:00Z'),
      validityDays: config.quoteValidityDays,
    });

    expect(value.currency).toBe('EUR');
    expect(value.min).toBeLessThanOrEqual(value.max);
    expect(value.max).toBeLessThan(product.newPrice.amount);
  });

  it.each(products.map((product) => product.sku))('never offers less for %s in a better grade', (sku) => {
    const product = products.find((candidate) => candidate.sku === sku)!;
    const offerFor = (grade: Grade) =>
      quoteOffer({ product, grade, rules: config.offerRules, currency: config.currency, now: new Date(0), validityDays: 1 }).value;

    const offers = GRADES.map(offerFor);

    offers.slice(1).forEach((worse, index) => {
      const better = offers[index]!;
      expect(better.min).toBeGreaterThanOrEqual(worse.min);
      expect(better.max).toBeGreaterThanOrEqual(worse.max);
    });
  });
});
