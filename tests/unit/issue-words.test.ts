import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { issueWords } from '../../shared/http/issue-words';
import { isoDateTime } from '../../shared/schemas/common';

/** The message of the one issue `schema` finds in `value`, worded as the API words it. */
const wordOf = (schema: z.ZodMiniType, value: unknown): string | undefined => {
  const result = schema.safeParse(value, { error: issueWords });
  expect(result.error?.issues).toHaveLength(1);
  return result.error?.issues[0]?.message;
};

describe("the API's words for zod's built-in checks", () => {
  it.each([
    ['a missing field', z.object({ reason: z.string() }), {}, 'is required'],
    ['a field of another type', z.object({ reason: z.string() }), { reason: 7 }, 'must be of type string'],
    ['a string too long', z.string().check(z.maxLength(500)), 'x'.repeat(501), 'must have at most 500 characters'],
    ['a string too short', z.string().check(z.minLength(1)), '', 'must have at least 1 character'],
    ['an empty list', z.array(z.string()).check(z.minLength(1)), [], 'must have at least 1 item'],
    ['a list too long', z.array(z.string()).check(z.maxLength(2)), ['a', 'b', 'c'], 'must have at most 2 items'],
    ['a number too small', z.number().check(z.gte(1)), 0, 'must be at least 1'],
    ['a number too large', z.number().check(z.lte(100)), 101, 'must be at most 100'],
    ['a number not above a bound', z.number().check(z.gt(0)), 0, 'must be more than 0'],
    ['a fraction for a whole number', z.int(), 1.5, 'must be a whole number'],
    ['a value not of an enum', z.enum(['EMPTY', 'OTHER_ITEM']), 'BROKEN', 'must be one of "EMPTY", "OTHER_ITEM"'],
    ['a value not the literal', z.literal('shopify'), 'ebay', 'must be "shopify"'],
    ['an e-mail address', z.email(), 'nobody', 'must be an e-mail address'],
    ['a date and time', isoDateTime(), 'yesterday', 'must be an ISO 8601 date and time'],
    ['a pattern without a message', z.string().check(z.regex(/^[A-Z]{2}$/)), 'deu', 'is not in the form this field takes'],
    ['a multiple', z.number().check(z.multipleOf(5)), 7, 'must be a multiple of 5'],
    ['a union', z.union([z.string(), z.number()]), true, 'matches none of the forms this field takes'],
  ] as const)('words %s', (_case, schema, value, words) => {
    expect(wordOf(schema as z.ZodMiniType, value)).toBe(words);
  });

  it("keeps a schema's own message", () => {
    expect(wordOf(z.string().check(z.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')), 'deu')).toBe('must be an ISO 3166-1 alpha-2 code');
  });
});
