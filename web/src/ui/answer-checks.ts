// Small checks of a 2xx answer's JSON, for `callApi`'s `isAnswer`: whether it is the answer a page asked for, by the
// fields it draws. Checked by hand, not with the contract's zod schemas, which the web bundles do not carry; the
// contract itself is the API's to keep. The customer pages' checks (`web/src/customer/answers.ts`) and the staff
// console's (`web/src/staff/answers.ts`) are built from them.

export type Check = (value: unknown) => boolean;

export const text: Check = (value) => typeof value === 'string';
export const flag: Check = (value) => typeof value === 'boolean';
export const number: Check = (value) => typeof value === 'number' && Number.isFinite(value);
export const optional = (check: Check): Check => (value) => value === undefined || check(value);
export const nullable = (check: Check): Check => (value) => value === null || check(value);
export const list = (check: Check): Check => (value) => Array.isArray(value) && value.every(check);
export const record: Check = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An object with at least these fields, each as its check says (other fields are the API's to add). */
export const fields =
  (shape: Readonly<Record<string, Check>>): Check =>
  (value) =>
    record(value) && Object.entries(shape).every(([key, check]) => check((value as Record<string, unknown>)[key]));

/** An amount of money as the API writes it: minor units and the currency. */
export const money = fields({ amount: number, currency: text });
