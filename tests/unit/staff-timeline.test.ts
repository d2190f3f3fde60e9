import { describe, expect, it } from 'vitest';
import { EVENT_EMAIL_TEMPLATES } from '../../shared/domain/emails/triggers';
import { CODE_LABELS, wordsOf } from '../../web/src/staff/labels';
import { describeEvent, TIMELINE_WORDS, type TimelineFormats } from '../../web/src/staff/timeline';

/** The brand's partners the console read; `rp-gone` is one the brand no longer has. */
const partners = new Map([['rp-geraetewerk-berlin', 'Gerätewerk Berlin']]);
const formats = (locale: 'de' | 'en'): TimelineFormats => ({
  labels: CODE_LABELS[locale],
  partnerName: (partnerId) => partners.get(partnerId) ?? partnerId,
  money: ({ amount, currency }) => `${(amount / 100).toFixed(2)} ${currency}`,
  dateTime: (iso) => iso.slice(0, 10),
});
const at = '2026-12-06T08:00:00.000Z';
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const line = (locale: 'de' | 'en', type: string, data: Record<string, unknown>, state = 'GRADED') =>
  describeEvent({ seq: 5, type: type as never, at, state: state as never, data }, TIMELINE_WORDS[locale], formats(locale));

describe("the staff console's timeline in words", () => {
  it('says what happened, the facts that matter and who did it, in the console language', () => {
    const graded = { grade: 'FAIR', route: 'RESELL', settlement: { outcome: 'COUNTER_OFFER', payout: eur(8_900), offered: eur(14_900) }, by: 'subject-1' };
    expect(line('de', 'Graded', graded, 'COUNTER_OFFERED')).toEqual({ what: 'Bewertet', detail: 'Akzeptabel, Wiederverkauf, Gegenangebot 89.00 EUR', by: 'subject-1' });
    expect(line('en', 'Graded', graded, 'COUNTER_OFFERED')).toEqual({ what: 'Graded', detail: 'Fair, Resell, counter-offer 89.00 EUR', by: 'subject-1' });
    expect(line('de', 'ListingPriceChanged', { channel: 'ebay', price: eur(40_900), by: 'subject-2' }, 'LISTED')).toEqual({ what: 'Preis geändert', detail: 'eBay 409.00 EUR', by: 'subject-2' });
    const atLoss = { channel: 'ebay', price: eur(100), by: 'subject-2', acceptedLoss: { reason: 'Ausstellungsstück', cost: eur(21_049), net: eur(73) } };
    expect(line('de', 'ListingPriceChanged', atLoss, 'LISTED')).toEqual({
      what: 'Preis geändert',
      detail: 'eBay 1.00 EUR, Verlust hingenommen: Ausstellungsstück (netto 0.73 EUR, bisherige Kosten 210.49 EUR)',
      by: 'subject-2',
    });
    expect(line('en', 'ListingPriceChanged', atLoss, 'LISTED').detail).toBe('eBay 1.00 EUR, loss accepted: Ausstellungsstück (net 0.73 EUR, cost so far 210.49 EUR)');
    // The ListingWorkflow left a channel out whose price nets less than the item had cost.
    const partly = { listings: [{ channel: 'shopify', sku: 'demo-1', price: eur(24_900) }], heldBack: [{ channel: 'ebay', price: eur(24_900), net: eur(21_663) }], cost: eur(22_000) };
    expect(line('de', 'Listed', partly, 'LISTED')).toEqual({
      what: 'Angeboten',
      detail: 'Eigener Shop (Shopify) 249.00 EUR, nicht angeboten, weil mit Verlust (bisherige Kosten 220.00 EUR): eBay 249.00 EUR, netto 216.63 EUR',
    });
    expect(line('en', 'Listed', partly, 'LISTED').detail).toMatch(/^.+ 249\.00 EUR, not listed, at a loss \(cost so far 220\.00 EUR\): eBay 249\.00 EUR, nets 216\.63 EUR$/);
    expect(line('en', 'Listed', { listings: partly.listings }, 'LISTED').detail).toMatch(/^.+ 249\.00 EUR$/);
    // A person had a refused label made again, correcting the customer's address: the fields by name, never their values.
    const retried = { by: 'subject-3', from: 'NEEDS_ATTENTION', corrected: ['postalCode', 'city'] };
    expect(line('de', 'LabelRetried', retried, 'REQUESTED')).toEqual({ what: 'Etikett erneut angefordert', detail: 'Adresse korrigiert: Postleitzahl, Ort', by: 'subject-3' });
    expect(line('en', 'LabelRetried', { ...retried, corrected: [] }, 'REQUESTED')).toEqual({ what: 'Label requested again', by: 'subject-3' });
    // A person routed it to RESELL saying to list it even at a loss.
    expect(line('de', 'RouteOverridden', { from: 'REPAIR', route: 'RESELL', reason: 'Ausverkauf', by: 'subject-2', lossAccepted: true }).detail).toBe('Reparatur → Wiederverkauf, Ausverkauf, auch mit Verlust anbieten');
    const atLoss2 = { listings: [{ channel: 'ebay', sku: 'demo-1', price: eur(24_900) }], acceptedLoss: { reason: 'Ausverkauf', by: 'subject-2', cost: eur(30_000), channels: [{ channel: 'ebay', price: eur(24_900), net: eur(21_663) }] } };
    expect(line('de', 'Listed', atLoss2, 'LISTED').detail).toBe('eBay 249.00 EUR, mit Verlust angeboten: Ausverkauf (bisherige Kosten 300.00 EUR; eBay netto 216.63 EUR)');
    expect(line('en', 'Listed', atLoss2, 'LISTED').detail).toBe('eBay 249.00 EUR, listed at a loss: Ausverkauf (cost so far 300.00 EUR; eBay nets 216.63 EUR)');
    expect(line('de', 'Sold', { channel: 'shopify', orderId: 'o-1', price: eur(42_899), fee: eur(926), afterReturn: true }, 'SOLD')).toEqual({
      what: 'Verkauft',
      detail: 'Eigener Shop (Shopify) 428.99 EUR, nach einer Rücksendung',
    });
    const sold = { channel: 'ebay', orderId: 'o-2', price: eur(40_900), fee: eur(5_317), withdrawn: ['shopify', 'refurbed'] };
    expect(line('de', 'Sold', sold, 'SOLD')).toEqual({ what: 'Verkauft', detail: 'eBay 409.00 EUR, zurückgezogen: Eigener Shop (Shopify), Refurbed' });
    expect(line('en', 'Sold', sold, 'SOLD').detail).toMatch(/^eBay 409\.00 EUR, withdrawn: .+, Refurbed$/);
  });

  it('tells an order cancelled because its listing was withdrawn from a second sale cancelled', () => {
    const oversold = { channel: 'backmarket', orderId: '70000001', soldOn: 'shopify' };
    expect(line('de', 'OversoldCancelled', oversold, 'SOLD')).toEqual({ what: 'Zweiter Verkauf storniert', detail: 'Back Market, 70000001' });
    const withdrawn = { channel: 'backmarket', orderId: '70000002', listingWithdrawn: true };
    expect(line('de', 'OversoldCancelled', withdrawn, 'LISTED')).toEqual({ what: 'Bestellung storniert: Angebot war zurückgezogen', detail: 'Back Market, 70000002' });
    expect(line('en', 'OversoldCancelled', withdrawn, 'LISTED').what).toBe('Order cancelled: the listing had been withdrawn');
  });

  it('names the repair partner of a job by its name, and one the console does not know by its id', () => {
    const assigned = { jobId: 'P1-R1', partnerId: 'rp-geraetewerk-berlin', expectedCost: eur(4_500) };
    expect(line('de', 'RepairAssigned', assigned, 'IN_REPAIR')).toEqual({ what: 'Reparatur beauftragt', detail: 'Gerätewerk Berlin, erwartet 45.00 EUR' });
    expect(line('en', 'Repaired', { jobId: 'P1-R1', partnerId: 'rp-geraetewerk-berlin', cost: eur(5_400) }, 'REPAIRED')).toEqual({ what: 'Repaired', detail: 'Gerätewerk Berlin, 54.00 EUR' });
    expect(line('de', 'Unrepairable', { jobId: 'P1-R1', partnerId: 'rp-gone', notes: 'Platine korrodiert' }, 'RECYCLE')).toEqual({ what: 'Nicht reparierbar', detail: 'rp-gone, Platine korrodiert' });
  });

  it("says what a repair job may cost at most, and who raised it from what to what and why", () => {
    const assigned = { jobId: 'P1-R1', partnerId: 'rp-geraetewerk-berlin', expectedCost: eur(4_500), costLimit: eur(8_750) };
    expect(line('en', 'RepairAssigned', assigned, 'IN_REPAIR')).toEqual({ what: 'Repair ordered', detail: 'Gerätewerk Berlin, expected 45.00 EUR, limit 87.50 EUR' });
    const raised = { jobId: 'P1-R1', partnerId: 'rp-geraetewerk-berlin', from: eur(8_750), to: eur(12_000), reason: 'Mainboard too', by: 'admin-1' };
    expect(line('de', 'RepairCostLimitRaised', raised, 'IN_REPAIR')).toMatchObject({
      what: 'Kostengrenze der Reparatur erhöht',
      detail: 'Gerätewerk Berlin, 87.50 EUR → 120.00 EUR, Mainboard too',
    });
    expect(line('en', 'RepairCostLimitRaised', raised, 'IN_REPAIR')).toMatchObject({ what: "Repair's cost limit raised" });
  });

  it("words the customer's payout method, and shows a method it has no words for as written", () => {
    const requested = (payoutMethod: string) => ({ sku: 'PHONE-1', quoteId: 'q-1', selfAssessedGrade: 'GOOD', payoutMethod });
    expect(line('de', 'TakeBackRequested', requested('BANK_TRANSFER'), 'REQUESTED')).toEqual({ what: 'Rücknahme angefragt', detail: 'selbst eingeschätzt: Gut, Überweisung' });
    expect(line('en', 'TakeBackRequested', requested('VOUCHER'), 'REQUESTED')).toEqual({ what: 'Take-back requested', detail: 'self-assessed: Good, voucher' });
    expect(line('en', 'TakeBackRequested', requested('STORE_CREDIT'), 'REQUESTED').detail).toBe('self-assessed: Good, STORE_CREDIT');
    expect(line('en', 'TakeBackRequested', requested('constructor'), 'REQUESTED').detail).toBe('self-assessed: Good, constructor');
  });

  it('has no words for a code of a newer platform or for a name every object has, so the page shows the API words', () => {
    expect(wordsOf(CODE_LABELS.de.erasureBlockers, 'PAYOUT_NOT_MADE')).toBe('Die Auszahlung an die Kundin oder den Kunden ist noch nicht erfolgt.');
    for (const code of ['RETENTION_PERIOD', 'constructor', '__proto__', 'toString', undefined]) expect(wordsOf(CODE_LABELS.de.erasureBlockers, code)).toBeUndefined();
  });

  it('says where a person sent the item and why', () => {
    expect(line('en', 'RouteOverridden', { from: 'RESELL', route: 'RECYCLE', reason: 'Water damage found', by: 'subject-4' })).toEqual({
      what: 'Route changed',
      detail: 'Resell → Recycle, Water damage found',
      by: 'subject-4',
    });
  });

  it('says when a person took the item back from its repair partner, naming the partner', () => {
    const withdrawn = { from: 'REPAIR', route: 'REPAIR', reason: 'Werkstatt geschlossen', by: 'subject-5', withdrawn: { jobId: '01JD3Z6C5W9V1X4N2QHR7T8K0B-R1', partnerId: 'rp-geraetewerk-berlin' } };
    expect(line('de', 'RouteOverridden', withdrawn)).toEqual({
      what: 'Von der Reparatur zurückgeholt, Weg geändert',
      detail: 'Auftrag bei Gerätewerk Berlin zurückgezogen, Reparatur → Reparatur, Werkstatt geschlossen',
      by: 'subject-5',
    });
    expect(line('en', 'RouteOverridden', { ...withdrawn, route: 'RECYCLE', reason: 'Partner closed down' })).toEqual({
      what: 'Taken back from repair, route changed',
      detail: 'job withdrawn from Gerätewerk Berlin, Repair → Recycle, Partner closed down',
      by: 'subject-5',
    });
  });

  it("tells a customer's cancellation from one staff made for them, with the staff's reason", () => {
    expect(line('de', 'TakeBackCancelled', { from: 'LABEL_CREATED' }, 'CANCELLED')).toEqual({ what: 'Rücknahme storniert', detail: 'von der Kundschaft' });
    expect(line('en', 'TakeBackCancelled', { from: 'REQUESTED', by: 'subject-3', reason: 'Called, keeps it' }, 'CANCELLED')).toEqual({
      what: 'Take-back cancelled',
      detail: 'Called, keeps it',
      by: 'subject-3',
    });
  });

  it('says why a label was not made or a person is asked in the console language, and the reason of an event without facts as written', () => {
    const refused = { kind: 'LABEL_FAILED', error: 'CarrierRejected', message: 'Die Postleitzahl ist ungültig' };
    expect(line('de', 'LabelFailed', { reason: 'DHL refused the label request: …', error: 'CarrierRejected', basis: refused }, 'NEEDS_ATTENTION')).toEqual({
      what: 'Etikett nicht erstellt',
      detail: 'DHL hat die Etikettanfrage abgelehnt: Die Postleitzahl ist ungültig. Prüfen Sie die Adresse der Kundschaft und die DHL-Empfänger-ID der Marke.',
    });
    const held = { reason: 'The bank transfer PO-1 cannot be exported: …', basis: { kind: 'PAYOUT_HELD', payoutId: 'PO-1', problem: 'ALTERED' }, heldPayoutId: 'PO-1' };
    expect(line('de', 'NeedsAttention', held).detail).toMatch(/^Die Überweisung PO-1 kann nicht exportiert werden: Ihr versiegeltes Bankkonto wurde verändert/);
    expect(line('en', 'NeedsAttention', held).detail).toMatch(/^The bank transfer PO-1 cannot be exported: its sealed bank account was altered/);
    // Written before the platform kept the facts: as written.
    expect(line('de', 'LabelFailed', { reason: 'DHL refused the label request: x', error: 'CarrierRejected' }, 'NEEDS_ATTENTION')).toEqual({
      what: 'Etikett nicht erstellt',
      detail: 'DHL refused the label request: x',
    });
    expect(line('de', 'NeedsAttention', { reason: 'Routing failed (Error): boom' })).toEqual({ what: 'Braucht Aufmerksamkeit', detail: 'Routing failed (Error): boom' });
  });

  it('names an event whose data the catalogue does not read as written by its type alone, guessing no fact', () => {
    expect(line('de', 'Graded', { grade: 'SHINY', by: 'subject-1' })).toEqual({ what: 'Graded' });
    expect(line('de', 'ParcelReceived', { location: 7 }, 'RECEIVED')).toEqual({ what: 'ParcelReceived' });
  });

  it('words every customer e-mail in both languages, and an unknown template by its code', () => {
    for (const locale of ['de', 'en'] as const) {
      expect([...EVENT_EMAIL_TEMPLATES, 'label'].filter((template) => !TIMELINE_WORDS[locale].emails[template])).toEqual([]);
    }
    expect(line('en', 'CustomerEmailSent', { template: 'voucher-issued', messageId: 'm', forEventId: 'x/4' }).detail).toBe('voucher');
    expect(line('en', 'CustomerEmailSent', { template: 'newsletter', messageId: 'm', forEventId: 'x/4' }).detail).toBe('newsletter');
  });
});
