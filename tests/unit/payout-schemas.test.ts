import { describe, expect, it } from 'vitest';
import { BankAccountEntrySchema, PayoutChoiceSchema } from '../../shared/schemas/payouts';
import { toSepaCharacters } from '../../shared/domain/sepa-text';
import { VoucherPathSchema } from '../../shared/schemas/vouchers';
import { ChangeWebhookSubscriptionRequestSchema, CreateWebhookSubscriptionRequestSchema } from '../../shared/schemas/webhooks';
import { voucherCodeFrom } from '../../shared/domain/vouchers';

const issuesOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (result.error?.issues ?? []).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));

describe('PayoutChoiceSchema', () => {
  it('takes an IBAN as typed and gives it on in electronic format', () => {
    expect(PayoutChoiceSchema.parse({ method: 'BANK_TRANSFER', iban: 'de89 3704 0044 0532 0130 00', accountHolder: 'Erika Mustermann' })).toEqual({
      method: 'BANK_TRANSFER',
      iban: 'DE89370400440532013000',
      accountHolder: 'Erika Mustermann',
    });
  });

  it('refuses an IBAN with a wrong check digit at its path, without repeating it', () => {
    const issues = issuesOf(PayoutChoiceSchema.safeParse({ method: 'BANK_TRANSFER', iban: 'DE89370400440532013001', accountHolder: 'Erika' }));
    expect(issues).toEqual([{ path: 'iban', message: expect.stringMatching(/check digits/) }]);
    expect(JSON.stringify(issues)).not.toContain('370400440532013001');
  });

  it('refuses an account SEPA transfers do not reach', () => {
    const issues = issuesOf(PayoutChoiceSchema.safeParse({ method: 'BANK_TRANSFER', iban: 'TR330006100519786457841326', accountHolder: 'Ayse' }));
    expect(issues).toEqual([{ path: 'iban', message: 'SEPA transfers do not reach accounts in TR' }]);
  });

  it("holds an account holder's name to the 70 characters of the bank file as it writes them (ä as ae), at the field", () => {
    const holder = (accountHolder: string) => issuesOf(PayoutChoiceSchema.safeParse({ method: 'BANK_TRANSFER', iban: 'DE89370400440532013000', accountHolder }));
    expect(holder('Ä'.repeat(35))).toEqual([]);
    expect(holder(`${'Müller-Lüdenscheidt '.repeat(3)}Groß`.slice(0, 66))).toEqual([
      { path: 'accountHolder', message: 'must have at most 70 characters as a bank transfer writes it (ä as ae, ß as ss)' },
    ]);
    expect(holder('Ä'.repeat(36))).toEqual([{ path: 'accountHolder', message: 'must have at most 70 characters as a bank transfer writes it (ä as ae, ß as ss)' }]);
  });

  it.each(['\u0391lpha', 'Erika 李', 'Erika 😀', 'O!Brien', 'Σοφία Παπαδοπούλου', '---', 'Erika\u093e', 'Marcel Erika\u20dd', 'Jonas ㈱', 'Jonas ½ Weber', 'Jonas Weber²', 'Ｊｏｎａｓ', 'Jonas ℌeber', 'Weber ℡'])(
    "refuses the holder's name %j, which the bank file would not carry as given, at the field, on the take-back and on the tracking page",
    (accountHolder) => {
      const latin = [{ path: 'accountHolder', message: 'must be written in Latin letters, as the bank account shows it' }];
      expect(issuesOf(PayoutChoiceSchema.safeParse({ method: 'BANK_TRANSFER', iban: 'DE89370400440532013000', accountHolder }))).toEqual(latin);
      expect(issuesOf(BankAccountEntrySchema.safeParse({ iban: 'DE89370400440532013000', accountHolder }))).toEqual(latin);
    },
  );

  it.each([
    ['Jürgen Groß & Söhne', 'Juergen Gross + Soehne'],
    ['Zoë O’Brien-Łukasz', "Zoe O'Brien-Lukasz"],
    ['José Nuñez', 'Jose Nunez'],
    ['Ştefan Ţurcanu', 'Stefan Turcanu'],
    ['Smith, J.', 'Smith, J.'],
    // Letters of European names with no accent to drop: a Catalan middle dot, ordinal indicators, Sami, Dutch and
    // Azerbaijani letters, a modifier apostrophe (refused until the evening of 7 December 2026).
    ['Maria Col·lell', 'Maria Col.lell'],
    ['Mª José García', 'Ma Jose Garcia'],
    ['Mº Pilar', 'Mo Pilar'],
    ['Áŋŋá Ŧoŧ', 'Anna Tot'],
    ['Ĳsbrand', 'IJsbrand'],
    ['Oʼ Brien', "O' Brien"],
    ['Əliyeva', 'Aliyeva'],
    // Skolt Sami's modifier prime and letters, the Hawaiian ʻokina, Greenlandic's kra, the Croatian digraph letters.
    ['Saʹmmlaž Weber', "Sa'mmlaz Weber"],
    ['Kaʻiulani Weber', "Ka'iulani Weber"],
    ['Ǥuoʒʒ Ǯeä', 'Guozz Zeae'],
    ['Aĸisuk', 'Aqisuk'],
    ['Ǆuro Ǉubić', 'DZuro LJubic'],
  ])("takes the holder's name %j, which the bank file writes whole as %j", (accountHolder, written) => {
    expect(PayoutChoiceSchema.parse({ method: 'BANK_TRANSFER', iban: 'DE89370400440532013000', accountHolder })).toMatchObject({ accountHolder });
    expect(toSepaCharacters(accountHolder)).toBe(written);
  });

  it('needs the account holder for a bank transfer, and nothing more for a voucher', () => {
    expect(issuesOf(PayoutChoiceSchema.safeParse({ method: 'BANK_TRANSFER', iban: 'DE89370400440532013000' })).map((i) => i.path)).toEqual(['accountHolder']);
    expect(issuesOf(PayoutChoiceSchema.safeParse({ method: 'VOUCHER', iban: 'DE89370400440532013000' })).map((i) => i.path)).toEqual(['']);
  });
});

describe('VoucherPathSchema', () => {
  const code = voucherCodeFrom(new Uint8Array(16).fill(7));

  it('reads a code in any case, with or without dashes', () => {
    expect(VoucherPathSchema.parse({ code: code.toLowerCase().replaceAll('-', '') }).code).toBe(code);
  });

  it('refuses a mistyped code', () => {
    const mistyped = code.slice(0, -1) + (code.endsWith('0') ? '1' : '0');
    expect(issuesOf(VoucherPathSchema.safeParse({ code: mistyped }))).toEqual([{ path: 'code', message: 'a character is mistyped' }]);
  });
});

describe('CreateWebhookSubscriptionRequestSchema', () => {
  it('refuses unknown event types and the same type twice', () => {
    expect(issuesOf(CreateWebhookSubscriptionRequestSchema.safeParse({ url: 'https://x.example', eventTypes: ['ItemTeleported'] })).map((i) => i.path)).toEqual(['eventTypes.0']);
    expect(issuesOf(CreateWebhookSubscriptionRequestSchema.safeParse({ url: 'https://x.example', eventTypes: ['Graded', 'Graded'] })).map((i) => i.path)).toEqual(['eventTypes']);
  });
});

describe('ChangeWebhookSubscriptionRequestSchema', () => {
  it('holds the event types to the rules of a subscription, and takes no endpoint', () => {
    expect(ChangeWebhookSubscriptionRequestSchema.parse({ eventTypes: ['Sold', 'Graded'] })).toEqual({ eventTypes: ['Sold', 'Graded'] });
    expect(issuesOf(ChangeWebhookSubscriptionRequestSchema.safeParse({ eventTypes: [] })).map((i) => i.path)).toEqual(['eventTypes']);
    expect(issuesOf(ChangeWebhookSubscriptionRequestSchema.safeParse({ eventTypes: ['Graded', 'Graded'] })).map((i) => i.path)).toEqual(['eventTypes']);
    expect(issuesOf(ChangeWebhookSubscriptionRequestSchema.safeParse({ eventTypes: ['ItemTeleported'] })).map((i) => i.path)).toEqual(['eventTypes.0']);
    expect(issuesOf(ChangeWebhookSubscriptionRequestSchema.safeParse({ url: 'https://x.example', eventTypes: ['Graded'] })).map((i) => i.path)).toEqual(['']);
  });
});
