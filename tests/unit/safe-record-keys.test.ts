import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { recordWithSafeKeys } from '../../shared/schemas/common';
import { GradingRequestSchema } from '../../shared/schemas/staff';
import { QuoteRequestSchema } from '../../shared/schemas/take-back';

const issuesOf = (result: z.core.util.SafeParseResult<unknown>) => (result.success ? [] : result.error.issues.map(({ path, message }) => ({ path, message })));

describe('a record whose keys come from the client', () => {
  it.each(['constructor', 'prototype'])('refuses the key %s at its path', (key) => {
    const result = GradingRequestSchema.safeParse(JSON.parse(`{"grade":"GOOD","checks":{"${key}":1}}`));

    expect(issuesOf(result)).toEqual([{ path: ['checks', key], message: 'must not be __proto__, constructor or prototype' }]);
  });

  it('leaves a JSON __proto__ key out of the parsed record without touching its prototype', () => {
    const result = QuoteRequestSchema.parse(JSON.parse('{"sku":"X","answers":{"__proto__":{"polluted":"yes"},"q":"a"}}'));

    expect(Object.keys(result.answers)).toEqual(['q']);
    expect(Object.getPrototypeOf(result.answers)).toBe(Object.prototype);
  });

  it("reports the key schema's own rule for any other bad key", () => {
    const result = recordWithSafeKeys(z.string().check(z.maxLength(3, 'at most 3 characters')), z.number()).safeParse({ long: 1 });

    expect(issuesOf(result)).toEqual([{ path: ['long'], message: 'at most 3 characters' }]);
  });

  it('keeps every other key and value', () => {
    expect(QuoteRequestSchema.parse({ sku: 'X', answers: { toString: 'a', valueOf: 'b' } }).answers).toEqual({ toString: 'a', valueOf: 'b' });
  });
});
