import { describe, expect, it } from 'vitest';
import { customerAttention, HELD_PAYOUT_PROBLEMS, type AttentionBasis } from '../../shared/domain/attention';
import { failureMessageOf } from '../../shared/services/workflow-failures';
import { assignRepairPartner } from '../../shared/domain/repair-partners';
import { sweepDecision } from '../../shared/domain/stalled-passports';
import { AttentionBasisSchema } from '../../shared/schemas/common';
import { ATTENTION_REASON_WORDS, attentionReason } from '../../web/src/staff/attention-reason';

const at = '2026-12-06T08:00:00.000Z';
const words = (locale: 'de' | 'en', basis: AttentionBasis | undefined, reason = 'as written') => attentionReason({ reason, ...(basis ? { basis } : {}) }, ATTENTION_REASON_WORDS[locale]);

describe("why a passport waits for a person, in the console's language", () => {
  it('words a repair partner missing for the item', () => {
    expect(words('de', { kind: 'NO_REPAIR_PARTNER', problem: 'no-partner-for-category', category: 'smartphone' })).toBe('Kein aktiver Reparaturpartner repariert „smartphone“');
    expect(words('de', { kind: 'NO_REPAIR_PARTNER', problem: 'no-partner-for-region', category: 'smartphone', where: 'DE 10115' })).toBe(
      'Kein Reparaturpartner für „smartphone“ bedient DE 10115',
    );
    expect(words('de', { kind: 'NO_REPAIR_PARTNER', problem: 'all-at-capacity', category: 'smartphone', where: 'DE 10115' })).toBe(
      'Alle Reparaturpartner für „smartphone“ in DE 10115 sind ausgelastet',
    );
  });

  it('words a stalled step with its minutes and re-drives, and a label DHL did not make with its own words', () => {
    expect(words('de', { kind: 'STALLED', step: 'PAYOUT', minutes: 75, redrives: 3 })).toMatch(
      /^Die Auszahlung an die Kundschaft war 75 Minuten nach Beginn des Schritts noch nicht erledigt, obwohl sein Ablauf 3-mal neu gestartet wurde\./,
    );
    // A listing is started again by a route to RESELL, not by retrying a step.
    expect(words('de', { kind: 'STALLED', step: 'LISTING', minutes: 60, redrives: 3 })).toBe(
      'Das Einstellen des Artikels in die Kanäle der Marke war 60 Minuten nach Beginn des Schritts noch nicht erledigt, obwohl sein Ablauf 3-mal neu gestartet wurde. Prüfen Sie die Ausführungen und Logs des Ablaufs für diesen Pass und leiten Sie den Artikel dann erneut zum Wiederverkauf.',
    );
    expect(words('en', { kind: 'STALLED', step: 'LISTING', minutes: 60, redrives: 3 })).toMatch(/, then route the item to RESELL again\.$/);
    expect(words('de', { kind: 'STALLED', step: 'ROUTING', minutes: 60, redrives: 3 })).toBe(
      'Die Weiterleitung des Artikels (zum Reparaturpartner oder ins Recycling) war 60 Minuten nach Beginn des Schritts noch nicht erledigt, obwohl sein Ablauf 3-mal neu gestartet wurde. Prüfen Sie die Ausführungen und Logs des Ablaufs für diesen Pass und ändern Sie dann die Route.',
    );
    expect(words('de', { kind: 'LABEL_FAILED', error: 'CarrierRejected', message: 'Die Postleitzahl ist ungültig' })).toBe(
      'DHL hat die Etikettanfrage abgelehnt: Die Postleitzahl ist ungültig. Prüfen Sie die Adresse der Kundschaft und die DHL-Empfänger-ID der Marke.',
    );
    expect(words('en', { kind: 'LABEL_FAILED', error: 'Timeout', message: 'no details' })).toBe('The label could not be created (Timeout): no details.');
  });

  it('words a payout the workflow gave up on with its own words, and a transfer set aside with why its account does not open', () => {
    expect(words('de', { kind: 'PAYOUT_FAILED', error: 'VoucherIssuerRejected', message: 'The shop refused the discount code' })).toBe(
      'Die Auszahlung konnte nicht geleistet werden (VoucherIssuerRejected): The shop refused the discount code. Prüfen Sie die Auszahlungseinstellungen der Marke und starten Sie die Auszahlung erneut.',
    );
    expect(words('de', { kind: 'PAYOUT_HELD', payoutId: 'PO-1', problem: 'KEY_RETIRED', keyId: '2026-01' })).toMatch(
      /^Die Überweisung PO-1 kann nicht exportiert werden: Ihr Bankkonto wurde mit dem Feldschlüssel „2026-01“ versiegelt, den das FieldKey-Secret nicht mehr enthält\. Sie ist zurückgestellt/,
    );
    expect(words('en', { kind: 'PAYOUT_HELD', payoutId: 'PO-1', problem: 'NO_BANK_ACCOUNT' })).toMatch(/^The bank transfer PO-1 cannot be exported: its passport holds no bank account\. It is set aside/);
    // Every reason an account does not open is told apart, in both languages.
    for (const locale of ['de', 'en'] as const) {
      const sentences = HELD_PAYOUT_PROBLEMS.map((problem) => words(locale, { kind: 'PAYOUT_HELD', payoutId: 'PO-1', problem, keyId: 'k1' }));
      expect(new Set(sentences).size).toBe(HELD_PAYOUT_PROBLEMS.length);
      expect(sentences.filter((sentence) => sentence.includes('k1'))).toHaveLength(1);
    }
  });

  it('words a routing or listing step that failed for good, with the failure quoted', () => {
    expect(words('de', { kind: 'STEP_FAILED', step: 'LISTING', error: 'SalesChannelRejected', message: 'eBay refused the offer' })).toBe(
      'Das Einstellen in die Kanäle ist fehlgeschlagen (SalesChannelRejected): eBay refused the offer. Prüfen Sie die Kanäle und Preisregeln der Marke und leiten Sie den Artikel dann erneut zum Wiederverkauf.',
    );
    expect(words('de', { kind: 'STEP_FAILED', step: 'ROUTING', error: 'States.Timeout', message: 'no details' })).toMatch(/^Die Weiterleitung ist fehlgeschlagen \(States\.Timeout\): no details\. Prüfen Sie die Routenregeln/);
    expect(words('en', { kind: 'STEP_FAILED', step: 'ROUTING', error: 'States.Timeout', message: 'no details' })).toBe(
      "Routing failed (States.Timeout): no details. Check the brand's route rules and repair partners, then override the route.",
    );
  });

  it("reads a failure's own words as Step Functions hands them over, without the full stop the reason's sentence ends them with", () => {
    expect(failureMessageOf(JSON.stringify({ errorType: 'CarrierRejected', errorMessage: 'Invalid postal code.' }))).toBe('Invalid postal code');
    expect(failureMessageOf(JSON.stringify({ errorType: 'Error', errorMessage: 'eBay refused the offer: category 9355 needs an EAN' }))).toBe('eBay refused the offer: category 9355 needs an EAN');
    expect(failureMessageOf('Lambda timed out...')).toBe('Lambda timed out');
    for (const cause of ['null', '42', '{"errorType":"Error"}']) expect(failureMessageOf(cause)).toBe(cause);
    expect(failureMessageOf(undefined)).toBe('no details');
  });

  it('keeps the reason of a passport flagged before the platform kept its facts as written', () => {
    expect(words('de', undefined, 'Listing failed (SalesChannelRejected): eBay refused the offer')).toBe('Listing failed (SalesChannelRejected): eBay refused the offer');
  });

  it('keeps the reason as written for facts of a kind the page does not know, as a console left open across a deploy reads them', () => {
    for (const kind of ['A_KIND_ADDED_LATER', 'constructor', '__proto__']) {
      expect(words('de', { kind } as never, 'Something new happened')).toBe('Something new happened');
    }
  });

  it('says in English the very sentence the platform writes as the reason', () => {
    const noPartner = assignRepairPartner({ partners: [], load: {}, category: 'smartphone', address: { country: 'DE', postalCode: '10115' }, estimateMinutes: 30 });
    expect(noPartner.partner).toBeUndefined();
    const stalled = sweepDecision({ step: 'LABEL', since: '2026-12-06T07:00:00.000Z', redrives: 3, lastRedriveAt: '2026-12-06T07:40:00.000Z' }, new Date(at));
    for (const flagged of [noPartner, stalled]) {
      if (!('basis' in flagged) || !flagged.basis) throw new Error('no facts kept');
      expect(words('en', flagged.basis)).toBe(flagged.reason);
    }
    expect(words('en', { kind: 'LABEL_FAILED', error: 'CarrierAuthFailed', message: 'Unauthorized' })).toBe(
      'DHL refused our credentials: Unauthorized. Check the DHL API key and user in the DHL secret.',
    );
  });

  it('keeps every basis within its schema', () => {
    const bases: AttentionBasis[] = [
      { kind: 'NO_REPAIR_PARTNER', problem: 'no-partner-for-category', category: 'jacket' },
      { kind: 'STALLED', step: 'LABEL', minutes: 60, redrives: 3 },
      { kind: 'LABEL_FAILED', error: 'CarrierAuthFailed', message: 'Unauthorized' },
      { kind: 'STEP_FAILED', step: 'LISTING', error: 'SalesChannelRejected', message: 'eBay refused the offer' },
      { kind: 'PAYOUT_FAILED', error: 'VoucherIssuerRejected', message: 'The shop refused the discount code' },
      { kind: 'PAYOUT_HELD', payoutId: 'PO-1', problem: 'KEY_RETIRED', keyId: '2026-01' },
      ...HELD_PAYOUT_PROBLEMS.map((problem) => ({ kind: 'PAYOUT_HELD' as const, payoutId: 'PO-1', problem })),
    ];
    for (const basis of bases) expect(AttentionBasisSchema.parse(basis)).toEqual(basis);
  });
});

describe("what the customer's tracking says of a take-back waiting for a person", () => {
  it('tells the customer that DHL refused their address, and nothing of the staff reason', () => {
    const refused = customerAttention({ reason: "DHL refused the label request: postal code. Check the customer's address and the brand's DHL receiver id.", basis: { kind: 'LABEL_FAILED', error: 'CarrierRejected', message: 'postal code' }, at });
    expect(refused).toEqual({ cause: 'ADDRESS_REFUSED', reason: 'DHL could not make a return label for the address you gave. We will get in touch to put it right.', at });
  });

  it("says only that the brand is looking into it when the cause is the brand's own (credentials, partners, a stalled step, an old passport)", () => {
    const causes: NonNullable<Parameters<typeof customerAttention>[0]>[] = [
      { reason: 'DHL refused our credentials: Unauthorized. Check the DHL API key and user in the DHL secret.', basis: { kind: 'LABEL_FAILED', error: 'CarrierAuthFailed', message: 'Unauthorized' }, at },
      { reason: 'Every repair partner for smartphone serving DE 10115 is at capacity', basis: { kind: 'NO_REPAIR_PARTNER', problem: 'all-at-capacity', category: 'smartphone', where: 'DE 10115' }, at },
      { reason: 'DHL was unavailable on every attempt: 503. Retry the label later.', basis: { kind: 'LABEL_FAILED', error: 'CarrierUnavailable', message: '503' }, at },
      { reason: 'The DHL return label was still not done 60 minutes after the step began, …', basis: { kind: 'STALLED', step: 'LABEL', minutes: 60, redrives: 3 }, at },
      { reason: 'Routing failed (States.Timeout): no details. …', basis: { kind: 'STEP_FAILED', step: 'ROUTING', error: 'States.Timeout', message: 'no details' }, at },
      { reason: 'The payout could not be made (VoucherIssuerRejected): …', basis: { kind: 'PAYOUT_FAILED', error: 'VoucherIssuerRejected', message: 'refused' }, at },
      { reason: 'The bank transfer PO-1 cannot be exported: …', basis: { kind: 'PAYOUT_HELD', payoutId: 'PO-1', problem: 'ALTERED' }, at },
      { reason: 'Routing failed (Error): boom', at },
      // DHL refusing the brand's receiver: its configuration, not the customer's address.
      { reason: 'DHL refused the label request: …', basis: { kind: 'LABEL_FAILED', error: 'CarrierRejected', message: 'DHL answered 400: Bad Request - shipper.country: this receiver takes returns from deu only' }, at },
      { reason: 'DHL refused the label request: …', basis: { kind: 'LABEL_FAILED', error: 'CarrierRejected', message: 'DHL answered 400: Bad Request - receiverId: no receiver with this ID is configured' }, at },
    ];
    for (const attention of causes) {
      const told = customerAttention(attention);
      expect(told).toEqual({ cause: 'IN_REVIEW', reason: 'We are looking into your take-back and will get in touch.', at });
      expect(told.reason).not.toContain(attention.reason);
    }
  });
});
