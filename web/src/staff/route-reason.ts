import type { Route, RouteBasis } from '../../../shared/domain/routing';
import type { Messages } from '../locales';
import type { TimelineFormats } from './timeline';

type Formats = Pick<TimelineFormats, 'labels' | 'money'>;
type Basis<K extends RouteBasis['kind']> = Extract<RouteBasis, { kind: K }>;
type RouteReasonWords = { [K in RouteBasis['kind']]: (basis: Basis<K>, route: Route, formats: Formats) => string };

/** A net amount of the economics' currency. */
const net = (basis: Basis<'ECONOMICS'>, amount: number, f: Formats) => f.money({ amount, currency: basis.currency });

/**
 * Why an item took its route, in the console's language, from the facts the platform kept with the
 * route (`RouteBasis`); the API's `reason` says the same in English.
 */
export const ROUTE_REASON_WORDS: Messages<RouteReasonWords> = {
  de: {
    ECONOMICS: (b, route, f) => {
      const resell = net(b, b.resellMargin, f);
      const recycling = net(b, b.recyclingValue, f);
      const repair = b.repairMargin === null ? undefined : net(b, b.repairMargin, f);
      if (route === 'REPAIR' && repair !== undefined) {
        return `Die Reparatur auf ${f.labels.grades[b.restoresTo]} bringt netto ${repair}, mehr als der Verkauf im jetzigen Zustand (${resell}) und das Recycling (${recycling})`;
      }
      if (route === 'RESELL') {
        const repairing =
          repair === undefined ? '' : b.repairMargin === b.resellMargin ? ' und so viel wie die Reparatur; er gewinnt als der schnellere Verkauf' : ` und die Reparatur (${repair})`;
        return `Der Verkauf im jetzigen Zustand bringt netto ${resell}, mehr als das Recycling (${recycling})${repairing}`;
      }
      return repair === undefined
        ? `Der Verkauf im jetzigen Zustand (${resell}) bringt nicht mehr als das Recycling (${recycling})`
        : `Weder der Verkauf im jetzigen Zustand (${resell}) noch die Reparatur (${repair}) bringt mehr als das Recycling (${recycling})`;
    },
    FORCED: (b, route, f) => `Die Marke gibt jedes Stück der Kategorie „${b.category}“ im Zustand ${f.labels.grades[b.grade]} in: ${f.labels.routes[route]}`,
    SALE_RETURN: (b, _route, f) => `Vom Käufer zurückgeschickt (${f.labels.saleReturnReasons[b.reason]})`,
    UNREPAIRABLE: (b) => `${b.partnerName} hat das Stück als nicht reparierbar befunden${b.notes ? `: ${b.notes}` : ''}`,
  },
  en: {
    ECONOMICS: (b, route, f) => {
      const resell = net(b, b.resellMargin, f);
      const recycling = net(b, b.recyclingValue, f);
      const repair = b.repairMargin === null ? undefined : net(b, b.repairMargin, f);
      if (route === 'REPAIR' && repair !== undefined) {
        return `Repairing to ${f.labels.grades[b.restoresTo]} recovers ${repair} net, more than reselling as is (${resell}) and recycling (${recycling})`;
      }
      if (route === 'RESELL') {
        const repairing =
          repair === undefined ? '' : b.repairMargin === b.resellMargin ? ' and as much as repairing, which it wins as the quicker sale' : ` and repairing (${repair})`;
        return `Reselling as is recovers ${resell} net, more than recycling (${recycling})${repairing}`;
      }
      return repair === undefined
        ? `Reselling as is (${resell}) does not beat recycling (${recycling})`
        : `Neither reselling as is (${resell}) nor repairing (${repair}) beats recycling (${recycling})`;
    },
    FORCED: (b, route, f) => `The brand routes every item of the category “${b.category}” in grade ${f.labels.grades[b.grade]} to: ${f.labels.routes[route]}`,
    SALE_RETURN: (b, _route, f) => `Sent back by its buyer (${f.labels.saleReturnReasons[b.reason]})`,
    UNREPAIRABLE: (b) => `${b.partnerName} found the item unrepairable${b.notes ? `: ${b.notes}` : ''}`,
  },
};

/**
 * A route's reason as staff read it: the platform's facts in the console's language, or, without
 * them (a person's override in their own words, a passport routed before the platform kept them),
 * the reason as written.
 */
export function routeReason(route: Route, reason: string, basis: RouteBasis | undefined, words: RouteReasonWords, formats: Formats): string {
  // Facts of a kind this page does not know (a console left open while a newer platform was deployed): as written.
  if (!basis || !Object.hasOwn(words, basis.kind)) return reason;
  return (words[basis.kind] as (basis: RouteBasis, route: Route, formats: Formats) => string)(basis, route, formats);
}
