/**
 * SEPA credit-transfer files that pay customers who chose a bank transfer: an ISO 20022
 * `pain.001.001.09` customer credit-transfer initiation, the 2019 message version that the EPC's
 * SEPA Credit Transfer rulebook has required since its 2023 edition (EPC132-08, in force since
 * 17 March 2024). A brand uploads the file to its bank; the bank pays every customer in it.
 */
import { UnprocessableError, ValidationError, type FieldIssue } from './errors';
import { isSepaCountry, validateIban } from './iban';
import { sepaCarriesAmount } from './sepa-amounts';
import { SEPA_CHARACTERS, SEPA_NAME_LENGTH as NAME_LENGTH, SEPA_REMITTANCE_LENGTH as REMITTANCE_LENGTH, toSepaCharacters } from './sepa-text';

const NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09';
const IDENTIFIER_LENGTH = 35;
/** ISO 9362 business identifier code, as the pain.001.001.09 schema restricts it. */
const BIC = /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;


export interface SepaDebtor {
  /** The account holder: the brand's legal name. */
  name: string;
  iban: string;
  /** The bank's BIC; without it the file says NOTPROVIDED and the bank finds itself by the IBAN. */
  bic?: string;
}

export interface SepaPayment {
  /** The payer's reference for this one payment, returned in every status and return message. */
  endToEndId: string;
  /** Minor units. */
  amount: number;
  /** ISO 4217; SEPA credit transfers are in EUR only. */
  currency: string;
  creditorName: string;
  creditorIban: string;
  /** The text on the customer's bank statement. */
  remittance: string;
}

export interface Pain001Input {
  /** Unique per file for the brand's bank; the one payment-information block carries it too. */
  messageId: string;
  createdAt: Date;
  /** YYYY-MM-DD, the day the brand's bank should debit its account. */
  requestedExecutionDate: string;
  debtor: SepaDebtor;
  payments: SepaPayment[];
}

/**
 * The XML document of a SEPA credit transfer from the brand's account to each payment's creditor,
 * booked as one batch. Names and remittance texts are converted to the SEPA Latin character set:
 * umlauts and ß are spelled out (ä → ae, ß → ss), accents dropped (é → e), & becomes +, typographic
 * quotes and dashes become ' and -, and any other character a space. Identifiers are never changed,
 * since the bank reports them back: one outside the character set is refused.
 *
 * @throws ValidationError listing every malformed field: identifiers (at most 35 characters of the
 *   SEPA set, not starting or ending with / and without //), names (70) and remittance texts (140)
 *   too long or empty after conversion, amounts that are not whole minor units, invalid IBANs, BIC
 *   or dates, and a file without payments.
 * @throws UnprocessableError listing what SEPA refuses in well-formed input: another currency than
 *   EUR, an amount outside 0.01 to 999,999,999.99, an IBAN of a country outside SEPA, an
 *   end-to-end id used twice, and an execution date before the file was created.
 * @example
 * buildPain001({
 *   messageId: 'PAYOUT-2026-03-02',
 *   createdAt: new Date('2026-03-02T08:00:00Z'),
 *   requestedExecutionDate: '2026-03-03',
 *   debtor: { name: 'Demo Outfitters GmbH', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' },
 *   payments: [{
 *     endToEndId: '01JNRQ3Z7V4W9K2M5P8X6Y0T1C', amount: 22_885, currency: 'EUR',
 *     creditorName: 'Jürgen Müller', creditorIban: 'AT61 1904 3002 3457 3201',
 *     remittance: 'Kreislauf payout for your Trailphone X2',
 *   }],
 * });
 * // '<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">…'
 */
export function buildPain001(input: Pain001Input): string {
  const transfer = checkedTransfer(input);
  refuseWhatSepaCannotCarry(input, transfer);

  const total = transfer.payments.reduce((sum, payment) => sum + BigInt(payment.amount), 0n);
  const count = String(transfer.payments.length);
  const document = element('Document', [
    element('CstmrCdtTrfInitn', [
      element('GrpHdr', [
        element('MsgId', input.messageId),
        element('CreDtTm', input.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z')),
        element('NbOfTxs', count),
        element('CtrlSum', decimal(total)),
        element('InitgPty', [element('Nm', transfer.debtorName)]),
      ]),
      element('PmtInf', [
        element('PmtInfId', input.messageId),
        element('PmtMtd', 'TRF'),
        // One debit of the total on the brand's statement instead of one line per customer.
        element('BtchBookg', 'true'),
        element('NbOfTxs', count),
        element('CtrlSum', decimal(total)),
        element('PmtTpInf', [element('SvcLvl', [element('Cd', 'SEPA')])]),
        element('ReqdExctnDt', [element('Dt', input.requestedExecutionDate)]),
        element('Dbtr', [element('Nm', transfer.debtorName)]),
        element('DbtrAcct', [element('Id', [element('IBAN', transfer.debtorIban)])]),
        element('DbtrAgt', [
          element('FinInstnId', [
            input.debtor.bic === undefined
              ? element('Othr', [element('Id', 'NOTPROVIDED')])
              : element('BICFI', input.debtor.bic),
          ]),
        ]),
        element('ChrgBr', 'SLEV'),
        ...transfer.payments.map((payment) =>
          element('CdtTrfTxInf', [
            element('PmtId', [element('EndToEndId', payment.endToEndId)]),
            element('Amt', [element('InstdAmt', decimal(BigInt(payment.amount)), { Ccy: 'EUR' })]),
            element('Cdtr', [element('Nm', payment.creditorName)]),
            element('CdtrAcct', [element('Id', [element('IBAN', payment.creditorIban)])]),
            element('RmtInf', [element('Ustrd', payment.remittance)]),
          ]),
        ),
      ]),
    ]),
  ], { xmlns: NAMESPACE });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(document)}\n`;
}

interface CheckedTransfer {
  debtorName: string;
  debtorIban: string;
  debtorCountry: string;
  payments: (SepaPayment & { creditorCountry: string })[];
}

function checkedTransfer(input: Pain001Input): CheckedTransfer {
  const issues: FieldIssue[] = [];
  checkIdentifier(input.messageId, ['messageId'], issues);
  if (Number.isNaN(input.createdAt.getTime())) {
    issues.push({ path: ['createdAt'], message: 'Expected a valid date and time' });
  }
  if (!isCalendarDate(input.requestedExecutionDate)) {
    issues.push({ path: ['requestedExecutionDate'], message: 'Expected a date as YYYY-MM-DD' });
  }
  const debtorName = sepaText(input.debtor.name, NAME_LENGTH, ['debtor', 'name'], issues);
  const debtorIban = checkIban(input.debtor.iban, ['debtor', 'iban'], issues);
  if (input.debtor.bic !== undefined && !BIC.test(input.debtor.bic)) {
    issues.push({ path: ['debtor', 'bic'], message: `"${input.debtor.bic}" is not a BIC (8 or 11 upper-case letters and digits)` });
  }
  if (input.payments.length === 0) {
    issues.push({ path: ['payments'], message: 'A credit transfer needs at least one payment' });
  }
  const payments = input.payments.map((payment, index) => {
    checkIdentifier(payment.endToEndId, ['payments', index, 'endToEndId'], issues);
    if (!Number.isSafeInteger(payment.amount)) {
      issues.push({ path: ['payments', index, 'amount'], message: 'Expected a whole number of minor units' });
    }
    const creditorIban = checkIban(payment.creditorIban, ['payments', index, 'creditorIban'], issues);
    return {
      ...payment,
      creditorName: sepaText(payment.creditorName, NAME_LENGTH, ['payments', index, 'creditorName'], issues),
      creditorIban: creditorIban?.iban ?? payment.creditorIban,
      creditorCountry: creditorIban?.country ?? '',
      remittance: sepaText(payment.remittance, REMITTANCE_LENGTH, ['payments', index, 'remittance'], issues),
    };
  });

  if (issues.length > 0) {
    throw new ValidationError('The credit transfer has malformed fields', issues);
  }
  return {
    debtorName,
    debtorIban: debtorIban?.iban ?? input.debtor.iban,
    debtorCountry: debtorIban?.country ?? '',
    payments,
  };
}

function refuseWhatSepaCannotCarry(input: Pain001Input, transfer: CheckedTransfer): void {
  const issues: FieldIssue[] = [];
  if (!isSepaCountry(transfer.debtorCountry)) {
    issues.push({ path: ['debtor', 'iban'], message: `SEPA does not reach accounts in ${transfer.debtorCountry}` });
  }
  if (input.requestedExecutionDate < input.createdAt.toISOString().slice(0, 10)) {
    issues.push({ path: ['requestedExecutionDate'], message: 'The execution date is before the day the file is created' });
  }
  const seen = new Set<string>();
  transfer.payments.forEach((payment, index) => {
    if (payment.currency !== 'EUR') {
      issues.push({ path: ['payments', index, 'currency'], message: `SEPA credit transfers are in EUR, not ${payment.currency}` });
    }
    if (!sepaCarriesAmount(payment.amount)) {
      issues.push({ path: ['payments', index, 'amount'], message: 'A SEPA credit transfer carries 0.01 to 999999999.99' });
    }
    if (!isSepaCountry(payment.creditorCountry)) {
      issues.push({ path: ['payments', index, 'creditorIban'], message: `SEPA does not reach accounts in ${payment.creditorCountry}` });
    }
    if (seen.has(payment.endToEndId)) {
      issues.push({ path: ['payments', index, 'endToEndId'], message: `"${payment.endToEndId}" is already used by another payment of this file` });
    }
    seen.add(payment.endToEndId);
  });
  if (issues.length > 0) {
    throw new UnprocessableError('SEPA cannot carry this credit transfer', issues);
  }
}

function checkIdentifier(value: string, path: (string | number)[], issues: FieldIssue[]): void {
  const wellFormed =
    value.length >= 1 &&
    value.length <= IDENTIFIER_LENGTH &&
    SEPA_CHARACTERS.test(value) &&
    !value.startsWith('/') &&
    !value.endsWith('/') &&
    !value.includes('//');
  if (!wellFormed) {
    issues.push({
      path,
      message: `Expected 1 to ${IDENTIFIER_LENGTH} letters, digits, spaces or / - ? : ( ) . , ' +, not starting or ending with / and without //`,
    });
  }
}

function checkIban(iban: string, path: (string | number)[], issues: FieldIssue[]) {
  try {
    return validateIban(iban, path);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    issues.push(...error.issues);
    return undefined;
  }
}

function sepaText(value: string, maxLength: number, path: (string | number)[], issues: FieldIssue[]): string {
  const converted = toSepaCharacters(value);
  if (converted === '') {
    issues.push({ path, message: 'Expected text with letters or digits of the SEPA character set' });
  } else if (converted.length > maxLength) {
    // Names are personal data that error logs must not hold, so only the length is told.
    issues.push({ path, message: `At most ${maxLength} characters, but this has ${converted.length} in the SEPA character set` });
  }
  return converted;
}

function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  // Date.UTC rolls 30 February over into March, which the round trip catches.
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function decimal(minorUnits: bigint): string {
  return `${minorUnits / 100n}.${String(minorUnits % 100n).padStart(2, '0')}`;
}

interface XmlElement {
  name: string;
  content: string | XmlElement[];
  attributes: Record<string, string>;
}

function element(name: string, content: string | XmlElement[], attributes: Record<string, string> = {}): XmlElement {
  return { name, content, attributes };
}

/**
 * Writes the element tree without escaping: every text and attribute value is either a constant,
 * or was checked or converted to the SEPA character set, which holds none of & < > ".
 */
function render({ name, content, attributes }: XmlElement, indent = ''): string {
  const opening = `${name}${Object.entries(attributes).map(([key, value]) => ` ${key}="${value}"`).join('')}`;
  if (typeof content === 'string') return `${indent}<${opening}>${content}</${name}>`;
  return [`${indent}<${opening}>`, ...content.map((child) => render(child, `${indent}  `)), `${indent}</${name}>`].join('\n');
}
