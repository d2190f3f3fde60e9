import { describe, expect, it } from 'vitest';
import { demoSepaDebtor } from '../../local/seed/demo-brand';
import { UnprocessableError, ValidationError } from '../../shared/domain/errors';
import { buildPain001, type Pain001Input, type SepaPayment } from '../../shared/domain/sepa-credit-transfer';
import { errorOf } from '../support/errors';

const aPayment = (overrides: Partial<SepaPayment> = {}): SepaPayment => ({
  endToEndId: '01JNRQ3Z7V4W9K2M5P8X6Y0T1C',
  amount: 22_885,
  currency: 'EUR',
  creditorName: 'Erika Mustermann',
  creditorIban: 'AT61 1904 3002 3457 3201',
  remittance: 'Kreislauf payout for your Trailphone X2',
  ...overrides,
});

const transfer = (overrides: Partial<Pain001Input> = {}): Pain001Input => ({
  messageId: 'PAYOUT-2026-03-02',
  createdAt: new Date('2026-03-02T08:00:00.123Z'),
  requestedExecutionDate: '2026-03-03',
  debtor: { name: 'Demo Outfitters GmbH', iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX' },
  payments: [aPayment()],
  ...overrides,
});

/** The text of every element with this path of names, e.g. `GrpHdr/CtrlSum`, in document order. */
function texts(xml: string, path: string): string[] {
  const names = path.split('/');
  const results: string[] = [];
  const open: string[] = [];
  for (const [, closing, name, text] of xml.matchAll(/<(\/?)([A-Za-z]+)[^>]*>|([^<]+)/g)) {
    if (name !== undefined) {
      if (closing) open.pop();
      else open.push(name);
    } else if (text !== undefined && open.slice(-names.length).join('/') === path && text.trim() !== '') {
      results.push(text);
    }
  }
  return results;
}

function text(xml: string, path: string): string | undefined {
  const [first, ...others] = texts(xml, path);
  expect(others).toEqual([]);
  return first;
}

/** Every tag closes the one opened last, and no text holds a stray <, > or &. */
function isWellFormed(xml: string): boolean {
  const body = xml.replace(/^<\?xml version="1.0" encoding="UTF-8"\?>\n/, '');
  const token = /<(\/?)([A-Za-z]+)(?: [A-Za-z]+="[^"<&]*")*>|([^<>&]+)/g;
  const open: string[] = [];
  let covered = 0;
  for (const match of body.matchAll(token)) {
    if (match.index !== covered) return false;
    covered += match[0].length;
    const [, closing, name] = match;
    if (name === undefined) continue;
    if (!closing) open.push(name);
    else if (open.pop() !== name) return false;
  }
  return covered === body.length && open.length === 0;
}

const pathsOf = (error: ValidationError | UnprocessableError) => error.issues.map((issue) => issue.path);

describe('buildPain001', () => {
  it('writes a well-formed pain.001.001.09 document', () => {
    const xml = buildPain001(transfer());

    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">')).toBe(true);
    expect(isWellFormed(xml)).toBe(true);
  });

  it('counts the payments and sums their amounts in the group header', () => {
    const xml = buildPain001(transfer({
      payments: [aPayment({ endToEndId: 'A', amount: 1_999 }), aPayment({ endToEndId: 'B', amount: 1 }), aPayment({ endToEndId: 'C', amount: 100_000 })],
    }));

    expect([text(xml, 'GrpHdr/NbOfTxs'), text(xml, 'GrpHdr/CtrlSum')]).toEqual(['3', '1020.00']);
  });

  it('repeats the count and the sum in the payment information', () => {
    const xml = buildPain001(transfer({ payments: [aPayment({ endToEndId: 'A', amount: 5 }), aPayment({ endToEndId: 'B', amount: 250 })] }));

    expect([text(xml, 'PmtInf/NbOfTxs'), text(xml, 'PmtInf/CtrlSum')]).toEqual(['2', '2.55']);
  });

  it('sums cents exactly where floats would not', () => {
    const xml = buildPain001(transfer({ payments: [aPayment({ endToEndId: 'A', amount: 10 }), aPayment({ endToEndId: 'B', amount: 20 })] }));

    // 0.1 + 0.2 is 0.30000000000000004 in floats
    expect(text(xml, 'GrpHdr/CtrlSum')).toBe('0.30');
  });

  it('writes the largest amount SEPA carries to the cent', () => {
    const xml = buildPain001(transfer({ payments: [aPayment({ amount: 99_999_999_999 })] }));

    expect(text(xml, 'InstdAmt')).toBe('999999999.99');
  });

  it('stamps the creation time to the second in UTC', () => {
    expect(text(buildPain001(transfer()), 'GrpHdr/CreDtTm')).toBe('2026-03-02T08:00:00Z');
  });

  it('writes the message id and the brand as initiating party', () => {
    const xml = buildPain001(transfer());

    expect([text(xml, 'GrpHdr/MsgId'), text(xml, 'InitgPty/Nm')]).toEqual(['PAYOUT-2026-03-02', 'Demo Outfitters GmbH']);
  });

  it('asks for one SEPA transfer batch with shared charges on the requested day', () => {
    const xml = buildPain001(transfer());

    expect({
      id: text(xml, 'PmtInf/PmtInfId'),
      method: text(xml, 'PmtInf/PmtMtd'),
      batch: text(xml, 'PmtInf/BtchBookg'),
      serviceLevel: text(xml, 'PmtTpInf/SvcLvl/Cd'),
      executionDate: text(xml, 'ReqdExctnDt/Dt'),
      charges: text(xml, 'PmtInf/ChrgBr'),
      blocks: texts(xml, 'PmtInf/PmtMtd').length,
    }).toEqual({
      id: 'PAYOUT-2026-03-02',
      method: 'TRF',
      batch: 'true',
      serviceLevel: 'SEPA',
      executionDate: '2026-03-03',
      charges: 'SLEV',
      blocks: 1,
    });
  });

  it('debits the brand’s account at its bank', () => {
    const xml = buildPain001(transfer());

    expect([text(xml, 'Dbtr/Nm'), text(xml, 'DbtrAcct/Id/IBAN'), text(xml, 'DbtrAgt/FinInstnId/BICFI')]).toEqual([
      'Demo Outfitters GmbH',
      'DE89370400440532013000',
      'COBADEFFXXX',
    ]);
  });

  it('says NOTPROVIDED for the bank of a brand that gave no BIC', () => {
    const xml = buildPain001(transfer({ debtor: { name: 'Demo Outfitters GmbH', iban: 'DE89370400440532013000' } }));

    expect([text(xml, 'DbtrAgt/FinInstnId/Othr/Id'), texts(xml, 'BICFI')]).toEqual(['NOTPROVIDED', []]);
  });

  it('writes each payment with its reference, amount in EUR, creditor, IBAN and remittance text', () => {
    const xml = buildPain001(transfer());

    expect({
      endToEndId: text(xml, 'CdtTrfTxInf/PmtId/EndToEndId'),
      amount: text(xml, 'CdtTrfTxInf/Amt/InstdAmt'),
      currency: /<InstdAmt Ccy="([A-Z]{3})">/.exec(xml)?.[1],
      creditor: text(xml, 'CdtTrfTxInf/Cdtr/Nm'),
      iban: text(xml, 'CdtTrfTxInf/CdtrAcct/Id/IBAN'),
      remittance: text(xml, 'CdtTrfTxInf/RmtInf/Ustrd'),
    }).toEqual({
      endToEndId: '01JNRQ3Z7V4W9K2M5P8X6Y0T1C',
      amount: '228.85',
      currency: 'EUR',
      creditor: 'Erika Mustermann',
      iban: 'AT611904300234573201',
      remittance: 'Kreislauf payout for your Trailphone X2',
    });
  });

  it('writes the payments in the order given', () => {
    const xml = buildPain001(transfer({ payments: [aPayment({ endToEndId: 'FIRST' }), aPayment({ endToEndId: 'SECOND' })] }));

    expect(texts(xml, 'EndToEndId')).toEqual(['FIRST', 'SECOND']);
  });

  it.each([
    ['Jürgen Müller', 'Juergen Mueller'],
    ['Ärger Öl Übersee', 'Aerger Oel Uebersee'],
    ['HANS MÜLLER', 'HANS MUELLER'],
    ['Straße', 'Strasse'],
    ['François Hélène Nuñez', 'Francois Helene Nunez'],
    ['Łukasz Wójcik, Łódź', 'Lukasz Wojcik, Lodz'],
    ['Søren Ærø', 'Soren Aero'],
    ['Siobhán O’Brien', "Siobhan O'Brien"],
  ])('writes the creditor %s in the SEPA character set as %s', (name, written) => {
    expect(text(buildPain001(transfer({ payments: [aPayment({ creditorName: name })] })), 'Cdtr/Nm')).toBe(written);
  });

  it('turns & into + and drops < and >, so no markup reaches the document', () => {
    const xml = buildPain001(transfer({ payments: [aPayment({ creditorName: 'Müller & Söhne <GmbH>' })] }));

    expect(text(xml, 'Cdtr/Nm')).toBe('Mueller + Soehne GmbH');
    expect(isWellFormed(xml)).toBe(true);
  });

  it('replaces quotes, dashes and other characters outside the SEPA set in the remittance text', () => {
    const xml = buildPain001(transfer({ payments: [aPayment({ remittance: 'Payout “Trailphone” – order #42 @ 100%\nthanks' })] }));

    expect(text(xml, 'Ustrd')).toBe("Payout 'Trailphone' - order 42 100 thanks");
  });

  it('keeps names that are exactly 70 characters after spelling out umlauts', () => {
    const name = `${'A'.repeat(68)}ü`;

    expect(text(buildPain001(transfer({ payments: [aPayment({ creditorName: name })] })), 'Cdtr/Nm')).toHaveLength(70);
  });

  it('writes the demo brand’s account as a valid debtor', () => {
    expect(text(buildPain001(transfer({ debtor: demoSepaDebtor })), 'DbtrAcct/Id/IBAN')).toBe('DE89370400440532013000');
  });

  describe('refuses malformed input with a ValidationError', () => {
    it('for a creditor name longer than 70 characters once umlauts are spelled out', () => {
      const error = errorOf(ValidationError, () =>
        buildPain001(transfer({ payments: [aPayment({ creditorName: `${'A'.repeat(69)}ü` })] })),
      );

      expect(error.issues).toEqual([
        { path: ['payments', 0, 'creditorName'], message: 'At most 70 characters, but this has 71 in the SEPA character set' },
      ]);
    });

    it('for a remittance text longer than 140 characters', () => {
      const error = errorOf(ValidationError, () => buildPain001(transfer({ payments: [aPayment({ remittance: 'x'.repeat(141) })] })));

      expect(pathsOf(error)).toEqual([['payments', 0, 'remittance']]);
    });

    it('for a debtor name longer than 70 characters', () => {
      const error = errorOf(ValidationError, () =>
        buildPain001(transfer({ debtor: { ...transfer().debtor, name: 'D'.repeat(71) } })),
      );

      expect(pathsOf(error)).toEqual([['debtor', 'name']]);
    });

    it('for a name with no character of the SEPA set', () => {
      const error = errorOf(ValidationError, () => buildPain001(transfer({ payments: [aPayment({ creditorName: 'Σωκράτης' })] })));

      expect(pathsOf(error)).toEqual([['payments', 0, 'creditorName']]);
    });

    it.each([
      ['longer than 35 characters', 'E'.repeat(36)],
      ['empty', ''],
      ['with a character outside the SEPA set', 'payout_42'],
      ['starting with a slash', '/42'],
      ['ending with a slash', '42/'],
      ['with two slashes in a row', '4//2'],
    ])('for an end-to-end id %s', (_, endToEndId) => {
      const error = errorOf(ValidationError, () => buildPain001(transfer({ payments: [aPayment({ endToEndId })] })));

      expect(pathsOf(error)).toEqual([['payments', 0, 'endToEndId']]);
    });

    it('for a message id longer than 35 characters', () => {
      const error = errorOf(ValidationError, () => buildPain001(transfer({ messageId: 'M'.repeat(36) })));

      expect(pathsOf(error)).toEqual([['messageId']]);
    });

    it('for a creditor IBAN with a wrong check digit, saying so', () => {
      const error = errorOf(ValidationError, () =>
        buildPain001(transfer({ payments: [aPayment({ creditorIban: 'AT61 1904 3002 3457 3202' })] })),
      );

      expect(error.issues).toEqual([
        { path: ['payments', 0, 'creditorIban'], message: 'The check digits of the IBAN do not match: a character is mistyped' },
      ]);
    });

    it('for an invalid debtor IBAN', () => {
      const error = errorOf(ValidationError, () => buildPain001(transfer({ debtor: { name: 'Demo', iban: 'DE89' } })));

      expect(pathsOf(error)).toEqual([['debtor', 'iban']]);
    });

    it('for a malformed BIC', () => {
      const error = errorOf(ValidationError, () => buildPain001(transfer({ debtor: { ...transfer().debtor, bic: 'cobadeff' } })));

      expect(pathsOf(error)).toEqual([['debtor', 'bic']]);
    });

    it('for an amount that is not whole cents', () => {
      const error = errorOf(ValidationError, () => buildPain001(transfer({ payments: [aPayment({ amount: 228.85 })] })));

      expect(pathsOf(error)).toEqual([['payments', 0, 'amount']]);
    });

    it.each(['2026-02-30', '03.03.2026', '2026-3-3'])('for the execution date %s', (requestedExecutionDate) => {
      const error = errorOf(ValidationError, () => buildPain001(transfer({ requestedExecutionDate })));

      expect(pathsOf(error)).toEqual([['requestedExecutionDate']]);
    });

    it('for a file without payments', () => {
      const error = errorOf(ValidationError, () => buildPain001(transfer({ payments: [] })));

      expect(error.issues).toEqual([{ path: ['payments'], message: 'A credit transfer needs at least one payment' }]);
    });

    it('listing every malformed field at once', () => {
      const error = errorOf(ValidationError, () =>
        buildPain001(transfer({
          messageId: '',
          payments: [aPayment(), aPayment({ endToEndId: 'x'.repeat(36), creditorIban: 'XX00' })],
        })),
      );

      expect(pathsOf(error)).toEqual([['messageId'], ['payments', 1, 'endToEndId'], ['payments', 1, 'creditorIban']]);
    });
  });

  describe('refuses what SEPA cannot carry with an UnprocessableError', () => {
    it('for a payment in another currency than EUR', () => {
      const error = errorOf(UnprocessableError, () => buildPain001(transfer({ payments: [aPayment({ currency: 'CHF' })] })));

      expect(error.issues).toEqual([{ path: ['payments', 0, 'currency'], message: 'SEPA credit transfers are in EUR, not CHF' }]);
    });

    it.each([0, -1, 100_000_000_000])('for an amount of %s cents', (amount) => {
      const error = errorOf(UnprocessableError, () => buildPain001(transfer({ payments: [aPayment({ amount })] })));

      expect(pathsOf(error)).toEqual([['payments', 0, 'amount']]);
    });

    it('for a creditor account in a country outside SEPA', () => {
      const error = errorOf(UnprocessableError, () =>
        buildPain001(transfer({ payments: [aPayment({ creditorIban: 'TR33 0006 1005 1978 6457 8413 26' })] })),
      );

      expect(error.issues).toEqual([{ path: ['payments', 0, 'creditorIban'], message: 'SEPA does not reach accounts in TR' }]);
    });

    it('for a debtor account in a country outside SEPA', () => {
      const error = errorOf(UnprocessableError, () =>
        buildPain001(transfer({ debtor: { name: 'Demo', iban: 'TR33 0006 1005 1978 6457 8413 26' } })),
      );

      expect(pathsOf(error)).toEqual([['debtor', 'iban']]);
    });

    it('for an end-to-end id used twice, which would pay one customer twice', () => {
      const error = errorOf(UnprocessableError, () => buildPain001(transfer({ payments: [aPayment(), aPayment()] })));

      expect(pathsOf(error)).toEqual([['payments', 1, 'endToEndId']]);
    });

    it('for an execution date before the day the file is created', () => {
      const error = errorOf(UnprocessableError, () => buildPain001(transfer({ requestedExecutionDate: '2026-03-01' })));

      expect(pathsOf(error)).toEqual([['requestedExecutionDate']]);
    });
  });

  it('accepts an execution date on the day the file is created', () => {
    expect(text(buildPain001(transfer({ requestedExecutionDate: '2026-03-02' })), 'ReqdExctnDt/Dt')).toBe('2026-03-02');
  });
});
