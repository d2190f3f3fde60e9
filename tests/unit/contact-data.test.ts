import { describe, expect, it } from 'vitest';
import { contactDataIn, namesAddress } from '../../shared/domain/contact-data';
import { issueWords } from '../../shared/http/issue-words';
import { PartnerReportSchema } from '../../shared/schemas/repair';
import { PriceAcceptLossSchema } from '../../shared/schemas/resale-api';
import {
  CustomerErasureRequestSchema,
  GradingRequestSchema,
  ParcelRejectionRequestSchema,
  PersonalDataErasureRequestSchema,
  ReceiptRequestSchema,
  RouteOverrideRequestSchema,
  SaleReturnRequestSchema,
  TakeBackCancellationRequestSchema,
} from '../../shared/schemas/staff';
import { issueInGerman } from '../../web/src/ui/issue-words-de';

describe('contact data in free text', () => {
  it.each([
    ['Request of reason.x@example.org', 'EMAIL_ADDRESS'],
    ['Carla called, write to CARLA.M@EXAMPLE.ORG', 'EMAIL_ADDRESS'],
    ['carla (at) example (dot) org', 'EMAIL_ADDRESS'],
    ['carla[at]example.org', 'EMAIL_ADDRESS'],
    ['carla @ example.org', 'EMAIL_ADDRESS'],
    ['carla＠example．org', 'EMAIL_ADDRESS'],
    ['Pay to DE02120300000000202051', 'IBAN'],
    ['Pay to de02 1203 0000 0000 2020 51 please', 'IBAN'],
    ['Carla called from +49 151 2345 6789', 'PHONE_NUMBER'],
    ['Rückruf +49 (0)30 1234567', 'PHONE_NUMBER'],
  ])('finds it in %j', (text, kind) => {
    expect(contactDataIn(text)).toBe(kind);
  });

  it.each([
    'Ticket 4711, Art. 17 request of 2026-12-07',
    'Display cracked, battery at 87 %, +5 points for the box',
    'IMEI 356938035643809, shipment 00340434161094042557, EAN 0012345678905',
    'IBAN check digits wrong: DE02 1203 0000 0000 2020 52',
    'Meeting @ 10:00 with the warehouse',
    'Serial AB12CDEF3456789012',
    // What cannot be told from other words and numbers: a name and a national phone number.
    'Carla Mustermann called from 030 1234567',
  ])('finds none in %j', (text) => {
    expect(contactDataIn(text)).toBeUndefined();
  });

  // What the probe of the evening of 7 December 2026 got past the check: format characters inside, other spellings.
  it.each([
    ['carla.k@exam\u00adple.org', 'EMAIL_ADDRESS'],
    ['carla.k@exam\u200bple.org', 'EMAIL_ADDRESS'],
    ['info(a)firma.de', 'EMAIL_ADDRESS'],
    ['x @ example . org', 'EMAIL_ADDRESS'],
    ['x@example[.]org', 'EMAIL_ADDRESS'],
    ['x -at- example.org', 'EMAIL_ADDRESS'],
    ['x@example\u3002org', 'EMAIL_ADDRESS'],
    ['x[@]example(.)org', 'EMAIL_ADDRESS'],
    ['DE89\u00ad370400440532013000', 'IBAN'],
    ['DE89\t3704\t0044\t0532\t0130\t00', 'IBAN'],
    ['Ticket AB12 DE89370400440532013000', 'IBAN'],
    ['Rückruf (+49) 30 1234567', 'PHONE_NUMBER'],
    ['Call +1 (555) 123-4567', 'PHONE_NUMBER'],
    ['Rückruf +49 (30) 1234567', 'PHONE_NUMBER'],
    ['Rückruf +49  30  1234567', 'PHONE_NUMBER'],
    ['Rückruf +49 30 \u2013 1234567', 'PHONE_NUMBER'],
    ['Rückruf +49–30–1234567', 'PHONE_NUMBER'],
    ['Tel+49 30 1234567', 'PHONE_NUMBER'],
    ['Rückruf +49 30 1234567 am 12.12.2026', 'PHONE_NUMBER'],
    ['Rückruf +4930\u00ad1234567', 'PHONE_NUMBER'],
  ])('finds it in the probe\'s %j (since the evening of 7 December 2026)', (text, kind) => {
    expect(contactDataIn(text)).toBe(kind);
  });

  // What the probe found refused that staff write: serial, batch and article numbers, signed values, spaced @s.
  it.each([
    '{"serial":"0012-3456-78"}',
    'S/N 0023-4567-8901',
    'Charge 0015 2233 44',
    'EAN 0012345 678905',
    'Rückruf 0049 30 1234567',
    'Akku +2 12.12.2026',
    'Temperatur +20 30 40 50 60',
    'Gewicht +12.345.678 g',
    'Gewicht +12.345.678',
    'Preis +1 234 567 890 €',
    'Kratzer @ Display.Rand',
    'x @Lager.Nord',
    'Variante (a) Display, (b) Akku',
    'Display ok. Es fehlt die Hülle',
    'Kratzer @ Display. Es ist alles ok',
    'IMEI 356938035643809, DHL 00340434161094042557, JJD1234567890, A2342',
    'Preis +49,90 €, Display 6.1", SKU IPH-13-128-BLK',
    'Support: https://support.example.org/kb/4711',
  ])('finds none in %j (since the evening of 7 December 2026)', (text) => {
    expect(contactDataIn(text)).toBeUndefined();
  });

  it("tells an erasure's reference that names the customer by their address, or the part before the @, in any case", () => {
    expect(namesAddress('Request of REASON.X', 'reason.x@example.org')).toBe(true);
    expect(namesAddress('Ticket from reason.x (at) example.org', 'reason.x@example.org')).toBe(true);
    expect(namesAddress('Anfrage von Erika, Ticket 4711', 'erika@example.org')).toBe(true);
    expect(namesAddress('Ticket 4711', 'reason.x@example.org')).toBe(false);
    expect(namesAddress('Ticket 4711, Jo', 'jo@example.org')).toBe(false);
    // A soft hyphen inside the local part hid it until the evening of 7 December 2026.
    expect(namesAddress('Anfrage von in2cap\u00ad1796682685', 'in2cap1796682685@example.org')).toBe(true);
    expect(namesAddress('Anfrage von reason.x -at- example . org', 'reason.x@example.org')).toBe(true);
  });
});

/** The messages a schema writes for `input`, with their paths, as the API sends them. */
const refusals = (schema: { safeParse: (input: unknown, options: object) => { error?: { issues: { path: PropertyKey[]; message: string }[] } } }, input: unknown) =>
  (schema.safeParse(input, { error: issueWords }).error?.issues ?? []).map(({ path, message }) => ({ path, message }));

describe('the free texts that go into events refuse contact data at their field (since 7 December 2026)', () => {
  const email = { message: 'must not contain an e-mail address' };

  it('refuses it in the erasure references, and the customer\'s own address in any spelling', () => {
    expect(refusals(CustomerErasureRequestSchema, { email: 'reason.x@example.org', reason: 'Request of reason.x@example.org' })).toEqual([{ path: ['reason'], ...email }]);
    expect(refusals(CustomerErasureRequestSchema, { email: 'reason.x@example.org', reason: 'Request of Reason.X' })).toEqual([{ path: ['reason'], message: "must not contain the customer's e-mail address" }]);
    expect(refusals(CustomerErasureRequestSchema, { email: 'reason.x@example.org', reason: 'Ticket 4711' })).toEqual([]);
    expect(refusals(PersonalDataErasureRequestSchema, { reason: 'Ticket 4711, x@example.org' })).toEqual([{ path: ['reason'], ...email }]);
  });

  it('refuses it in the reasons and notes of the staff and the repair partners', () => {
    const carla = 'Carla M. called from x@example.org';
    expect(refusals(TakeBackCancellationRequestSchema, { reason: carla })).toEqual([{ path: ['reason'], ...email }]);
    expect(refusals(RouteOverrideRequestSchema, { route: 'RECYCLE', reason: 'Refund to DE02120300000000202051' })).toEqual([{ path: ['reason'], message: 'must not contain an IBAN' }]);
    expect(refusals(GradingRequestSchema, { grade: 'GOOD', notes: 'Owner: +49 151 2345 6789' })).toEqual([{ path: ['notes'], message: 'must not contain a phone number' }]);
    expect(refusals(GradingRequestSchema, { grade: 'GOOD', checks: { display: carla } })).toEqual([{ path: ['checks', 'display'], ...email }]);
    expect(refusals(ParcelRejectionRequestSchema, { reason: 'EMPTY', notes: carla })).toEqual([{ path: ['notes'], ...email }]);
    expect(refusals(SaleReturnRequestSchema, { reason: 'DEFECTIVE', route: 'RESELL', notes: carla })).toEqual([{ path: ['notes'], ...email }]);
    expect(refusals(ReceiptRequestSchema, { location: 'Gate 3, x@example.org' })).toEqual([{ path: ['location'], ...email }]);
    expect(refusals(PriceAcceptLossSchema, { reason: carla })).toEqual([{ path: ['reason'], ...email }]);
    expect(refusals(PartnerReportSchema, { jobId: 'J-1', status: 'UNREPAIRABLE', notes: carla })).toContainEqual({ path: ['notes'], ...email });
    expect(refusals(GradingRequestSchema, { grade: 'GOOD', notes: 'Display cracked, IMEI 356938035643809' })).toEqual([]);
    expect(refusals(GradingRequestSchema, { grade: 'GOOD', checks: { serial: '0012-3456-78' } })).toEqual([]);
    expect(refusals(CustomerErasureRequestSchema, { email: 'in2cap1796682685@example.org', reason: 'Anfrage von in2cap\u00ad1796682685' })).toEqual([
      { path: ['reason'], message: "must not contain the customer's e-mail address" },
    ]);
  });

  it('says so in German in the console', () => {
    expect(issueInGerman('must not contain an e-mail address')).toBe('darf keine E-Mail-Adresse enthalten');
    expect(issueInGerman('must not contain an IBAN')).toBe('darf keine IBAN enthalten');
    expect(issueInGerman('must not contain a phone number')).toBe('darf keine Telefonnummer enthalten');
    expect(issueInGerman("must not contain the customer's e-mail address")).toMatch(/^darf die E-Mail-Adresse der Kundin oder des Kunden nicht enthalten/);
  });
});
