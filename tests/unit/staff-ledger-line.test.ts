import { describe, expect, it } from 'vitest';
import { bankPayoutEntry, labelEntry, type LedgerEntry, voucherPayoutEntry } from '../../shared/domain/ledger';
import { applyPartnerReport, type RepairJob } from '../../shared/domain/repair-jobs';
import { returnParcelEntry } from '../../shared/domain/return-shipment';
import { saleReturnEntries } from '../../shared/domain/sale-return';
import { CODE_LABELS } from '../../web/src/staff/labels';
import { LEDGER_WORDS, ledgerLineText } from '../../web/src/staff/ledger-line';

const at = '2026-12-06T08:00:00.000Z';
const eur = (amount: number) => ({ amount, currency: 'EUR' });
/** As the console writes a share (`formatPercent` in web/src/i18n.tsx). */
const percent = (locale: 'de' | 'en') => (share: number) => new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { style: 'percent' }).format(share);
const text = (locale: 'de' | 'en', line: LedgerEntry) => ledgerLineText(line, LEDGER_WORDS[locale], { labels: CODE_LABELS[locale], percent: percent(locale) });
const saleLine = (kind: LedgerEntry['kind'], channel: string): LedgerEntry => ({
  entryId: `${kind}#${channel}#o-7`,
  kind,
  direction: 'REVENUE',
  amount: eur(40_900),
  description: `the stored description of ${kind}`,
  at,
  sale: { channel, orderId: 'o-7' },
});

describe("the staff console's ledger lines in words", () => {
  it('words the lines of labels and payouts from their facts, in the console language', () => {
    const [label] = labelEntry(eur(549), '00340434161094015902', at);
    const [parcelBack] = returnParcelEntry(eur(439), '340434310428091700', at);
    expect(text('de', label!)).toBe('Rücksendeetikett DHL 00340434161094015902');
    expect(text('en', label!)).toBe(label!.description);
    expect(text('de', parcelBack!)).toBe('Paket zurück an die Kundschaft, DHL 340434310428091700');
    expect(text('en', parcelBack!)).toBe(parcelBack!.description);

    const voucher = voucherPayoutEntry({ voucherId: 'V1', value: eur(16_890) }, 0.6, at);
    expect(text('de', voucher)).toBe('Gutschein ausgegeben, zu 60\u00a0% seines Werts');
    expect(text('en', voucher)).toBe('Voucher issued, at 60% of its face value');
    expect(text('de', voucherPayoutEntry({ voucherId: 'V2', value: eur(16_890) }, undefined, at))).toBe('Gutschein ausgegeben, zum vollen Wert');
    expect(text('de', bankPayoutEntry({ payoutId: 'B1', amount: eur(12_000) }, at))).toBe('Überweisung vorgemerkt');
  });

  it("words a repair's labour and parts from the partner's report", () => {
    const job = { jobId: 'J1', status: 'IN_PROGRESS', reports: [], expectedCost: eur(5_000) } as unknown as RepairJob;
    const parts = [{ sku: 'BAT-X2', name: 'Akku', quantity: 2, cost: eur(950) }];
    const repaired = applyPartnerReport(job, { status: 'COMPLETED', laborMinutes: 40, cost: eur(3_500), parts }, { at, partnerName: 'Gerätewerk Berlin' });
    const unrepairable = applyPartnerReport(job, { status: 'UNREPAIRABLE', cost: eur(1_500) }, { at, partnerName: 'Gerätewerk Berlin' });
    if (repaired.kind !== 'FINISHED' || unrepairable.kind !== 'FINISHED') throw new Error('the reports finish the job');

    expect(repaired.ledger.map((line) => text('de', line))).toEqual(['Reparatur durch Gerätewerk Berlin, 40 Min.', '2 × Akku (BAT-X2)']);
    expect(repaired.ledger.map((line) => text('en', line))).toEqual(repaired.ledger.map((line) => line.description));
    expect(text('de', unrepairable.ledger[0]!)).toBe('Diagnose (nicht reparierbar) durch Gerätewerk Berlin');
  });

  it("words a sale's lines from their kind and order, the channel by its name", () => {
    expect(text('de', saleLine('SALE', 'shopify'))).toBe('Verkauft über Eigener Shop (Shopify), Bestellung o-7');
    expect(text('en', saleLine('SALE', 'ebay'))).toBe('Sold on eBay, order o-7');
    expect(text('de', saleLine('CHANNEL_FEE', 'backmarket'))).toBe('Gebühr von Back Market für Bestellung o-7');
    expect(text('de', saleLine('SHIPPING', 'ebay'))).toBe('Versand, vom Käufer bezahlt, Bestellung o-7');
    const [refund, feeBack] = saleReturnEntries({ channel: 'refurbed', orderId: 'o-7' } as never, { refund: eur(40_000), feeRefunded: eur(2_000) }, at);
    expect(text('de', refund!)).toBe('Erstattet an den Käufer der Bestellung o-7 über Refurbed');
    expect(text('de', feeBack!)).toBe('Gebühr von Refurbed für Bestellung o-7 gutgeschrieben');
    expect(text('en', feeBack!)).toBe('Refurbed fee of order o-7 credited back');
  });

  it('keeps the stored description of a line written without its facts', () => {
    const before = { entryId: 'LABEL#1', kind: 'LABEL', direction: 'COST', amount: eur(549), description: 'DHL return label 1', at } as const;
    expect(text('de', before)).toBe('DHL return label 1');
    expect(text('de', { ...saleLine('SALE', 'ebay'), sale: undefined } as LedgerEntry)).toBe('the stored description of SALE');
  });
});
