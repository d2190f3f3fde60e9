import { describe, expect, it } from 'vitest';
import { compileEventPattern, InvalidEventPatternError } from '../../local/services/event-pattern';

const event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'GradeRecorded',
  source: 'kreislauf.passports',
  account: '000000000000',
  time: '2026-03-03T10:15:00Z',
  region: 'eu-central-1',
  resources: ['arn:aws:dynamodb:eu-central-1:000000000000:table/Kreislauf'],
  detail: {
    passportId: '01JNQ5ZK4S8Y3W2V1T0R9P8N7M',
    brand: 'Acme',
    grade: 'GOOD',
    category: 'jackets',
    price: 42.5,
    repairMinutes: 0,
    flagged: false,
    note: null,
    empty: '',
    tags: ['wool', 'winter'],
    photos: [
      { kind: 'front', size: 1200 },
      { kind: 'label', size: 300 },
    ],
    customer: { email: 'Jane.Doe@Example.COM', address: { country: 'DE', city: 'Köln' } },
    file: 'photos/front.jpeg',
  },
};

function matches(pattern: unknown): boolean {
  return compileEventPattern(pattern)(event);
}

describe('exact values', () => {
  it('matches equal strings of the envelope', () => {
    expect(matches({ source: ['kreislauf.passports'] })).toBe(true);
    expect(matches({ source: ['kreislauf.vouchers'] })).toBe(false);
  });

  it('treats a list of values as any of them', () => {
    expect(matches({ 'detail-type': ['GradeRecorded', 'PassportReceived'] })).toBe(true);
    expect(matches({ 'detail-type': ['PassportReceived', 'VoucherIssued'] })).toBe(false);
  });

  it('needs every field of the pattern to match', () => {
    expect(matches({ source: ['kreislauf.passports'], 'detail-type': ['GradeRecorded'] })).toBe(true);
    expect(matches({ source: ['kreislauf.passports'], 'detail-type': ['VoucherIssued'] })).toBe(false);
  });

  it('matches nested fields of the detail', () => {
    expect(matches({ detail: { customer: { address: { country: ['DE'] } } } })).toBe(true);
    expect(matches({ detail: { customer: { address: { country: ['AT'] } } } })).toBe(false);
  });

  it('compares numbers as numbers, booleans as booleans and null as null, never across types', () => {
    expect(matches({ detail: { price: [42.5] } })).toBe(true);
    expect(matches({ detail: { price: ['42.5'] } })).toBe(false);
    expect(matches({ detail: { flagged: [false] } })).toBe(true);
    expect(matches({ detail: { flagged: ['false'] } })).toBe(false);
    expect(matches({ detail: { note: [null] } })).toBe(true);
    expect(matches({ detail: { empty: [''] } })).toBe(true);
    expect(matches({ detail: { empty: [null] } })).toBe(false);
  });

  it('matches an array in the event when any element matches', () => {
    expect(matches({ detail: { tags: ['winter'] } })).toBe(true);
    expect(matches({ detail: { tags: ['summer'] } })).toBe(false);
    expect(matches({ resources: ['arn:aws:dynamodb:eu-central-1:000000000000:table/Kreislauf'] })).toBe(true);
  });

  it('matches conditions on an array of objects within one element', () => {
    expect(matches({ detail: { photos: { kind: ['label'], size: [300] } } })).toBe(true);
    expect(matches({ detail: { photos: { kind: ['label'], size: [1200] } } })).toBe(false);
  });

  it('does not match a missing field', () => {
    expect(matches({ detail: { voucher: ['V-1'] } })).toBe(false);
    expect(matches({ detail: { customer: { phone: { country: ['DE'] } } } })).toBe(false);
  });

  it('does not match an object with a leaf value', () => {
    expect(matches({ detail: { customer: ['DE'] } })).toBe(false);
  });
});

describe('prefix and suffix', () => {
  it('matches the start of a string', () => {
    expect(matches({ detail: { passportId: [{ prefix: '01JNQ' }] } })).toBe(true);
    expect(matches({ detail: { passportId: [{ prefix: '02' }] } })).toBe(false);
  });

  it('matches the end of a string', () => {
    expect(matches({ detail: { file: [{ suffix: '.jpeg' }] } })).toBe(true);
    expect(matches({ detail: { file: [{ suffix: '.png' }] } })).toBe(false);
  });

  it('ignores case when asked to', () => {
    expect(matches({ detail: { customer: { email: [{ suffix: { 'equals-ignore-case': '@example.com' } }] } } })).toBe(true);
    expect(matches({ detail: { customer: { email: [{ suffix: '@example.com' }] } } })).toBe(false);
    expect(matches({ detail: { customer: { email: [{ prefix: { 'equals-ignore-case': 'jane.' } }] } } })).toBe(true);
  });

  it('does not match numbers', () => {
    expect(matches({ detail: { price: [{ prefix: '42' }] } })).toBe(false);
  });
});

describe('equals-ignore-case and wildcard', () => {
  it('matches a string in any case', () => {
    expect(matches({ detail: { brand: [{ 'equals-ignore-case': 'ACME' }] } })).toBe(true);
    expect(matches({ detail: { brand: [{ 'equals-ignore-case': 'ACMEE' }] } })).toBe(false);
  });

  it('matches * as any run of characters', () => {
    expect(matches({ detail: { file: [{ wildcard: 'photos/*.jpeg' }] } })).toBe(true);
    expect(matches({ detail: { file: [{ wildcard: 'labels/*' }] } })).toBe(false);
    expect(matches({ detail: { file: [{ wildcard: 'photos/front.jpe' }] } })).toBe(false);
  });
});

describe('anything-but', () => {
  it('matches every value but the one given', () => {
    expect(matches({ detail: { grade: [{ 'anything-but': 'DEFECTIVE' }] } })).toBe(true);
    expect(matches({ detail: { grade: [{ 'anything-but': 'GOOD' }] } })).toBe(false);
  });

  it('matches every value but those of a list, numbers included', () => {
    expect(matches({ detail: { grade: [{ 'anything-but': ['FAIR', 'DEFECTIVE'] }] } })).toBe(true);
    expect(matches({ detail: { grade: [{ 'anything-but': ['GOOD', 'FAIR'] }] } })).toBe(false);
    expect(matches({ detail: { repairMinutes: [{ 'anything-but': [0] }] } })).toBe(false);
    expect(matches({ detail: { price: [{ 'anything-but': [0] }] } })).toBe(true);
  });

  it('matches strings without a prefix or suffix', () => {
    expect(matches({ source: [{ 'anything-but': { prefix: 'aws.' } }] })).toBe(true);
    expect(matches({ source: [{ 'anything-but': { prefix: 'kreislauf.' } }] })).toBe(false);
    expect(matches({ detail: { file: [{ 'anything-but': { suffix: '.jpeg' } }] } })).toBe(false);
    expect(matches({ detail: { file: [{ 'anything-but': { suffix: '.png' } }] } })).toBe(true);
  });

  it('matches strings other than those given in any case', () => {
    expect(matches({ detail: { brand: [{ 'anything-but': { 'equals-ignore-case': ['acme', 'other'] } }] } })).toBe(false);
    expect(matches({ detail: { brand: [{ 'anything-but': { 'equals-ignore-case': 'other' } }] } })).toBe(true);
  });

  it('matches strings outside a wildcard', () => {
    expect(matches({ detail: { file: [{ 'anything-but': { wildcard: 'photos/*' } }] } })).toBe(false);
    expect(matches({ detail: { file: [{ 'anything-but': { wildcard: 'labels/*' } }] } })).toBe(true);
  });

  it('does not match a missing field', () => {
    expect(matches({ detail: { voucher: [{ 'anything-but': 'V-1' }] } })).toBe(false);
  });
});

describe('exists', () => {
  it('matches present fields with true and missing ones with false', () => {
    expect(matches({ detail: { grade: [{ exists: true }] } })).toBe(true);
    expect(matches({ detail: { grade: [{ exists: false }] } })).toBe(false);
    expect(matches({ detail: { voucher: [{ exists: false }] } })).toBe(true);
    expect(matches({ detail: { voucher: [{ exists: true }] } })).toBe(false);
  });

  it('counts null and empty strings as present', () => {
    expect(matches({ detail: { note: [{ exists: true }] } })).toBe(true);
    expect(matches({ detail: { empty: [{ exists: true }] } })).toBe(true);
  });

  it('matches a field missing under a missing parent with false', () => {
    expect(matches({ detail: { refund: { amount: [{ exists: false }] } } })).toBe(true);
  });

  it('applies to leaves only', () => {
    expect(matches({ detail: { customer: [{ exists: true }] } })).toBe(false);
  });
});

describe('numeric', () => {
  it('compares with one operator', () => {
    expect(matches({ detail: { price: [{ numeric: ['>', 40] }] } })).toBe(true);
    expect(matches({ detail: { price: [{ numeric: ['<', 40] }] } })).toBe(false);
    expect(matches({ detail: { price: [{ numeric: ['=', 42.5] }] } })).toBe(true);
    expect(matches({ detail: { price: [{ numeric: ['>=', 42.5] }] } })).toBe(true);
    expect(matches({ detail: { price: [{ numeric: ['<=', 42.4] }] } })).toBe(false);
  });

  it('matches within a range', () => {
    expect(matches({ detail: { price: [{ numeric: ['>', 0, '<=', 50] }] } })).toBe(true);
    expect(matches({ detail: { price: [{ numeric: ['>', 0, '<', 42.5] }] } })).toBe(false);
  });

  it('does not match strings', () => {
    expect(matches({ detail: { grade: [{ numeric: ['>', 0] }] } })).toBe(false);
  });

  it('any element of a list may match', () => {
    expect(matches({ detail: { photos: { size: [{ numeric: ['<', 500] }] } } })).toBe(true);
  });
});

describe('$or', () => {
  it('matches when any alternative matches', () => {
    expect(matches({ detail: { $or: [{ grade: ['DEFECTIVE'] }, { price: [{ numeric: ['>', 40] }] }] } })).toBe(true);
    expect(matches({ detail: { $or: [{ grade: ['DEFECTIVE'] }, { price: [{ numeric: ['>', 50] }] }] } })).toBe(false);
  });

  it('needs the other fields beside it to match too', () => {
    expect(matches({ source: ['other'], $or: [{ 'detail-type': ['GradeRecorded'] }, { region: ['us-east-1'] }] })).toBe(false);
    expect(matches({ source: ['kreislauf.passports'], $or: [{ 'detail-type': ['X'] }, { region: ['eu-central-1'] }] })).toBe(true);
  });
});

describe('patterns given as JSON text', () => {
  it('matches like the same pattern as an object', () => {
    expect(matches(JSON.stringify({ detail: { grade: ['GOOD'] } }))).toBe(true);
    expect(matches(JSON.stringify({ detail: { grade: ['FAIR'] } }))).toBe(false);
  });
});

describe('invalid patterns', () => {
  it.each([
    ['a pattern that is not an object', ['kreislauf']],
    ['JSON text that does not parse', '{"source": '],
    ['an empty pattern', {}],
    ['a value not in a list', { source: 'kreislauf.passports' }],
    ['an empty list', { source: [] }],
    ['an unknown operator', { source: [{ 'starts-with': 'k' }] }],
    ['cidr, which the local EventBridge does not implement', { detail: { ip: [{ cidr: '10.0.0.0/24' }] } }],
    ['an operator object with two keys', { source: [{ prefix: 'a', suffix: 'b' }] }],
    ['exists that is not a boolean', { source: [{ exists: 'yes' }] }],
    ['a numeric operator that does not exist', { detail: { price: [{ numeric: ['!=', 1] }] } }],
    ['a numeric range in the wrong order', { detail: { price: [{ numeric: ['<', 10, '>', 1] }] } }],
    ['a prefix that is not a string', { source: [{ prefix: 1 }] }],
    ['anything-but with an empty list', { source: [{ 'anything-but': [] }] }],
    ['$or with one alternative', { $or: [{ source: ['a'] }] }],
    ['a wildcard with consecutive stars', { source: [{ wildcard: 'a**b' }] }],
  ])('refuses %s', (_name, pattern) => {
    expect(() => compileEventPattern(pattern)).toThrow(InvalidEventPatternError);
  });
});
