import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { EMAIL_ADDRESS_FORM, isEmailAddress, mailboxOf } from '../../shared/domain/email-address';
import { CustomerErasureRequestSchema } from '../../shared/schemas/staff';
import { TakeBackRequestSchema } from '../../shared/schemas/take-back';

// The trade-in page checks a customer's e-mail address with isEmailAddress: it must take exactly what the API takes.

const aRequest = (email: string) => ({
  quoteId: '01M986WJBXE3AR6WTRV55A4Q8V',
  customer: { name: 'Erika Mustermann', email },
  address: { street: 'Hauptstraße', houseNumber: '5', postalCode: '10115', city: 'Berlin', country: 'DE' },
  payout: { method: 'VOUCHER' },
});
const apiTakes = (email: string) => !(TakeBackRequestSchema.safeParse(aRequest(email)).error?.issues ?? []).some((issue) => issue.path.join('.') === 'customer.email');

describe("a customer's e-mail address", () => {
  it('is checked by the rule of zod, which the API used before it was shared', () => {
    expect(EMAIL_ADDRESS_FORM.source).toBe(z.regexes.email.source);
  });

  it.each([
    ['erika@example.org', true],
    ['a+b@example.org', true],
    ["o'neil@example.org", true],
    ['a@xn--bcher-kva.example', true],
    ['jörg@example.org', false],
    ['a..b@example.org', false],
    ['.a@example.org', false],
    ['a@b.c', false],
    ['a@example.o', false],
    ['a@-example.org', false],
    ['a@exam_ple.org', false],
    ['a@example..org', false],
    ['a@example.org.', false],
    ['用户@例子.广告', false],
    ['erika@example.org\n', false],
    [`${'a'.repeat(243)}@example.org`, false],
    [`${'a'.repeat(64)}@example.org`, true],
    [`${'a'.repeat(65)}@example.org`, false],
    [`${'a'.repeat(242)}@example.org`, false],
    [`${'a.'.repeat(40)}a@example.org`, false],
  ])('%s: %s, as the API says', (email, taken) => {
    expect(isEmailAddress(email)).toBe(taken);
    expect(apiTakes(email)).toBe(taken);
  });
});

describe('an address whose local part is longer than 64 octets (RFC 5321), which no mail server takes', () => {
  it('is refused at customer.email in words that say so', () => {
    const result = TakeBackRequestSchema.safeParse(aRequest(`${'a'.repeat(242)}@example.org`));
    expect(result.error?.issues.map(({ path, message }) => ({ path: path.join('.'), message }))).toEqual([
      { path: 'customer.email', message: 'must have at most 64 characters before the @' },
    ]);
  });

  it("is still found by a customer's erasure, which must reach the addresses taken before it was refused", () => {
    const email = `${'a'.repeat(242)}@example.org`;
    expect(CustomerErasureRequestSchema.parse({ email, reason: 'Ticket 4713' }).email).toBe(email);
  });
});

describe('the mailbox of an address, which the daily cap of label e-mails counts', () => {
  it.each([
    ['victim@example.org', 'victim@example.org'],
    [' Victim+6@Example.org ', 'victim@example.org'],
    ['victim+a+b@example.org', 'victim@example.org'],
    ['+tag@example.org', '+tag@example.org'],
    ['v.ictim@gmail.com', 'v.ictim@gmail.com'],
  ])('of %s is %s', (address, mailbox) => {
    expect(mailboxOf(address)).toBe(mailbox);
  });
});
