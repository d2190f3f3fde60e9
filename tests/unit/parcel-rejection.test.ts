import { describe, expect, it } from 'vitest';
import { Counter, incrementsOf, type PassportFacts } from '../../shared/domain/aggregates';
import { renderParcelRejectedEmail } from '../../shared/domain/emails/parcel-rejected-email';
import { emailTemplateFor } from '../../shared/domain/emails/triggers';
import { canTransition, isTerminal, keepsNoItem } from '../../shared/domain/lifecycle';
import { REJECTION_REASONS, stateAfterRejection } from '../../shared/domain/parcel-rejection';
import { returnsFigures } from '../../shared/domain/reports';
import { ParcelRejectedSchema } from '../../shared/schemas/events';
import { ParcelRejectionRequestSchema } from '../../shared/schemas/staff';
import { impactFactors } from '../../shared/services/passport-impact';

describe('a parcel not as declared', () => {
  it('ends the take-back of an empty parcel and sends another item back to its customer', () => {
    expect(stateAfterRejection('EMPTY')).toBe('REJECTED');
    expect(stateAfterRejection('OTHER_ITEM')).toBe('RETURN_TO_CUSTOMER');
    for (const reason of REJECTION_REASONS) expect(canTransition('RECEIVED', stateAfterRejection(reason)), reason).toBe(true);
    expect(isTerminal('REJECTED')).toBe(true);
    // Neither state holds an item the brand keeps, so no CO2e is claimed for it.
    expect(keepsNoItem('REJECTED')).toBe(true);
    expect(keepsNoItem('RETURN_TO_CUSTOMER')).toBe(true);
  });

  it('is rejected only from RECEIVED: not before the parcel is scanned, nor once graded', () => {
    for (const from of ['LABEL_CREATED', 'GRADED', 'COUNTER_OFFERED', 'NEEDS_ATTENTION'] as const) {
      expect(canTransition(from, 'REJECTED'), from).toBe(false);
    }
  });

  it('takes a reason and the grader’s notes, and refuses anything else with its path', () => {
    expect(ParcelRejectionRequestSchema.safeParse({ reason: 'EMPTY', notes: '  only packing paper  ' })).toEqual({
      success: true,
      data: { reason: 'EMPTY', notes: 'only packing paper' },
    });
    const paths = (body: unknown) => (ParcelRejectionRequestSchema.safeParse(body).error?.issues ?? []).map((issue) => issue.path.join('.'));
    expect(paths({ reason: 'BROKEN', notes: 'a cracked screen' })).toEqual(['reason']);
    expect(paths({ reason: 'EMPTY', notes: ' x ' })).toEqual(['notes']);
    expect(ParcelRejectionRequestSchema.safeParse({ reason: 'EMPTY', notes: 'x' }).error?.issues[0]?.message).toBe('must say in at least 3 characters what the parcel held');
    expect(paths({ reason: 'EMPTY' })).toEqual(['notes']);
    expect(paths({ reason: 'OTHER_ITEM', notes: 'an older model', grade: 'GOOD' })).toEqual(['']);
    expect(paths({ reason: 'OTHER_ITEM', notes: 'an older model', photos: ['not a url'] })).toEqual(['photos.0']);
  });

  const rejected = (reason: 'EMPTY' | 'OTHER_ITEM') =>
    ParcelRejectedSchema.parse({
      eventId: '01KBX0R1Y5Z7W3QH4B6D9F2M8N/5',
      passportId: '01KBX0R1Y5Z7W3QH4B6D9F2M8N',
      brand: 'demo',
      type: 'ParcelRejected',
      seq: 5,
      at: '2026-12-05T23:00:00.000Z',
      state: stateAfterRejection(reason),
      data: { reason, by: 'staff-1' },
    });

  it('sends the customer the parcel-rejected e-mail for the event', () => {
    for (const reason of REJECTION_REASONS) expect(emailTemplateFor(rejected(reason)), reason).toBe('parcel-rejected');
  });

  it('counts a rejected parcel in the returns report, by category and product, and nowhere in the grades, routes or recovery rate', () => {
    const facts: PassportFacts = {
      product: { sku: 'PHONE', name: 'Trailphone', category: 'smartphone', weightGrams: 192 },
      createdAt: '2026-11-28T10:00:00.000Z',
      receipt: { at: '2026-12-03T09:00:00.000Z' },
    };
    const increments = incrementsOf(rejected('EMPTY'), facts, { factors: impactFactors() });
    expect(increments.map(({ dimension, value, month, counters }) => ({ dimension, value, month, counters }))).toEqual([
      { dimension: 'category', value: 'smartphone', month: '2026-12', counters: { [Counter.rejected]: 1 } },
      { dimension: 'product', value: 'PHONE', month: '2026-12', counters: { [Counter.rejected]: 1 } },
    ]);
    const figures = returnsFigures({ [Counter.received]: 3, [Counter.rejected]: 1, [Counter.graded]: 2, [Counter.route('RESELL')]: 2 });
    expect(figures).toMatchObject({ received: 3, rejected: 1, graded: 2, recoveryRate: 1 });
  });

  it.each([
    ['de', 'EMPTY', 'Ihr Paket war leer', 'kein Artikel darin', 'neue Rücknahme'],
    ['en', 'EMPTY', 'Your parcel was empty', 'no item in it', 'start a new take-back'],
    ['de', 'OTHER_ITEM', 'In Ihrem Paket war ein anderer Artikel', 'ein anderer Artikel', 'zurück'],
    ['en', 'OTHER_ITEM', 'Your parcel held another item', 'held another item', 'sending the item back'],
  ] as const)('tells the customer why there is no payout and what follows (%s, %s)', (locale, reason, subject, found, next) => {
    const email = renderParcelRejectedEmail({
      locale,
      brandName: 'Demo Outfitters',
      customerName: 'Lena',
      productName: 'Trailphone X2',
      reason,
      links: { tracking: 'https://t.example/track?token=a&b' },
    });
    expect(email.subject).toBe(subject);
    expect(email.text).toContain('Trailphone X2');
    expect(email.text).toContain(found);
    expect(email.text).toContain(locale === 'de' ? 'zahlen wir für diese Rücknahme nichts aus' : 'no payout');
    expect(email.text).toContain(next);
    expect(email.html).toContain('href="https://t.example/track?token=a&amp;b"');
  });
});
