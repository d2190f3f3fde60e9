import { useMemo } from 'react';
import type { ReturnsReport } from '../../../shared/schemas/reports';
import { useLocale, useMessages } from '../i18n';
import { CODE_LABELS } from '../staff/labels';
import { formatCount, formatShare } from './figures';
import { ReportChart, SERIES_COLOURS } from './ReportChart';
import { ReportState, type Loaded } from './report-state';
import { TableScroll } from '../staff/TableScroll';

const TEXT = {
  de: {
    title: 'Rücknahmen',
    requested: 'Angefragt',
    cancelled: 'Storniert',
    rejected: 'Abgelehnt (leer oder anderer Artikel)',
    rejectedShort: 'Abgelehnt',
    sentBack: 'Zurückgeschickt',
    received: 'Eingegangen',
    graded: 'Bewertet',
    recovery: 'Wiederverwertungsquote',
    routeMix: 'Wege der bewerteten Artikel',
    routeChart: 'Wege der bewerteten Artikel als Ringdiagramm; die Zahlen stehen in der Tabelle daneben',
    route: 'Weg',
    items: 'Artikel',
    products: 'Häufigste Rückgabegründe je Produkt',
    product: 'Produkt',
    resellable: 'Wiederverkaufbar',
    reasons: 'Gründe (Anzahl)',
    noReasons: 'keine angegeben',
    noProducts: 'Im Zeitraum wurde nichts zurückgegeben.',
  },
  en: {
    title: 'Returns',
    requested: 'Requested',
    cancelled: 'Cancelled',
    rejected: 'Rejected (empty or another item)',
    rejectedShort: 'Rejected',
    sentBack: 'Sent back',
    received: 'Received',
    graded: 'Graded',
    recovery: 'Recovery rate',
    routeMix: 'Routes of the graded items',
    routeChart: 'Routes of the graded items as a doughnut chart; the figures are in the table beside it',
    route: 'Route',
    items: 'Items',
    products: 'Top return reasons per product',
    product: 'Product',
    resellable: 'Resellable',
    reasons: 'Reasons (count)',
    noReasons: 'none given',
    noProducts: 'Nothing was returned in the period.',
  },
};

const ROUTE_ORDER = ['RESELL', 'REPAIR', 'RECYCLE'] as const;

/** The returns report: volumes, the route mix of the graded items, and each product's top return reasons. */
export function ReturnsSection({ loaded }: { loaded: Loaded<ReturnsReport> }) {
  const t = useMessages(TEXT);
  const labels = useMessages(CODE_LABELS);
  const { locale } = useLocale();
  const report = loaded && 'report' in loaded ? loaded.report : undefined;
  const config = useMemo(
    () =>
      report && {
        type: 'doughnut' as const,
        data: {
          labels: ROUTE_ORDER.map((route) => labels.routes[route]),
          datasets: [{ label: t.items, data: ROUTE_ORDER.map((route) => report.totals.routeMix[route]), backgroundColor: [SERIES_COLOURS[2], SERIES_COLOURS[1], SERIES_COLOURS[3]] }],
        },
      },
    [report, labels, t],
  );
  return (
    <section className="report" aria-labelledby="returns-title">
      <h2 id="returns-title">{t.title}</h2>
      <ReportState loaded={loaded} />
      {report && config ? (
        <>
          <dl className="figures" data-testid="returns-totals">
            <div>
              <dt>{t.requested}</dt>
              <dd>{formatCount(report.totals.requested, locale)}</dd>
            </div>
            <div>
              <dt>{t.cancelled}</dt>
              <dd>{formatCount(report.totals.cancelled, locale)}</dd>
            </div>
            <div>
              <dt>{t.received}</dt>
              <dd>{formatCount(report.totals.received, locale)}</dd>
            </div>
            <div>
              <dt>{t.rejected}</dt>
              <dd>{formatCount(report.totals.rejected, locale)}</dd>
            </div>
            <div>
              <dt>{t.sentBack}</dt>
              <dd>{formatCount(report.totals.sentBack, locale)}</dd>
            </div>
            <div>
              <dt>{t.graded}</dt>
              <dd>{formatCount(report.totals.graded, locale)}</dd>
            </div>
            <div>
              <dt>{t.recovery}</dt>
              <dd>{formatShare(report.totals.recoveryRate, locale)}</dd>
            </div>
          </dl>
          <div className="chart-with-table">
            <ReportChart config={config} label={t.routeChart} />
            <TableScroll label={t.routeMix}>
              <table>
                <caption>{t.routeMix}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t.route}</th>
                    <th scope="col" className="number">{t.items}</th>
                  </tr>
                </thead>
                <tbody>
                  {ROUTE_ORDER.map((route) => (
                    <tr key={route}>
                      <th scope="row">{labels.routes[route]}</th>
                      <td className="number">{formatCount(report.totals.routeMix[route], locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </div>
          <h3>{t.products}</h3>
          {report.products.length === 0 ? (
            <p>{t.noProducts}</p>
          ) : (
            <TableScroll label={t.products}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t.product}</th>
                    <th scope="col" className="number">{t.requested}</th>
                    <th scope="col" className="number">{t.cancelled}</th>
                    <th scope="col" className="number">{t.rejectedShort}</th>
                    <th scope="col" className="number">{t.resellable}</th>
                    <th scope="col">{t.reasons}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.products.map((product) => (
                    <tr key={product.sku}>
                      <th scope="row">
                        {product.name}
                        <br />
                        <span className="muted mono">{product.sku}</span>
                      </th>
                      <td className="number">{formatCount(product.requested, locale)}</td>
                      <td className="number">{formatCount(product.cancelled, locale)}</td>
                      <td className="number">{formatCount(product.rejected, locale)}</td>
                      <td className="number">{formatShare(product.resellableShare, locale)}</td>
                      <td>
                        {product.topReturnReasons.length === 0 ? (
                          <span className="muted">{t.noReasons}</span>
                        ) : (
                          <ol className="reasons">
                            {product.topReturnReasons.map((reason) => (
                              <li key={reason.code}>
                                {reason.label} ({formatCount(reason.count, locale)})
                              </li>
                            ))}
                          </ol>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </>
      ) : null}
    </section>
  );
}
