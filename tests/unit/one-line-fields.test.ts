import { describe, expect, it } from 'vitest';
import { demoBrand, demoRepairPartners } from '../../local/seed/demo-brand';
import { freeTextsNotPlain, textsNotOnOneLine } from '../../shared/domain/catalogue-checks';
import type { BrandCatalog } from '../../shared/domain/catalog';
import { holdsWebOrEmailAddress } from '../../shared/domain/customer-name';
import { issueWords } from '../../shared/http/issue-words';
import { BrandCatalogSchema } from '../../shared/schemas/brand-config';
import { BankAccountEntrySchema } from '../../shared/schemas/payouts';
import { PartnerReportSchema, RepairPartnerRequestSchema, StoredRepairPartnerSchema } from '../../shared/schemas/repair';
import {
  CustomerErasureRequestSchema,
  GradingRequestSchema,
  LabelRetryRequestSchema,
  ParcelRejectionRequestSchema,
  PersonalDataErasureRequestSchema,
  ReceiptRequestSchema,
  RouteOverrideRequestSchema,
  SaleReturnRequestSchema,
  TakeBackCancellationRequestSchema,
} from '../../shared/schemas/staff';
import { ListingChangeRequestSchema } from '../../shared/schemas/resale-api';
import { TakeBackRequestSchema } from '../../shared/schemas/take-back';
import { CreateApiKeyRequestSchema, StoredApiKeySchema } from '../../shared/schemas/vouchers';

// The fields printed on one line outside the platform (a DHL label, an e-mail, a bank file, the ledger's CSV) take no
// control character, line break, lone surrogate or bidi override.

const ONE_LINE = 'must not contain control characters or line breaks';

/** Text that is not one line of a name, each as a tester typed or sent it. */
const NOT_ONE_LINE = {
  'CR LF': 'Eve\r\nBcc: x@example.com',
  LF: 'Eve\nAdam',
  NUL: 'Eve\u0000',
  tab: 'Eve\tAdam',
  'the escape character': 'Eve\u001b[31m',
  DEL: 'Eve\u007f',
  'a C1 control': 'Eve\u0085Adam',
  'a line separator': 'Eve\u2028Adam',
  'a lone high surrogate': 'Eve\ud800',
  'a lone low surrogate': '\udc00Eve',
  'a right-to-left override': 'Eve\u202eevA',
  'a left-to-right embedding': '\u202aEve',
  'a first-strong isolate': 'Eve\u2068x\u2069',
  'a right-to-left mark': 'Eve\u200fAdam',
  'a left-to-right mark': 'Eve\u200e',
  'an Arabic letter mark': '\u061cEve',
};

/**
 * Format characters a one-line text refuses too (since 7 December 2026), as a probe saved them in a brand's name: free
 * text of several lines keeps them.
 */
const FORMAT_CHARACTERS = {
  'a zero-width space': 'Eve\u200bAdam',
  'a byte order mark': 'Eve\ufeffAdam',
  'a word joiner': 'Eve\u2060Adam',
  'an interlinear annotation anchor': 'Eve\ufff9Adam',
  'a tag letter': 'Eve\u{E0041}',
  'a soft hyphen': 'Eve\u00adAdam',
};

/** Text no field printed on one line takes. */
const NOT_ON_ONE_LINE = { ...NOT_ONE_LINE, ...FORMAT_CHARACTERS };

const aTakeBack = (customer: Record<string, string>, address: Record<string, string>) => ({
  quoteId: '01M7ZXYPY22CD95WFK5GDM66AR',
  customer: { name: 'Erika Mustermann', email: 'erika@example.org', ...customer },
  address: { street: 'Hauptstraße', houseNumber: '5', postalCode: '10115', city: 'Berlin', country: 'DE', ...address },
  payout: { method: 'BANK_TRANSFER', iban: 'DE89370400440532013000', accountHolder: 'Erika Mustermann' },
});

const issuesOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (result.error?.issues ?? []).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));

describe('the take-back request', () => {
  for (const [what, text] of Object.entries(NOT_ON_ONE_LINE)) {
    it(`refuses ${what} in the name, the street, the house number, the postal code and the city, at each field`, () => {
      // The house number and postal code are short: the characters that are not letters, between digits.
      const short = `5${text.replace(/[A-Za-z@. :]/g, '')}5`;
      const request = aTakeBack({ name: text }, { street: text, houseNumber: short, postalCode: short, city: text });
      const issues = issuesOf(TakeBackRequestSchema.safeParse(request, { error: issueWords }));
      expect(issues).toEqual(
        ['customer.name', 'address.street', 'address.houseNumber', 'address.postalCode', 'address.city'].map((path) => ({ path, message: ONE_LINE })),
      );
    });
  }

  it('refuses a control character in the account holder of a bank transfer', () => {
    const request = { ...aTakeBack({}, {}), payout: { method: 'BANK_TRANSFER', iban: 'DE89370400440532013000', accountHolder: 'Erika\r\nMustermann' } };
    expect(issuesOf(TakeBackRequestSchema.safeParse(request, { error: issueWords }))).toEqual([{ path: 'payout.accountHolder', message: ONE_LINE }]);
  });

  it('takes names and addresses in any script, with accents, emoji and a line break at either end trimmed', () => {
    const parsed = TakeBackRequestSchema.parse(aTakeBack({ name: '  Zoë Ǆurić 🌿\r\n' }, { street: 'شارع الملك', city: 'Αθήνα', houseNumber: '5 a' }));
    expect(parsed.customer.name).toBe('Zoë Ǆurić 🌿');
    expect(parsed.address).toMatchObject({ street: 'شارع الملك', city: 'Αθήνα', houseNumber: '5 a' });
  });

  it('keeps line breaks in the customer’s own words for the staff', () => {
    expect(TakeBackRequestSchema.parse({ ...aTakeBack({}, {}), reason: 'Screen cracked.\nBattery weak.' }).reason).toBe('Screen cracked.\nBattery weak.');
  });
});

describe("the customer's name, which every e-mail greets them by", () => {
  const NAME_WITH_ADDRESS = 'must be a name, without a web or e-mail address';

  it.each([
    'https://evil.example/refund',
    'Guten Tag hxxp://x',
    'WWW.Evil.example',
    'erika@example.org',
    'Erika @ Kasse',
    'evil.example/refund',
    'Konto prüfen: bank.example/login',
    // What the probe of the evening of 7 December 2026 got into the label e-mail's greeting.
    'evil.example:8080/refund',
    '1.2.3.4/refund',
    'evil.example?refund=1',
    'evil＠example.org',
    'ｗｗｗ．evil．example',
    'Erika refund-now.com',
    'Erika evil.de/refund',
    'Erika evil。com',
    'Erika evil.berlin:8080',
    'Erika t.co/refund',
    'Erika x.evil.de',
    'Erika (refund-now.com)',
    'Erika refund-now.io, Kundenservice',
  ])('refuses %j at customer.name, and at the name of a corrected return address', (name) => {
    expect(issuesOf(TakeBackRequestSchema.safeParse(aTakeBack({ name }, {}), { error: issueWords }))).toEqual([{ path: 'customer.name', message: NAME_WITH_ADDRESS }]);
    const returnAddress = { name, street: 'Hauptstraße', houseNumber: '5', postalCode: '10115', city: 'Berlin', country: 'DE' };
    expect(issuesOf(LabelRetryRequestSchema.safeParse({ returnAddress }, { error: issueWords }))).toEqual([{ path: 'returnAddress.name', message: NAME_WITH_ADDRESS }]);
  });

  it('reads the name as it shows: a soft hyphen or zero-width space does not part a host (the schema refuses them first anyway)', () => {
    expect(holdsWebOrEmailAddress('Erika ev\u00adil.com')).toBe(true);
    expect(holdsWebOrEmailAddress('Erika evil\u200b.com/refund')).toBe(true);
  });

  it.each([
    "Dr. Anne-Marie O'Neil",
    'J. R. R. Tolkien',
    'J.Smith',
    'Erika Mustermann c/o Müller GmbH',
    'St. Clair-Ørsted',
    'Zoë Ǆurić',
    '王小明',
    'Jürgen Groß-Wöhrle',
    // Refused as "a host with a path" until the evening of 7 December 2026.
    'H.Meier/K.Schulz',
    'A.Müller/B.Schmidt',
    'Schmidt c/o Abt.Einkauf/EDV',
    'St.Anna/Bergmann',
    'Dr. med. Jana Novák',
    'Dr.de Vries',
    'Maria da Silva',
    'W.Hu/L.Ma',
    'Y.Li',
    'Dr.de, Vries',
    'Display.Esprit Müller',
    'Anna Meier-Schulz/Ben Ito',
  ])(
    'takes the real name %j',
    (name) => {
      expect(TakeBackRequestSchema.parse(aTakeBack({ name }, {})).customer.name).toBe(name);
    },
  );
});

describe('the bank account entered again', () => {
  it('refuses a line break or a bidi override in the account holder, and takes the name as the bank shows it', () => {
    for (const accountHolder of ['Erika\nMustermann', 'Erika \u202eMustermann', 'Erika\u0000']) {
      expect(issuesOf(BankAccountEntrySchema.safeParse({ iban: 'DE89370400440532013000', accountHolder }, { error: issueWords })), JSON.stringify(accountHolder)).toEqual([
        { path: 'accountHolder', message: ONE_LINE },
      ]);
    }
    expect(BankAccountEntrySchema.parse({ iban: 'DE89370400440532013000', accountHolder: 'Ærøskøbing Ölwerke GmbH' }).accountHolder).toBe('Ærøskøbing Ölwerke GmbH');
  });
});

describe("the customer's return address corrected by staff for a label made again", () => {
  const address = { name: 'Erika Mustermann', street: 'Hauptstraße', houseNumber: '5', postalCode: '10115', city: 'Berlin', country: 'DE' };

  it('is held to the checks of the take-back request: one line each, within what DHL prints, a country code, every field', () => {
    const request = { returnAddress: { ...address, name: 'Eve\r\nBcc: x@example.com', street: 'x'.repeat(51), postalCode: '', country: 'Deutschland' } };
    expect(issuesOf(LabelRetryRequestSchema.safeParse(request, { error: issueWords })).map(({ path }) => path)).toEqual([
      'returnAddress.name',
      'returnAddress.street',
      'returnAddress.postalCode',
      'returnAddress.country',
    ]);
    const { city: _city, ...withoutCity } = address;
    expect(issuesOf(LabelRetryRequestSchema.safeParse({ returnAddress: withoutCity }, { error: issueWords })).map(({ path }) => path)).toEqual(['returnAddress.city']);
    expect(LabelRetryRequestSchema.parse({ returnAddress: { ...address, name: '  Zoë Ǆurić\n' } }).returnAddress?.name).toBe('Zoë Ǆurić');
    expect(LabelRetryRequestSchema.parse({})).toEqual({});
  });
});

describe('a repair partner and its reports', () => {
  const { partnerId: _id, brand: _brand, ...configuration } = demoRepairPartners[0]!;
  const report = (overrides: Record<string, unknown>) => ({ jobId: '01M97CPM81KP5CS0N6EFKGBZW5-R1', status: 'UNREPAIRABLE', ...overrides });

  for (const [what, text] of Object.entries(NOT_ON_ONE_LINE)) {
    it(`refuses ${what} in the partner's name, and in a reported part's SKU and name, at each field`, () => {
      expect(issuesOf(RepairPartnerRequestSchema.safeParse({ ...configuration, name: text }, { error: issueWords }))).toEqual([{ path: 'name', message: ONE_LINE }]);
      const parts = [{ sku: `SCR${text}`, name: text, quantity: 1, cost: { amount: 100, currency: 'EUR' } }];
      expect(issuesOf(PartnerReportSchema.safeParse(report({ status: 'COMPLETED', parts }), { error: issueWords }))).toEqual([
        { path: 'parts.0.sku', message: ONE_LINE },
        { path: 'parts.0.name', message: ONE_LINE },
      ]);
    });
  }

  it.each([
    ['a zero-width space', '\u200b'],
    ['joiners and a word joiner', '\u200c\u200d\u2060'],
    ['an invisible separator between no-break spaces', '\u00a0\u2063\u00a0'],
    ['a Hangul filler', '\u3164'],
    ['the Hangul choseong, jungseong and halfwidth fillers', '\u115f\u1160\uffa0'],
    ['the blank Braille pattern', '\u2800'],
    ['a variation selector', '\ufe0f'],
    ['a combining accent with nothing to sit on', '\u0301\u0308'],
  ])("refuses a partner's name of nothing but %s, which ledger lines would print as an empty name", (_, text) => {
    expect(issuesOf(RepairPartnerRequestSchema.safeParse({ ...configuration, name: text }, { error: issueWords }))).toEqual([{ path: 'name', message: 'must contain a visible character' }]);
    expect(RepairPartnerRequestSchema.safeParse({ ...configuration, name: `Gerätewerk\u00a0Berlin` }).success).toBe(true);
  });

  it('still reads a partner saved with a line break in its name, which its next save must correct', () => {
    const stored = { ...demoRepairPartners[0]!, name: 'Gerätewerk\r\nBerlin' };
    expect(StoredRepairPartnerSchema.parse(stored).name).toBe('Gerätewerk\r\nBerlin');
  });

  it("keeps the line breaks and tabs of a partner's notes, and refuses every other control character and bidi override in them", () => {
    expect(PartnerReportSchema.parse(report({ notes: 'Board corroded.\r\nBattery swollen:\n\t- cells 1 and 2' })).notes).toBe('Board corroded.\r\nBattery swollen:\n\t- cells 1 and 2');
    const { 'CR LF': _crlf, LF: _lf, tab: _tab, ...notLaidOut } = NOT_ONE_LINE;
    for (const [what, text] of Object.entries(notLaidOut)) {
      expect(issuesOf(PartnerReportSchema.safeParse(report({ notes: `Board corroded. ${text}` }), { error: issueWords })), what).toEqual([
        { path: 'notes', message: 'must not contain control characters other than line breaks and tabs' },
      ]);
    }
  });
});

describe("staff's and customers' own words: notes and reasons", () => {
  // Shown in the console and sent on (a grading's notes and checks reach the repair partner): laid out in lines, but
  // without control characters, lone surrogates or bidi overrides (until 7 December 2026 they were taken as typed).
  const PLAIN = 'must not contain control characters other than line breaks and tabs';
  const { 'CR LF': _crlf, LF: _lf, tab: _tab, ...notLaidOut } = NOT_ONE_LINE;
  const fields: [string, { safeParse: (value: unknown, params?: never) => { success: boolean } }, (text: string) => unknown, string][] = [
    ['a grading\'s notes', GradingRequestSchema, (text) => ({ grade: 'GOOD', notes: `Scratched. ${text}` }), 'notes'],
    ['a grading\'s check', GradingRequestSchema, (text) => ({ grade: 'GOOD', checks: { screen: `cracked ${text}` } }), 'checks.screen'],
    ['a rejection\'s notes', ParcelRejectionRequestSchema, (text) => ({ reason: 'EMPTY', notes: `Nothing in it. ${text}` }), 'notes'],
    ['a route override\'s reason', RouteOverrideRequestSchema, (text) => ({ route: 'RECYCLE', reason: `Too worn. ${text}` }), 'reason'],
    ['a buyer\'s return\'s notes', SaleReturnRequestSchema, (text) => ({ reason: 'DEFECTIVE', route: 'RECYCLE', notes: `Bent. ${text}` }), 'notes'],
    ['a cancellation\'s reason', TakeBackCancellationRequestSchema, (text) => ({ reason: `Customer called. ${text}` }), 'reason'],
    ['an erasure\'s reason', PersonalDataErasureRequestSchema, (text) => ({ reason: `Ticket 4711 ${text}` }), 'reason'],
    ['an erasure by e-mail\'s reason', CustomerErasureRequestSchema, (text) => ({ email: 'erika@example.org', reason: `Ticket 4711 ${text}` }), 'reason'],
    ['a take-back\'s reason', TakeBackRequestSchema, (text) => ({ ...aTakeBack({}, {}), reason: `Too small. ${text}` }), 'reason'],
  ];

  for (const [what, schema, body, path] of fields) {
    it(`refuses control and bidi characters in ${what}, at the field, and keeps its line breaks`, () => {
      for (const [kind, text] of Object.entries(notLaidOut)) {
        expect(issuesOf(schema.safeParse(body(text), { error: issueWords } as never) as never), kind).toEqual([{ path, message: PLAIN }]);
      }
      expect(schema.safeParse(body('Line one.\nLine two.')).success).toBe(true);
    });
  }
});

describe("a brand's texts printed on one line, on a save of its configuration", () => {
  // The brand's name goes into the sender and subject of every e-mail, the names of products, categories, return reasons
  // and answers into list rows and CSV cells, the DHL references into DHL's orders.
  const withTexts = (text: string, base: BrandCatalog = demoBrand): BrandCatalog => ({
    ...base,
    config: {
      ...base.config,
      name: `Demo ${text}`,
      carrier: { dhl: { ...base.config.carrier.dhl, receiverId: `deu${text}`, receiverIds: { AT: `aut${text}` } } },
      returnReasons: [{ code: 'too-small', label: `Too small${text}` }],
      categoryNames: { smartphone: `Phones${text}` },
    },
    products: base.products.map((product, index) => (index === 0 ? { ...product, name: `${product.name}${text}` } : product)),
    questions: base.questions.map((question, index) =>
      index === 0 ? { ...question, text: `${question.text}${text}`, options: question.options.map((option, at) => (at === 0 ? { ...option, label: `${option.label}${text}` } : option)) } : question,
    ),
  });
  const paths = ['config.name', 'config.carrier.dhl.receiverId', 'config.carrier.dhl.receiverIds.AT', 'config.returnReasons.0.label', 'config.categoryNames.smartphone', 'products.0.name', 'questions.0.text', 'questions.0.options.0.label'];

  for (const [what, text] of Object.entries(NOT_ON_ONE_LINE)) {
    it(`refuses ${what} in each, new or changed, at its field`, () => {
      const issues = textsNotOnOneLine(demoBrand, withTexts(text));
      expect(issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))).toEqual(paths.map((path) => ({ path, message: ONE_LINE })));
      expect(textsNotOnOneLine(undefined, withTexts(text))).toHaveLength(paths.length);
    });
  }

  it.each([
    ['only zero-width characters', '\u200b\u200c\u2060', 'must contain a visible character'],
    ['only tag characters', '\u{E0001}\u{E0041}\u{E0000}\u{E007F}', 'must contain a visible character'],
    ['only combining accents', '\u0301'.repeat(45), 'must contain a visible character'],
    ['45 combining accents on one letter', `Jacke${'\u0301'.repeat(45)}`, 'must not stack more than 30 combining marks on one character'],
  ])('refuses a product, category, question and answer named with %s, at its field', (_what, text, message) => {
    const named: BrandCatalog = {
      ...demoBrand,
      config: { ...demoBrand.config, name: text, categoryNames: { smartphone: text } },
      products: demoBrand.products.map((product, index) => (index === 0 ? { ...product, name: text } : product)),
      questions: demoBrand.questions.map((question, index) => (index === 0 ? { ...question, text, options: question.options.map((option, at) => (at === 0 ? { ...option, label: text } : option)) } : question)),
    };
    expect(BrandCatalogSchema.safeParse(named).success).toBe(true);
    const issues = textsNotOnOneLine(demoBrand, named);
    expect(issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))).toEqual(
      ['config.name', 'config.categoryNames.smartphone', 'products.0.name', 'questions.0.text', 'questions.0.options.0.label'].map((path) => ({ path, message })),
    );
  });

  it('takes a flag of tag characters and the accents a script needs', () => {
    expect(textsNotOnOneLine(demoBrand, withTexts(' \u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} Tiếng Việt'))).toEqual([]);
  });

  it('takes the joiners Persian, the Indic scripts and emoji sequences need, and the texts of several lines keep other format characters', () => {
    expect(textsNotOnOneLine(demoBrand, withTexts(' می\u200cخواهم क्\u200dष 👩\u200d💻'))).toEqual([]);
    const { offerRules } = demoBrand.config;
    const reason = { reason: '\ufeffPasted\u00ad from a document.' };
    const explained: BrandCatalog = { ...demoBrand, config: { ...demoBrand.config, offerRules: { ...offerRules, smartphone: { ...offerRules.smartphone!, LIKE_NEW: { ...offerRules.smartphone!.LIKE_NEW, acceptLoss: reason } } } } };
    expect(freeTextsNotPlain(demoBrand, explained)).toEqual([]);
  });

  it("refuses the probe's brand name, which would have added a Bcc to the label e-mail", () => {
    const probe = { ...demoBrand, config: { ...demoBrand.config, name: 'Probe\r\nBcc: x@example.com' } };
    expect(textsNotOnOneLine(demoBrand, probe)).toEqual([{ in: 'body', path: ['config', 'name'], message: ONE_LINE }]);
  });

  it('takes names in any script, and leaves a text the current version already has, which still parses', () => {
    expect(textsNotOnOneLine(demoBrand, withTexts(' Zoë Ǆurić 🌿 شارع'))).toEqual([]);
    // Saved before the check (7 December 2026): read as it is, and a save of another part is not held up by it.
    const before = withTexts('\r\nBcc: x@example.com');
    expect(BrandCatalogSchema.safeParse(before).success).toBe(true);
    expect(textsNotOnOneLine(before, { ...before, config: { ...before.config, quoteValidityDays: 30 } })).toEqual([]);
    // Changed, it is checked again.
    const changed = { ...before, config: { ...before.config, name: 'Demo\nGmbH' } };
    expect(textsNotOnOneLine(before, changed).map((issue) => issue.path)).toEqual([['config', 'name']]);
  });
});

describe("a brand's free texts over several lines, on a save of its configuration", () => {
  // The reason of each consent to lose money and an impact override's note are read as text of several lines: they keep
  // line breaks and tabs, as the same reason on a listing's price does, and refuse every other control character.
  const PLAIN = 'must not contain control characters other than line breaks and tabs';
  const { 'CR LF': _crlf, LF: _lf, tab: _tab, ...notLaidOut } = NOT_ONE_LINE;
  const because = (text: string) => ({ acceptLoss: { reason: `Launch campaign.\r\n\tBudget approved.${text}` } });
  const withReasons = (text: string, base: BrandCatalog = demoBrand): BrandCatalog => ({
    ...base,
    config: {
      ...base.config,
      offerRules: { ...base.config.offerRules, smartphone: { ...base.config.offerRules.smartphone!, LIKE_NEW: { minShare: 0.35, maxShare: 0.45, ...because(text) } } },
      payouts: {
        ...base.config.payouts!,
        rules: {
          ...base.config.payouts!.rules,
          tiers: {
            grade: { GOOD: { percent: 5, ...because(text) } },
            category: { smartphone: { fixed: 500, ...because(text) } },
            segment: { NEW: { percent: 3, ...because(text) } },
            voucher: { percent: 10, ...because(text) },
          },
        },
      },
      impactOverrides: [
        { category: 'jacket', avoidedKgCo2e: 12, basis: 'per item reused', unit: 'kg CO2e / item', year: 2024, source: 'own LCA', confidence: 'low', note: `Cradle to gate.\nSee the annex.${text}` },
      ],
    },
    products: base.products.map((product, index) => (index === 0 ? { ...product, tradeIn: { ...product.tradeIn, GOOD: { min: 30_000, max: 34_000, ...because(text) } } } : product)),
  });
  const paths = [
    'config.offerRules.smartphone.LIKE_NEW.acceptLoss.reason',
    'config.payouts.rules.tiers.grade.GOOD.acceptLoss.reason',
    'config.payouts.rules.tiers.category.smartphone.acceptLoss.reason',
    'config.payouts.rules.tiers.segment.NEW.acceptLoss.reason',
    'config.payouts.rules.tiers.voucher.acceptLoss.reason',
    'config.impactOverrides.0.note',
    'products.0.tradeIn.GOOD.acceptLoss.reason',
  ];

  for (const [what, text] of Object.entries(notLaidOut)) {
    it(`refuses ${what} in each, new or changed, at its field`, () => {
      const issues = freeTextsNotPlain(demoBrand, withReasons(text));
      expect(issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))).toEqual(paths.map((path) => ({ path, message: PLAIN })));
      expect(freeTextsNotPlain(undefined, withReasons(text))).toHaveLength(paths.length);
    });
  }

  it('keeps their line breaks and tabs, and the reasons the demo brand gives', () => {
    expect(BrandCatalogSchema.safeParse(withReasons('')).success).toBe(true);
    expect(freeTextsNotPlain(undefined, withReasons(''))).toEqual([]);
    expect(freeTextsNotPlain(undefined, demoBrand)).toEqual([]);
  });

  it('leaves a text the current version already has, which still parses, and checks it again once changed', () => {
    // Saved before the check (7 December 2026): read as it is, and a save of another part is not held up by it.
    const before = withReasons('\u0000\u202e');
    expect(BrandCatalogSchema.safeParse(before).success).toBe(true);
    expect(freeTextsNotPlain(before, { ...before, config: { ...before.config, quoteValidityDays: 30 } })).toEqual([]);
    const changed = { ...before, config: { ...before.config, impactOverrides: [{ ...before.config.impactOverrides![0]!, note: 'Own LCA\u001b[31m' }] } };
    expect(freeTextsNotPlain(before, changed).map((issue) => issue.path.join('.'))).toEqual(['config.impactOverrides.0.note']);
  });
});

describe('other names and reasons staff write', () => {
  for (const [what, text] of Object.entries(NOT_ON_ONE_LINE)) {
    it(`refuses ${what} in an API key's name and in the location of a parcel's receipt`, () => {
      expect(issuesOf(CreateApiKeyRequestSchema.safeParse({ name: `Shop ${text}` }, { error: issueWords }))).toEqual([{ path: 'name', message: ONE_LINE }]);
      expect(issuesOf(ReceiptRequestSchema.safeParse({ location: `Gate ${text}` }, { error: issueWords }))).toEqual([{ path: 'location', message: ONE_LINE }]);
    });
  }

  it('still reads an API key saved with a line break in its name', () => {
    const stored = { keyId: '01M7ZXYPY22CD95WFK5GDM66AR', keyHash: 'a'.repeat(64), brand: 'demo', name: 'Shop\r\ncheckout', createdAt: '2026-12-01T00:00:00.000Z' };
    expect(StoredApiKeySchema.parse(stored).name).toBe('Shop\r\ncheckout');
  });

  it("refuses control and bidi characters in the reason of a price that loses money, and keeps its line breaks", () => {
    const price = (reason: string) => ({ action: 'price', price: { amount: 100, currency: 'EUR' }, acceptLoss: { reason } });
    for (const text of ['Display model\u0000', 'Display \u202emodel']) {
      expect(issuesOf(ListingChangeRequestSchema.safeParse(price(text), { error: issueWords }))).toEqual([
        { path: 'acceptLoss.reason', message: 'must not contain control characters other than line breaks and tabs' },
      ]);
    }
    expect(ListingChangeRequestSchema.safeParse(price('Display model.\nCleared.')).success).toBe(true);
  });
});
