import { z } from 'zod';

// The field checks the sandbox's two APIs (Returns v1, Shipping v2) state alike, in DHL's words.

/** DHL's message for a field that is missing, or there with the wrong type. */
export const required = (expected: string) => (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : `must be ${expected}`);

/** A text field of `min` to `max` characters. */
export const text = (min: number, max: number) =>
  z
    .string({ error: required('a string') })
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`);
