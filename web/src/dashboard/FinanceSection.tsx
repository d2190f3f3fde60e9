import { useMemo } from 'react';
import type { FinanceReport } from '../../../shared/schemas/reports';
import { majorUnits } from '../../../shared/domain/money';
import { formatMoney, useLocale, useMessages } from '../i18n';
import { formatCount, formatKey, formatShare } from './figures';
import { ReportChart, SERIES_COLOURS } from './ReportChart';
import { ReportState, type Loaded } from './report-state';
import { TableScroll } from '../staff/TableScroll';

const TEXT = {
  de: {
    title: 'Finanzen',
    revenue: 'Erlöse',
    costs: 'Kosten',
    margin: 'Marge',
    roi: 'Rendite (Marge ÷ Kosten)',
    sold: 'Verkauft',
    paid: 'Ausgezahlt',
    buyerReturns: 'Rücksendungen von Käufern',
    refunds: 'Erstattungen',
    byMonth: 'Marge je Monat',
    byCategory: 'Marge je Kategorie',
    monthChart: 'Erlöse, Erstattungen, Kosten und Marge je Monat als Balkendiagramm; die Zahlen stehen in der Tabelle darunter',
    categoryChart: 'Marge je Kategorie als Balkendiagramm; die Zahlen stehen in der Tabelle darunter',
    month: 'Monat',
    category: 'Kategorie',
    total: 'Summe',
  },
  en: {
    title: 'Finance',
    revenue: 'Revenue',
    costs: 'Costs',
    margin: 'Margin',
    roi: 'ROI (margin ÷ costs)',
    sold: 'Sold',
    paid: 'Paid out',
    buyerReturns: 'Returned by buyers',
    refunds: 'Refunds',
    byMonth: 'Margin by month',
    byCategory: 'Margin by category',
    monthChart: 'Revenue, refunds, costs and margin per month as a bar chart; the figures are in the table below',
    categoryChart: 'Margin per category as a bar chart; the figures are in the table below',
    month: 'Month',
    category: 'Category',
    total: 'Total',
  },
};

/** The finance report: totals, and the margin by month and by category. */
export function FinanceSection({ byMonth, byCategory }: { byMonth: Loaded<FinanceReport>; byCategory: Loaded<FinanceReport> }) {
  const t = useMessages(TEXT);
  const { locale } = useLocale();
  const months = byMonth && 'report' in byMonth ? byMonth.report : undefined;
  const categories = byCategory && 'report' in byCategory ? byCategory.report : undefined;
  const monthConfig = useMemo(
    () =>
      months && {
        type: 'bar' as const,
        data: {
          labels: months.rows.map((row) => formatKey(row.key, locale)),
          datasets: [
            { label: t.revenue, data: months.rows.map((row) => majorUnits(row.revenue, months.currency)), backgroundColor: SERIES_COLOURS[0] },
            // Refunds to buyers who sent an item back, so that the bars add up: margin = revenue − refunds − costs.
            { label: t.refunds, data: months.rows.map((row) => majorUnits(row.refunds, months.currency)), backgroundColor: SERIES_COLOURS[3] },
            { label: t.costs, data: months.rows.map((row) => majorUnits(row.costs, months.currency)), backgroundColor: SERIES_COLOURS[1] },
            { label: t.margin, data: months.rows.map((row) => majorUnits(row.margin, months.currency)), backgroundColor: SERIES_COLOURS[2] },
          ],
        },
        options: { scales: { y: { title: { display: true, text: months.currency } } } },
      },
    [months, locale, t],
  );
  const categoryConfig = useMemo(
    () =>
      categories && {
        type: 'bar' as const,
        data: {
          labels: categories.rows.map((row) => formatKey(row.key, locale, categories.categoryNames)),
          datasets: [{ label: t.margin, data: categories.rows.map((row) => majorUnits(row.margin, categories.currency)), backgroundColor: SERIES_COLOURS[2] }],
        },
        options: { indexAxis: 'y' as const, scales: { x: { title: { display: true, text: categories.currency } } } },
      },
    [categories, locale, t],
  );
  const money = (minor: number, currency: string) => formatMoney(minor, currency, locale);

  return (
    <section className="report" aria-labelledby="finance-title">
      <h2 id="finance-title">{t.title}</h2>
      <ReportState loaded={byMonth} />
      {months && monthConfig ? (
        <>
          <dl className="figures" data-testid="finance-totals">
            <div>
              <dt>{t.revenue}</dt>
              <dd>{money(months.totals.revenue, months.currency)}</dd>
            </div>
            <div>
              <dt>{t.refunds}</dt>
              <dd>{money(months.totals.refunds, months.currency)}</dd>
            </div>
            <div>
              <dt>{t.costs}</dt>
              <dd>{money(months.totals.costs, months.currency)}</dd>
            </div>
            <div>
              <dt>{t.margin}</dt>
              <dd>{money(months.totals.margin, months.currency)}</dd>
            </div>
            <div>
              <dt>{t.roi}</dt>
              <dd>{formatShare(months.totals.roi, locale)}</dd>
            </div>
          </dl>
          <h3>{t.byMonth}</h3>
          <ReportChart config={monthConfig} label={t.monthChart} />
          <FinanceTable report={months} keyLabel={t.month} caption={t.byMonth} />
        </>
      ) : null}
      <h3>{t.byCategory}</h3>
      <ReportState loaded={byCategory} />
      {categories && categoryConfig ? (
        <>
          <ReportChart config={categoryConfig} label={t.categoryChart} />
          <FinanceTable report={categories} keyLabel={t.category} caption={t.byCategory} />
        </>
      ) : null}
    </section>
  );
}

function FinanceTable({ report, keyLabel, caption }: { report: FinanceReport; keyLabel: string; caption: string }) {
  const t = useMessages(TEXT);
  const { locale } = useLocale();
  const money = (minor: number) => formatMoney(minor, report.currency, locale);
  return (
    <TableScroll label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{keyLabel}</th>
            <th scope="col" className="number">{t.paid}</th>
            <th scope="col" className="number">{t.sold}</th>
            <th scope="col" className="number">{t.buyerReturns}</th>
            <th scope="col" className="number">{t.revenue}</th>
            <th scope="col" className="number">{t.refunds}</th>
            <th scope="col" className="number">{t.costs}</th>
            <th scope="col" className="number">{t.margin}</th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{formatKey(row.key, locale, report.categoryNames)}</th>
              <td className="number">{formatCount(row.itemsPaid, locale)}</td>
              <td className="number">{formatCount(row.itemsSold, locale)}</td>
              <td className="number">{formatCount(row.buyerReturns, locale)}</td>
              <td className="number">{money(row.revenue)}</td>
              <td className="number">{money(row.refunds)}</td>
              <td className="number">{money(row.costs)}</td>
              <td className="number">{money(row.margin)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t.total}</th>
            <td className="number">{formatCount(report.totals.itemsPaid, locale)}</td>
            <td className="number">{formatCount(report.totals.itemsSold, locale)}</td>
            <td className="number">{formatCount(report.totals.buyerReturns, locale)}</td>
            <td className="number">{money(report.totals.revenue)}</td>
            <td className="number">{money(report.totals.refunds)}</td>
            <td className="number">{money(report.totals.costs)}</td>
            <td className="number">{money(report.totals.margin)}</td>
          </tr>
        </tfoot>
      </table>
    </TableScroll>
  );
}
