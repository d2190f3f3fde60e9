/**
 * The form of a customer's e-mail address the API takes (a take-back's `customer.email`): zod's own rule for
 * `z.email()`, here as plain TypeScript so that the trade-in page checks an address by the same rule without carrying
 * zod. ASCII letters, digits and _ ' + - in dot-separated parts before the @ (no dot first, last or doubled), a
 * domain of labels that begin with a letter or digit, and a top-level domain of two letters or more. Until
 * 7 December 2026 the page checked only for an @ and a dot, and showed the API's English words at the field for
 * `jörg@example.org`, `a@b.c` or `a..b@example.org`.
 */
export const EMAIL_ADDRESS_FORM = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;

/** The longest e-mail address (RFC 5321 with its erratum): what a take-back's `customer.email` holds at most. */
export const EMAIL_ADDRESS_LENGTH = 254;

/**
 * Whether the API takes text as a customer's e-mail address.
 *
 * @example
 * isEmailAddress('erika@example.org'); // true
 * isEmailAddress('jörg@example.org'); // false
 */
export const isEmailAddress = (text: string): boolean => text.length <= EMAIL_ADDRESS_LENGTH && EMAIL_ADDRESS_FORM.test(text);
