import { useMemo } from 'react';
import { categoryName } from '../../../shared/domain/category-names';
import { impactMethod } from '../../../shared/domain/impact-method';
import type { ImpactReport } from '../../../shared/schemas/reports';
import { useLocale, useMessages } from '../i18n';
import { ReportState, type Loaded } from './report-state';
import { formatCount, formatKey, formatKg } from './figures';
import { ReportChart, SERIES_COLOURS } from './ReportChart';
import { TableScroll } from '../staff/TableScroll';

const TEXT = {
  de: {
    title: 'Wirkung',
    keptInUse: 'Weiter genutzt',
    recycled: 'Recycelt',
    diverted: 'Vor dem Abfall bewahrt',
    net: 'CO2e vermieden (netto)',
    gross: 'CO2e vermieden (brutto)',
    transport: 'CO2e der Rücksendungen',
    month: 'Monat',
    chart: (from: string, to: string) => `Vermiedenes CO2e je Monat, ${from} bis ${to}; die Zahlen stehen in der Tabelle darunter`,
    caption: 'Wirkung je Monat',
    total: 'Summe',
    factors: 'Faktoren und Quellen',
    noFactor: 'kein Faktor',
    items: (count: number) => `${count} weiter genutzte${count === 1 ? 'r' : ''} Artikel`,
  },
  en: {
    title: 'Impact',
    keptInUse: 'Kept in use',
    recycled: 'Recycled',
    diverted: 'Kept out of waste',
    net: 'CO2e avoided (net)',
    gross: 'CO2e avoided (gross)',
    transport: 'CO2e of the return parcels',
    month: 'Month',
    chart: (from: string, to: string) => `CO2e avoided per month, ${from} to ${to}; the figures are in the table below`,
    caption: 'Impact per month',
    total: 'Total',
    factors: 'Factors and sources',
    noFactor: 'no factor',
    items: (count: number) => `${count} ${count === 1 ? 'item' : 'items'} kept in use`,
  },
};

/** The impact report by month: the totals, the CO2e avoided over time, and the factors behind it. */
export function ImpactSection({ loaded }: { loaded: Loaded<ImpactReport> }) {
  const t = useMessages(TEXT);
  const { locale } = useLocale();
  const report = loaded && 'report' in loaded ? loaded.report : undefined;
  const config = useMemo(
    () =>
      report && {
        type: 'line' as const,
        data: {
          labels: report.rows.map((row) => formatKey(row.key, locale, report.categoryNames)),
          datasets: [
            { label: t.net, data: report.rows.map((row) => row.kgCo2eNet), borderColor: SERIES_COLOURS[2], backgroundColor: SERIES_COLOURS[2] },
            { label: t.gross, data: report.rows.map((row) => row.kgCo2eGross), borderColor: SERIES_COLOURS[0], backgroundColor: SERIES_COLOURS[0], borderDash: [6, 4] },
          ],
        },
        options: { scales: { y: { beginAtZero: true, title: { display: true, text: 'kg CO2e' } } } },
      },
    [report, locale, t],
  );
  return (
    <section className="report" aria-labelledby="impact-title">
      <h2 id="impact-title">{t.title}</h2>
      <ReportState loaded={loaded} />
      {report && config ? (
        <>
          <dl className="figures" data-testid="impact-totals">
            <div>
              <dt>{t.keptInUse}</dt>
              <dd>{formatCount(report.totals.itemsKeptInUse, locale)}</dd>
            </div>
            <div>
              <dt>{t.recycled}</dt>
              <dd>{formatCount(report.totals.itemsRecycled, locale)}</dd>
            </div>
            <div>
              <dt>{t.diverted}</dt>
              <dd>{formatKg(report.totals.kgDiverted, locale)}</dd>
            </div>
            <div>
              <dt>{t.net}</dt>
              <dd>{formatKg(report.totals.kgCo2eNet, locale)}</dd>
            </div>
          </dl>
          <ReportChart config={config} label={t.chart(formatKey(report.from, locale), formatKey(report.to, locale))} />
          <TableScroll label={t.caption}>
            <table>
              <caption>{t.caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.month}</th>
                  <th scope="col" className="number">{t.keptInUse}</th>
                  <th scope="col" className="number">{t.recycled}</th>
                  <th scope="col" className="number">{t.diverted}</th>
                  <th scope="col" className="number">{t.gross}</th>
                  <th scope="col" className="number">{t.transport}</th>
                  <th scope="col" className="number">{t.net}</th>
                </tr>
              </thead>
              <tbody>
                {report.rows.map((row) => (
                  <tr key={row.key}>
                    <th scope="row">{formatKey(row.key, locale, report.categoryNames)}</th>
                    <td className="number">{formatCount(row.itemsKeptInUse, locale)}</td>
                    <td className="number">{formatCount(row.itemsRecycled, locale)}</td>
                    <td className="number">{formatKg(row.kgDiverted, locale)}</td>
                    <td className="number">{formatKg(row.kgCo2eGross, locale)}</td>
                    <td className="number">{formatKg(row.kgCo2eTransport, locale)}</td>
                    <td className="number">{formatKg(row.kgCo2eNet, locale)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t.total}</th>
                  <td className="number">{formatCount(report.totals.itemsKeptInUse, locale)}</td>
                  <td className="number">{formatCount(report.totals.itemsRecycled, locale)}</td>
                  <td className="number">{formatKg(report.totals.kgDiverted, locale)}</td>
                  <td className="number">{formatKg(report.totals.kgCo2eGross, locale)}</td>
                  <td className="number">{formatKg(report.totals.kgCo2eTransport, locale)}</td>
                  <td className="number">{formatKg(report.totals.kgCo2eNet, locale)}</td>
                </tr>
              </tfoot>
            </table>
          </TableScroll>
          <details>
            <summary>{t.factors}</summary>
            {/* The API's `method` is English; the same facts in the page's language. */}
            <p>{impactMethod(report.transport, locale)}</p>
            <ul>
              {/* One line per factor the figures used: a category has two when its factor changed within the period. */}
              {report.factors.map((factor, index) => (
                <li key={`${factor.category}-${index}`}>
                  <strong>{categoryName(factor.category, locale, report.categoryNames)}</strong>: {factor.kgCo2ePerItem === null ? t.noFactor : formatKg(factor.kgCo2ePerItem, locale)}, {t.items(factor.items)}
                  {factor.source ? ` — ${factor.source}${factor.year ? ` (${factor.year})` : ''}` : ''}. {factor.note}
                </li>
              ))}
            </ul>
          </details>
        </>
      ) : null}
    </section>
  );
}
