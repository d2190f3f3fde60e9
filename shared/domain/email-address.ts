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
 * The longest local part, before the `@` (RFC 5321, 4.5.3.1.1: 64 octets; the form takes ASCII only, one octet a
 * character). Mail servers and SES refuse a longer one: until 7 December 2026 `'a'×242@example.org` was taken, got its
 * label, and its label e-mail failed every retry.
 */
export const EMAIL_LOCAL_PART_LENGTH = 64;

/** Whether the part of an address before its last `@` is at most {@link EMAIL_LOCAL_PART_LENGTH} long. */
export const localPartFits = (address: string): boolean => address.lastIndexOf('@') <= EMAIL_LOCAL_PART_LENGTH;

/** The API's words at an address whose local part is too long. */
export const LOCAL_PART_TOO_LONG_MESSAGE = `must have at most ${EMAIL_LOCAL_PART_LENGTH} characters before the @`;

/**
 * Whether the API takes text as a customer's e-mail address.
 *
 * @example
 * isEmailAddress('erika@example.org'); // true
 * isEmailAddress('jörg@example.org'); // false
 * isEmailAddress(`${'a'.repeat(65)}@example.org`); // false
 */
export const isEmailAddress = (text: string): boolean => text.length <= EMAIL_ADDRESS_LENGTH && EMAIL_ADDRESS_FORM.test(text) && localPartFits(text);

/**
 * The mailbox an address delivers to, as the label e-mails' daily cap counts it (`labelEmailsPerAddressPerDay`): the
 * address trimmed and lower-cased, its local part without a subaddress, the `+` and what follows it (RFC 5233). Every
 * provider of note delivers `victim+6@example.org` to `victim@example.org`: counted apart, each tag got its own five
 * labels a day, so one mailbox got as many as a stranger cared to send. A local part that begins with `+` has no
 * mailbox name before the tag, and is kept whole.
 *
 * One provider's own spellings are not folded: Gmail ignores dots in its addresses, but another domain's
 * `jan.ek@` and `janek@` are two people, who would share one cap; and which domains a provider serves is not told by
 * the address.
 *
 * @example
 * mailboxOf(' Erika+Shop@Example.org '); // 'erika@example.org'
 * mailboxOf('e.rika@example.org'); // 'e.rika@example.org'
 */
export function mailboxOf(address: string): string {
  const normal = address.trim().toLowerCase();
  const at = normal.lastIndexOf('@');
  const plus = normal.indexOf('+');
  return plus > 0 && plus < at ? normal.slice(0, plus) + normal.slice(at) : normal;
}
