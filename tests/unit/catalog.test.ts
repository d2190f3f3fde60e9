import { describe, expect, it } from 'vitest';
import {
  assessGrade,
  findProduct,
  worseGrade,
  type BrandCatalog,
  type ConditionQuestion,
} from '../../shared/domain/catalog';
import { NotFoundError, UnprocessableError, ValidationError } from '../../shared/domain/errors';

const questions: ConditionQuestion[] = [
  {
    id: 'screen',
    category: 'smartphone',
    text: 'What condition is the screen in?',
    options: [
      { id: 'flawless', label: 'Flawless', grade: 'LIKE_NEW' },
      { id: 'light-scratches', label: 'Light scratches', grade: 'GOOD' },
      { id: 'cracked', label: 'Cracked', grade: 'DEFECTIVE' },
    ],
  },
  {
    id: 'housing',
    category: 'smartphone',
    text: 'What condition is the housing in?',
    options: [
      { id: 'flawless', label: 'Flawless', grade: 'LIKE_NEW' },
      { id: 'dents', label: 'Dents', grade: 'FAIR' },
    ],
  },
  {
    id: 'stains',
    category: 'jacket',
    text: 'Does the jacket have stains?',
    options: [
      { id: 'none', label: 'None', grade: 'LIKE_NEW' },
      { id: 'some', label: 'Some', grade: 'FAIR' },
    ],
  },
];

function validationErrorOf(act: () => unknown): ValidationError {
  try {
    act();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

const catalog: BrandCatalog = {
  config: {
    brand: 'acme',
    name: 'Acme',
    currency: 'EUR',
    locale: 'en',
    countries: ['DE'],
    quoteValidityDays: 14,
    shippingDeadlineDays: 14,
    senderEmail: 'take-back@acme.test',
    carrier: { dhl: { receiverId: 'deu' } },
    offerRules: {},
  },
  products: [
    { sku: 'PHONE-1', name: 'Phone One', category: 'smartphone', newPrice: { amount: 59_900, currency: 'EUR' }, weightGrams: 190 },
    { sku: 'JACKET-1', name: 'Jacket One', category: 'jacket', newPrice: { amount: 27_900, currency: 'EUR' }, weightGrams: 480 },
  ],
  questions,
};

describe('worseGrade', () => {
  it('picks the worse of two grades whichever comes first', () => {
    expect(worseGrade('GOOD', 'FAIR')).toBe('FAIR');
    expect(worseGrade('FAIR', 'GOOD')).toBe('FAIR');
  });

  it('keeps a grade compared with itself', () => {
    expect(worseGrade('DEFECTIVE', 'DEFECTIVE')).toBe('DEFECTIVE');
  });
});

describe('findProduct', () => {
  it('finds a product of the catalog by its SKU', () => {
    expect(findProduct(catalog, 'JACKET-1').name).toBe('Jacket One');
  });

  it('reports an unknown SKU as not found', () => {
    expect(() => findProduct(catalog, 'PHONE-9')).toThrow(NotFoundError);
  });
});

describe('assessGrade', () => {
  it('grades an item with only the best answers as like new', () => {
    expect(assessGrade(questions, 'smartphone', { screen: 'flawless', housing: 'flawless' })).toBe('LIKE_NEW');
  });

  it('grades an item by the worst of its answers', () => {
    expect(assessGrade(questions, 'smartphone', { screen: 'light-scratches', housing: 'dents' })).toBe('FAIR');
  });

  it('lets a single defect make the whole item defective', () => {
    expect(assessGrade(questions, 'smartphone', { screen: 'cracked', housing: 'flawless' })).toBe('DEFECTIVE');
  });

  it('asks only the questions of the item’s category', () => {
    expect(assessGrade(questions, 'jacket', { stains: 'some' })).toBe('FAIR');
  });

  it('reports a question left unanswered at its path', () => {
    const error = validationErrorOf(() => assessGrade(questions, 'smartphone', { screen: 'flawless' }));

    expect(error.issues).toEqual([{ path: ['answers', 'housing'], message: expect.stringContaining('flawless, dents') }]);
  });

  it('reports an answer that is not an option of its question at its path', () => {
    const error = validationErrorOf(() =>
      assessGrade(questions, 'smartphone', { screen: 'shattered', housing: 'flawless' }),
    );

    expect(error.issues).toEqual([
      { path: ['answers', 'screen'], message: expect.stringContaining('"shattered" is not an option') },
    ]);
  });

  it('reports an answer to a question of another category at its path', () => {
    const error = validationErrorOf(() =>
      assessGrade(questions, 'smartphone', { screen: 'flawless', housing: 'flawless', stains: 'none' }),
    );

    expect(error.issues).toEqual([
      { path: ['answers', 'stains'], message: 'There is no condition question "stains" for category "smartphone"' },
    ]);
  });

  it('does not mistake an inherited property name for an answer', () => {
    const error = validationErrorOf(() => assessGrade(questions, 'jacket', { constructor: 'none' }));

    expect(error.issues.map((issue) => issue.path)).toEqual([
      ['answers', 'stains'],
      ['answers', 'constructor'],
    ]);
  });

  it('reports every problem of the answers in one error', () => {
    const error = validationErrorOf(() => assessGrade(questions, 'smartphone', { screen: 'shattered', colour: 'red' }));

    expect(error.issues.map((issue) => issue.path)).toEqual([
      ['answers', 'screen'],
      ['answers', 'housing'],
      ['answers', 'colour'],
    ]);
  });

  it('refuses to grade a category the brand configured no questions for', () => {
    expect(() => assessGrade(questions, 'laptop', {})).toThrow(
      new UnprocessableError('No condition questions configured for category "laptop"', [], { category: 'laptop' }),
    );
  });
});
