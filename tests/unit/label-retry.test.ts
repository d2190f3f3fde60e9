import { describe, expect, it } from 'vitest';
import { addressMayBeCorrected, correctedFields, heldForItsLabelAfterReceipt, labelMayBeMadeAgain } from '../../shared/domain/label-retry';

const at = '2026-11-01T10:00:00.000Z';
const label = { carrier: 'DHL' as const, shipmentNo: '00340434161090000001', pdfKey: 'a', qrKey: 'b', createdAt: at, shipBy: at };
const refused = { reason: 'DHL refused the label request: …', basis: { kind: 'LABEL_FAILED' as const, error: 'CarrierRejected', message: '…' }, at };

describe('a label made again by a person', () => {
  it('is allowed while the take-back waits for its label: requested, or flagged because DHL refused it or its step stalled', () => {
    expect(labelMayBeMadeAgain({ state: 'REQUESTED' })).toBe(true);
    expect(labelMayBeMadeAgain({ state: 'NEEDS_ATTENTION', attention: refused })).toBe(true);
    expect(labelMayBeMadeAgain({ state: 'NEEDS_ATTENTION', attention: { reason: '…', basis: { kind: 'STALLED', step: 'LABEL', minutes: 80, redrives: 3 }, at } })).toBe(true);
    // Flagged before the platform kept the facts: no parcel came, so the label is what it waits for.
    expect(labelMayBeMadeAgain({ state: 'NEEDS_ATTENTION', attention: { reason: '…', at } })).toBe(true);
  });

  it('is refused once the take-back has its label, waits for a person for another reason, or has ended', () => {
    expect(labelMayBeMadeAgain({ state: 'LABEL_CREATED', label })).toBe(false);
    expect(labelMayBeMadeAgain({ state: 'NEEDS_ATTENTION', label, attention: { reason: '…', basis: { kind: 'STALLED', step: 'LABEL_EMAIL', minutes: 80, redrives: 3 }, at } })).toBe(false);
    const receipt = { at, by: 'ops-1' };
    expect(labelMayBeMadeAgain({ state: 'NEEDS_ATTENTION', receipt, attention: { reason: '…', basis: { kind: 'NO_REPAIR_PARTNER', problem: 'all-at-capacity', category: 'smartphone' }, at } })).toBe(false);
    expect(labelMayBeMadeAgain({ state: 'NEEDS_ATTENTION', receipt, attention: { reason: '…', at } })).toBe(false);
    for (const state of ['CANCELLED', 'EXPIRED', 'RECEIVED'] as const) expect(labelMayBeMadeAgain({ state })).toBe(false);
  });

  it('is refused once the parcel was received, whatever reason of the label the take-back waits for', () => {
    const receipt = { at, by: 'ops-1' };
    expect(labelMayBeMadeAgain({ state: 'NEEDS_ATTENTION', receipt, attention: refused })).toBe(false);
    expect(labelMayBeMadeAgain({ state: 'NEEDS_ATTENTION', receipt, attention: { reason: '…', basis: { kind: 'STALLED', step: 'LABEL', minutes: 80, redrives: 3 }, at } })).toBe(false);
    expect(labelMayBeMadeAgain({ state: 'REQUESTED', receipt })).toBe(false);
  });

  it('tells a received, ungraded item held where its label steps put it, which a scan puts back to RECEIVED', () => {
    const receipt = { at, by: 'ops-1' };
    expect(heldForItsLabelAfterReceipt({ state: 'NEEDS_ATTENTION', receipt, attention: refused })).toBe(true);
    expect(heldForItsLabelAfterReceipt({ state: 'LABEL_CREATED', receipt })).toBe(true);
    expect(heldForItsLabelAfterReceipt({ state: 'EXPIRED', receipt })).toBe(true);
    expect(heldForItsLabelAfterReceipt({ state: 'LABEL_CREATED' })).toBe(false);
    expect(heldForItsLabelAfterReceipt({ state: 'NEEDS_ATTENTION', receipt, attention: { reason: '…', at } })).toBe(false);
    expect(heldForItsLabelAfterReceipt({ state: 'RECEIVED', receipt })).toBe(false);
  });

  it('corrects the address only while the take-back waits for a person, never while its label may be with DHL', () => {
    expect(addressMayBeCorrected({ state: 'NEEDS_ATTENTION' })).toBe(true);
    expect(addressMayBeCorrected({ state: 'REQUESTED' })).toBe(false);
  });

  it('names the fields a correction changes, never their values', () => {
    const address = { name: 'Erika Mustermann', street: 'Hauptstraße', houseNumber: '5', postalCode: '1011', city: 'Berlin', country: 'DE' };
    expect(correctedFields(address, { ...address, postalCode: '10115', city: 'Berlin-Mitte' })).toEqual(['postalCode', 'city']);
    expect(correctedFields(address, { ...address })).toEqual([]);
  });
});
