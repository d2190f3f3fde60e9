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
    ['Rückruf 0049 30 1234567', 'PHONE_NUMBER'],
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

  it("tells an erasure's reference that names the customer by their address, or the part before the @, in any case", () => {
    expect(namesAddress('Request of REASON.X', 'reason.x@example.org')).toBe(true);
    expect(namesAddress('Ticket from reason.x (at) example.org', 'reason.x@example.org')).toBe(true);
    expect(namesAddress('Anfrage von Erika, Ticket 4711', 'erika@example.org')).toBe(true);
    expect(namesAddress('Ticket 4711', 'reason.x@example.org')).toBe(false);
    expect(namesAddress('Ticket 4711, Jo', 'jo@example.org')).toBe(false);
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
  });

  it('says so in German in the console', () => {
    expect(issueInGerman('must not contain an e-mail address')).toBe('darf keine E-Mail-Adresse enthalten');
    expect(issueInGerman('must not contain an IBAN')).toBe('darf keine IBAN enthalten');
    expect(issueInGerman('must not contain a phone number')).toBe('darf keine Telefonnummer enthalten');
    expect(issueInGerman("must not contain the customer's e-mail address")).toMatch(/^darf die E-Mail-Adresse der Kundin oder des Kunden nicht enthalten/);
  });
});
