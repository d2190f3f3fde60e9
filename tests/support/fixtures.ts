import type { Passport } from '../../shared/domain/passport';
import type { CarrierParty } from '../../shared/ports/label-carrier';
import type { QuoteRecord, TakeBackRecords } from '../../shared/ports/passport-store';
import { newId } from '../../shared/services/tokens';

/** A quote of the demo brand, as the quote route stores it. */
export function aQuote(overrides: Partial<QuoteRecord> = {}): QuoteRecord {
  return {
    quoteId: newId(),
    brand: 'demo',
    sku: 'DO-PHONE-X2-128',
    answers: {},
    grade: 'GOOD',
    value: { min: 14900, max: 19700, currency: 'EUR' },
    validUntil: '2030-01-01T00:00:00.000Z',
    createdAt: '2026-11-01T10:00:00.000Z',
    ...overrides,
  };
}

/** A freshly requested passport for a quote. */
export function aPassport(quote: QuoteRecord, overrides: Partial<Passport> = {}): Passport {
  return {
    id: newId(),
    brand: quote.brand,
    state: 'REQUESTED',
    version: 1,
    product: { sku: quote.sku, name: 'Trailphone X2', category: 'smartphone', weightGrams: 190 },
    selfAssessedGrade: quote.grade,
    offer: { quoteId: quote.quoteId, value: quote.value, validUntil: quote.validUntil },
    customer: { name: 'Erika Mustermann', email: 'erika@example.org', locale: 'de' },
    address: { street: 'Hauptstraße', houseNumber: '5', postalCode: '10115', city: 'Berlin', country: 'DE' },
    payout: { method: 'VOUCHER' },
    createdAt: '2026-11-01T10:05:00.000Z',
    updatedAt: '2026-11-01T10:05:00.000Z',
    ...overrides,
  };
}

/** A take-back of a new quote of the demo brand (or as `quote` says), stored as REQUESTED with its first event. */
export async function aRequestedPassport(store: Pick<TakeBackRecords, 'saveQuote' | 'createPassport'>, quote: Partial<QuoteRecord> = {}): Promise<Passport> {
  const saved = aQuote(quote);
  await store.saveQuote(saved);
  const passport = aPassport(saved);
  await store.createPassport(passport, { type: 'TakeBackRequested', data: {} });
  return passport;
}

/** A customer's address as the DHL adapters take it (a return's shipper, a parcel's consignee). */
export function aCarrierParty(overrides: Partial<CarrierParty> = {}): CarrierParty {
  return { name: 'Jürgen Müller', street: 'Kastanienallee', houseNumber: '12a', postalCode: '10435', city: 'Berlin', country: 'DE', ...overrides };
}
