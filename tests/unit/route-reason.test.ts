import { describe, expect, it } from 'vitest';
import { demoRouteRules } from '../../local/seed/demo-brand';
import type { Product } from '../../shared/domain/catalog';
import { decideRoute, type RouteBasis } from '../../shared/domain/routing';
import { RouteBasisSchema } from '../../shared/schemas/common';
import { CODE_LABELS } from '../../web/src/staff/labels';
import { ROUTE_REASON_WORDS, routeReason } from '../../web/src/staff/route-reason';
import { describeEvent, TIMELINE_WORDS } from '../../web/src/staff/timeline';

const formats = (locale: 'de' | 'en') => ({
  labels: CODE_LABELS[locale],
  partnerName: (partnerId: string) => partnerId,
  money: ({ amount, currency }: { amount: number; currency: string }) => `${(amount / 100).toFixed(2)} ${currency}`,
  dateTime: (iso: string) => iso.slice(0, 10),
});
const economics = (margins: { resellMargin: number; repairMargin: number | null }): RouteBasis => ({
  kind: 'ECONOMICS',
  currency: 'EUR',
  recyclingValue: 400,
  restoresTo: 'GOOD',
  ...margins,
});
const words = (locale: 'de' | 'en', route: 'RESELL' | 'REPAIR' | 'RECYCLE', basis: RouteBasis | undefined, reason = 'as written') =>
  routeReason(route, reason, basis, ROUTE_REASON_WORDS[locale], formats(locale));

describe("a route's reason in the console's language", () => {
  it('words the economics behind each route with its figures', () => {
    expect(words('de', 'REPAIR', economics({ resellMargin: 14_314, repairMargin: 16_802 }))).toBe(
      'Die Reparatur auf Gut bringt netto 168.02 EUR, mehr als der Verkauf im jetzigen Zustand (143.14 EUR) und das Recycling (4.00 EUR)',
    );
    expect(words('en', 'REPAIR', economics({ resellMargin: 14_314, repairMargin: 16_802 }))).toBe(
      'Repairing to Good recovers 168.02 EUR net, more than reselling as is (143.14 EUR) and recycling (4.00 EUR)',
    );
    expect(words('de', 'RESELL', economics({ resellMargin: 30_000, repairMargin: null }))).toBe(
      'Der Verkauf im jetzigen Zustand bringt netto 300.00 EUR, mehr als das Recycling (4.00 EUR)',
    );
    expect(words('de', 'RESELL', economics({ resellMargin: 30_000, repairMargin: 22_000 }))).toBe(
      'Der Verkauf im jetzigen Zustand bringt netto 300.00 EUR, mehr als das Recycling (4.00 EUR) und die Reparatur (220.00 EUR)',
    );
    expect(words('en', 'RESELL', economics({ resellMargin: 30_000, repairMargin: 30_000 }))).toBe(
      'Reselling as is recovers 300.00 EUR net, more than recycling (4.00 EUR) and as much as repairing, which it wins as the quicker sale',
    );
    expect(words('de', 'RECYCLE', economics({ resellMargin: -1_750, repairMargin: -27_000 }))).toBe(
      'Weder der Verkauf im jetzigen Zustand (-17.50 EUR) noch die Reparatur (-270.00 EUR) bringt mehr als das Recycling (4.00 EUR)',
    );
    expect(words('en', 'RECYCLE', economics({ resellMargin: 300, repairMargin: null }))).toBe('Reselling as is (3.00 EUR) does not beat recycling (4.00 EUR)');
  });

  it("words a brand's forced route, a buyer's return and a partner's verdict", () => {
    expect(words('de', 'RECYCLE', { kind: 'FORCED', category: 'shoes', grade: 'DEFECTIVE' })).toBe(
      'Die Marke gibt jedes Stück der Kategorie „shoes“ im Zustand Defekt in: Recycling',
    );
    expect(words('en', 'RESELL', { kind: 'SALE_RETURN', reason: 'NOT_AS_DESCRIBED' })).toBe(
      `Sent back by its buyer (${CODE_LABELS.en.saleReturnReasons.NOT_AS_DESCRIBED})`,
    );
    expect(words('de', 'RECYCLE', { kind: 'UNREPAIRABLE', partnerName: 'FixIt Berlin', notes: 'Board corroded' })).toBe(
      'FixIt Berlin hat das Stück als nicht reparierbar befunden: Board corroded',
    );
    expect(words('en', 'RECYCLE', { kind: 'UNREPAIRABLE', partnerName: 'FixIt Berlin' })).toBe('FixIt Berlin found the item unrepairable');
  });

  it("keeps a person's own words, and a reason stored before the platform kept its facts, as written", () => {
    expect(words('de', 'RECYCLE', undefined, 'Wasserschaden gefunden')).toBe('Wasserschaden gefunden');
  });

  it('keeps the reason as written for facts of a kind the page does not know, as a console left open across a deploy reads them', () => {
    for (const kind of ['A_KIND_ADDED_LATER', 'constructor']) expect(words('de', 'RECYCLE', { kind } as never, 'Something new decided it')).toBe('Something new decided it');
  });

  it('words every decision the demo rules make, with facts their schema reads', () => {
    const grades = ['LIKE_NEW', 'GOOD', 'FAIR', 'DEFECTIVE'] as const;
    const routes = new Set<string>();
    for (const [category] of Object.entries(demoRouteRules.categories)) {
      const product: Product = { sku: `${category}-1`, name: category, category, newPrice: { amount: 49_900, currency: demoRouteRules.currency }, weightGrams: 500 };
      for (const grade of grades) {
        const decision = decideRoute({ product, grade, rules: demoRouteRules });
        routes.add(decision.route);
        expect(RouteBasisSchema.parse(decision.basis)).toEqual(decision.basis);
        for (const locale of ['de', 'en'] as const) {
          const said = words(locale, decision.route, decision.basis);
          expect(said).not.toBe('as written');
          expect(said).not.toMatch(/undefined|NaN/);
          if (decision.basis?.kind === 'ECONOMICS') {
            const { resellMargin, recyclingValue, repairMargin, currency } = decision.basis;
            for (const figure of [resellMargin, recyclingValue, ...(repairMargin === null ? [] : [repairMargin])]) expect(said).toContain(formats(locale).money({ amount: figure, currency }));
          }
        }
      }
    }
    expect(routes.size).toBeGreaterThan(1);
  });

  it("tells the timeline's recycling in words from the event's facts", () => {
    const event = {
      seq: 9,
      type: 'RoutedToRecycling' as const,
      at: '2026-12-06T08:00:00.000Z',
      state: 'RECYCLE' as const,
      data: { reason: 'FixIt Berlin found the item unrepairable', basis: { kind: 'UNREPAIRABLE', partnerName: 'FixIt Berlin' } },
    };
    expect(describeEvent(event, TIMELINE_WORDS.de, formats('de'))).toEqual({ what: 'Zum Recycling', detail: 'FixIt Berlin hat das Stück als nicht reparierbar befunden' });
    expect(describeEvent({ ...event, data: { reason: 'Water damage' } }, TIMELINE_WORDS.de, formats('de'))).toEqual({ what: 'Zum Recycling', detail: 'Water damage' });
  });
});
