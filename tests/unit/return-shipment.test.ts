import { describe, expect, it } from 'vitest';
import { Counter, incrementsOf, mergeIncrements, type PassportFacts } from '../../shared/domain/aggregates';
import { renderItemReturnedEmail } from '../../shared/domain/emails/item-returned-email';
import { emailTemplateFor } from '../../shared/domain/emails/triggers';
import { UnprocessableError } from '../../shared/domain/errors';
import { dhlTrackingUrl, parcelProductFor, returnCause, returnParcelEntry } from '../../shared/domain/return-shipment';
import type { PassportEventDetail } from '../../shared/schemas/events';
import { impactFactors } from '../../shared/services/passport-impact';

const account = { shipperRef: 'warehouse-1', billingNumbers: { V01PAK: '33333333330102', V53WPAK: '33333333335301' } };
const config = (parcels?: typeof account | { shipperRef: string; billingNumbers: { V01PAK: string } }) => ({
  carrier: { dhl: { receiverId: 'deu', ...(parcels ? { parcels } : {}) } },
});

function unprocessable(act: () => unknown): UnprocessableError {
  try {
    act();
  } catch (error) {
    if (error instanceof UnprocessableError) return error;
    throw error;
  }
  throw new Error('expected an UnprocessableError');
}

describe('the parcel an item goes back in', () => {
  it('is DHL Paket with the national billing number within Germany', () => {
    expect(parcelProductFor('DE', config(account))).toEqual({ product: 'V01PAK', billingNumber: '33333333330102', shipperRef: 'warehouse-1' });
  });

  it('is DHL Paket International with its own billing number to any other country', () => {
    expect(parcelProductFor('AT', config(account))).toEqual({ product: 'V53WPAK', billingNumber: '33333333335301', shipperRef: 'warehouse-1' });
  });

  it('is refused, naming the missing billing number, abroad when the brand has none for parcels abroad', () => {
    const error = unprocessable(() => parcelProductFor('NL', config({ shipperRef: 'warehouse-1', billingNumbers: { V01PAK: '33333333330102' } })));
    expect(error.issues).toEqual([{ path: ['config', 'carrier', 'dhl', 'parcels', 'billingNumbers', 'V53WPAK'], message: 'is missing' }]);
    expect(error.message).toContain('NL');
  });

  it.each(['CH', 'NO', 'GB'])('is refused, before asking DHL, for a customer outside the EU customs territory (%s)', (country) => {
    expect(unprocessable(() => parcelProductFor(country, config(account))).message).toContain('customs declaration');
  });

  it('is refused when the brand has no parcel account at all', () => {
    expect(unprocessable(() => parcelProductFor('DE', config())).issues).toEqual([{ path: ['config', 'carrier', 'dhl', 'parcels'], message: 'is missing' }]);
  });
});

describe("the parcel's cost", () => {
  it('is a LABEL cost on the ledger under an id derived from the shipment number', () => {
    expect(returnParcelEntry({ amount: 439, currency: 'EUR' }, '340434310428091700', '2026-12-05T10:00:00.000Z')).toEqual([
      {
        entryId: 'RETURN#340434310428091700',
        kind: 'LABEL',
        direction: 'COST',
        amount: { amount: 439, currency: 'EUR' },
        description: 'DHL parcel back to the customer 340434310428091700',
        detail: { of: 'PARCEL_BACK', carrier: 'DHL', shipmentNo: '340434310428091700' },
        at: '2026-12-05T10:00:00.000Z',
      },
    ]);
  });

  it('books nothing when the brand gave no cost', () => {
    expect(returnParcelEntry(undefined, '340434310428091700', '2026-12-05T10:00:00.000Z')).toEqual([]);
  });

  const facts: PassportFacts = { product: { sku: 'PHONE', name: 'Trailphone', category: 'smartphone', weightGrams: 192 }, createdAt: '2026-10-28T10:00:00.000Z' };
  const returned = (cost?: { amount: number; currency: string }): PassportEventDetail => ({
    eventId: 'P1/9',
    passportId: 'P1',
    brand: 'demo',
    seq: 9,
    at: '2026-11-03T10:00:00.000Z',
    state: 'RETURNED',
    type: 'ReturnedToCustomer',
    data: { carrier: 'DHL', shipmentNo: '340434310428091700', product: 'V01PAK', by: 'ops-1', ...(cost ? { cost } : {}) },
  });

  it('counts the item sent back and adds to the label cost of the report, by category and under no channel, as the ledger line does', () => {
    const increments = mergeIncrements(incrementsOf(returned({ amount: 439, currency: 'EUR' }), facts, { factors: impactFactors() }));
    expect(increments.map(({ dimension, value, month, counters }) => ({ dimension, value, month, counters }))).toEqual([
      { dimension: 'category', value: 'smartphone', month: '2026-11', counters: { [Counter.sentBack]: 1, [Counter.labelCost]: 439 } },
      { dimension: 'channel', value: 'none', month: '2026-11', counters: { [Counter.labelCost]: 439 } },
    ]);
  });

  it('counts the item sent back, and no cost when the event carries none', () => {
    expect(mergeIncrements(incrementsOf(returned(), facts, { factors: impactFactors() })).map(({ counters }) => counters)).toEqual([{ [Counter.sentBack]: 1 }]);
  });

  it("sends the customer the item-returned e-mail", () => {
    expect(emailTemplateFor(returned())).toBe('item-returned');
  });
});

describe('a declined counter-offer in the reports', () => {
  const facts: PassportFacts = {
    product: { sku: 'PHONE', name: 'Trailphone', category: 'smartphone', weightGrams: 192 },
    createdAt: '2026-10-28T10:00:00.000Z',
    grading: { at: '2026-10-31T23:30:00.000Z' },
  };
  const answered = (data: { accepted: boolean; route?: 'RESELL' | 'REPAIR' | 'RECYCLE' }): PassportEventDetail => ({
    eventId: 'P1/6',
    passportId: 'P1',
    brand: 'demo',
    seq: 6,
    at: '2026-11-02T10:00:00.000Z',
    state: data.accepted ? 'GRADED' : 'RETURN_TO_CUSTOMER',
    type: 'CounterOfferAnswered',
    data: { payout: { amount: 2_900, currency: 'EUR' }, ...data },
  });

  it("takes the item out of its grading month's route mix and its product's resellable items", () => {
    const increments = incrementsOf(answered({ accepted: false, route: 'REPAIR' }), facts, { factors: impactFactors() });
    // Graded at 23:30 UTC on 31 October: November in Berlin, where the brand's months end.
    expect(increments.map(({ dimension, month, value, counters }) => ({ dimension, month, value, counters }))).toEqual([
      { dimension: 'category', month: '2026-11', value: 'smartphone', counters: { [Counter.route('REPAIR')]: -1 } },
      { dimension: 'product', month: '2026-11', value: 'PHONE', counters: { [Counter.resellable]: -1 } },
    ]);
  });

  it('changes nothing when accepted, or when the event names no route (answered before it did)', () => {
    expect(incrementsOf(answered({ accepted: true, route: 'RESELL' }), facts, { factors: impactFactors() })).toEqual([]);
    expect(incrementsOf(answered({ accepted: false }), facts, { factors: impactFactors() })).toEqual([]);
  });
});

describe('the item-returned e-mail', () => {
  it.each([
    ['de', 'declined', 'Ihr Artikel ist auf dem Rückweg', 'Versandkosten tragen wir', 'Gegenangebot'],
    ['en', 'declined', 'Your item is on its way back', 'at our cost', 'declined our counter-offer'],
    ['de', 'other-item', 'Ihr Artikel ist auf dem Rückweg', 'Versandkosten tragen wir', 'war ein anderer Artikel'],
    ['en', 'other-item', 'Your item is on its way back', 'at our cost', 'held another item'],
  ] as const)('gives the shipment number and both tracking links (%s, %s)', (locale, cause, subject, free, why) => {
    const carrierTracking = dhlTrackingUrl('340434310428091700', locale);
    const email = renderItemReturnedEmail({
      locale,
      brandName: 'Demo Outfitters',
      customerName: 'Lena',
      productName: 'Trailphone X2',
      cause,
      shipmentNo: '340434310428091700',
      links: { tracking: 'https://t.example/track', carrierTracking },
    });
    expect(email.subject).toBe(subject);
    expect(email.text).toContain('Trailphone X2');
    expect(email.text).toContain(free);
    expect(email.text).toContain(why);
    expect(email.text).toContain('340434310428091700');
    expect(email.html).toContain(`href="${carrierTracking.replaceAll('&', '&amp;')}"`);
    expect(email.html).toContain('href="https://t.example/track"');
  });

  it("links DHL's tracking page in the customer's language", () => {
    expect(dhlTrackingUrl('340434310428091700', 'de')).toBe('https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=340434310428091700');
    expect(dhlTrackingUrl('340434310428091700', 'en')).toBe('https://www.dhl.de/en/privatkunden/pakete-empfangen/verfolgen.html?piececode=340434310428091700');
  });
});

describe('why an item goes back to its customer', () => {
  it('names the rejected parcel, the lapsed counter-offer and the declined one', () => {
    expect(returnCause({ rejection: { reason: 'OTHER_ITEM' }, settlement: undefined })).toBe('other-item');
    expect(returnCause({ settlement: { answer: { lapsed: true } } })).toBe('lapsed');
    expect(returnCause({ settlement: { answer: {} } })).toBe('declined');
  });
});
