import { describe, expect, it } from 'vitest';
import { PASSPORT_STATES, type PassportState } from '../../shared/domain/lifecycle';
import { erasedCustomer, erasureBlocker } from '../../shared/domain/personal-data';

const receipt = { at: '2026-11-20T10:00:00.000Z', by: 'ops-1' };

describe("when a customer's personal data may be erased", () => {
  it.each(['CANCELLED', 'EXPIRED', 'RETURNED', 'REJECTED'] as const)('may be erased once the take-back ended without a payout (%s)', (state) => {
    expect(erasureBlocker({ state }, undefined)).toBeUndefined();
  });

  it.each(['ISSUED', 'EXPORTED'])('may be erased in any state once the customer is paid (%s)', (status) => {
    for (const state of PASSPORT_STATES) expect(erasureBlocker({ state, receipt }, { status }), state).toBeUndefined();
  });

  it.each(['REQUESTED', 'LABEL_CREATED', 'NEEDS_ATTENTION'] as const)('waits while the take-back is open: cancel it first (%s)', (state) => {
    expect(erasureBlocker({ state }, undefined)).toEqual({ reason: 'TAKE_BACK_OPEN', text: expect.stringMatching(/still open: cancel it first/) });
  });

  it('waits while the item is to go back, or the counter-offer is unanswered', () => {
    expect(erasureBlocker({ state: 'RETURN_TO_CUSTOMER', receipt }, undefined)).toEqual({ reason: 'ITEM_TO_GO_BACK', text: expect.stringMatching(/sent back/) });
    expect(erasureBlocker({ state: 'COUNTER_OFFERED', receipt }, undefined)).toEqual({ reason: 'COUNTER_OFFER_OPEN', text: expect.stringMatching(/counter-offer/) });
  });

  it.each(['RESERVED', 'QUEUED', 'HELD'])('waits while the payout is owed and not made (%s)', (status) => {
    expect(erasureBlocker({ state: 'LISTED', receipt }, { status })).toEqual({ reason: 'PAYOUT_NOT_MADE', text: `the customer's payout is not made yet (${status})` });
  });

  it("waits while the transfer's export is still writing its bank file, which reads the account from the passport", () => {
    expect(erasureBlocker({ state: 'LISTED', receipt }, { status: 'EXPORTED', fileWritten: false })).toEqual({ reason: 'PAYOUT_NOT_MADE', text: expect.stringMatching(/bank file is still being written/) });
    expect(erasureBlocker({ state: 'LISTED', receipt }, { status: 'EXPORTED', fileWritten: true })).toBeUndefined();
  });

  it('waits for the payout of a received item that has none yet, even one waiting for a person', () => {
    const waiting: PassportState[] = ['RECEIVED', 'GRADED', 'NEEDS_ATTENTION', 'IN_REPAIR', 'SOLD'];
    for (const state of waiting) expect(erasureBlocker({ state, receipt }, undefined), state).toEqual({ reason: 'PAYOUT_NOT_MADE', text: "the customer's payout is not made yet" });
  });
});

describe('what a passport keeps of its customer once erased', () => {
  it('keeps their language and country, and nothing that names or reaches them', () => {
    const erased = erasedCustomer({
      customer: { name: 'Erika Mustermann', email: 'erika@example.org', locale: 'de' },
      address: { street: 'Hauptstraße', houseNumber: '5', postalCode: '10115', city: 'Berlin', country: 'DE' },
      payout: { method: 'BANK_TRANSFER', bankAccount: { ibanMasked: 'DE89 **** **** **** **30 00', sealed: 'v1:…' } },
    });
    expect(erased).toEqual({
      customer: { name: '', email: '', locale: 'de' },
      address: { street: '', houseNumber: '', postalCode: '', city: '', country: 'DE' },
      payout: { method: 'BANK_TRANSFER' },
    });
  });
});
