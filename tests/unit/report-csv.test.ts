import { describe, expect, it } from 'vitest';
import { renderReportCsv } from '../../shared/domain/report-csv';
import { aFinanceReport, anImpactReport, aReturnsReport, financeFigures, impactFigures } from '../support/sample-reports';

/** The CSV's records split into cells, for a CSV without quoted fields. */
function cellsOf(csv: string): string[][] {
  return csv.split('\r\n').slice(0, -1).map((line) => line.split(','));
}

/** One column of the CSV by its header, as a map from the first cell of each record. */
function column(csv: string, name: string): Map<string, string> {
  const [header = [], ...records] = cellsOf(csv);
  const index = header.indexOf(name);
  return new Map(records.map((record) => [record[0] ?? '', record[index] ?? '']));
}

describe('renderReportCsv', () => {
  it('writes a header of the figure names, one record per row and a totals record, each ending in CRLF', () => {
    const csv = renderReportCsv(anImpactReport());

    expect(csv.split('\r\n')).toEqual([
      'month,itemsKeptInUse,itemsRecycled,kgDiverted,kgCo2eGross,kgCo2eTransport,kgCo2eNet',
      '2026-01,3,1,0.77,73.8,0.41,73.39',
      '2026-02,0,0,0,0,0,0',
      '2026-03,1209,7,1234.5,29741.4,130.2,29611.2',
      'total,1212,8,1235.27,29815.2,130.61,29684.59',
      '',
    ]);
  });

  it('names the first column by the grouping', () => {
    const csv = renderReportCsv(anImpactReport({ groupBy: 'category', rows: [{ key: 'smartphone', ...impactFigures() }] }));

    expect(cellsOf(csv).map((record) => record[0])).toEqual(['category', 'smartphone', 'total']);
  });

  it('writes money in decimal units of the currency, beside a currency column', () => {
    const csv = renderReportCsv(aFinanceReport());

    expect(cellsOf(csv)[0]?.slice(0, 4)).toEqual(['month', 'currency', 'itemsPaid', 'payouts']);
    expect(column(csv, 'currency').get('2026-01')).toBe('EUR');
    expect(column(csv, 'payouts').get('2026-01')).toBe('298.00');
    expect(column(csv, 'fees').get('2026-01')).toBe('20.05');
    expect(column(csv, 'margin').get('total')).toBe('49.17');
    expect(column(csv, 'itemsPaid').get('total')).toBe('2');
  });

  it('writes amounts of a currency without minor units as they are', () => {
    const report = aFinanceReport({ currency: 'JPY', rows: [], totals: financeFigures({ payouts: 1_500, margin: -7 }) });

    expect(column(renderReportCsv(report), 'payouts').get('total')).toBe('1500');
    expect(column(renderReportCsv(report), 'margin').get('total')).toBe('-7');
  });

  it('writes an unknown figure as an empty cell', () => {
    const csv = renderReportCsv(aFinanceReport());

    expect(column(csv, 'roi').get('2026-02')).toBe('');
    expect(column(csv, 'roi').get('total')).toBe('0.2343');
  });

  it('flattens nested figures into dotted columns, in the order of the schema', () => {
    const csv = renderReportCsv(aReturnsReport());

    expect(cellsOf(csv)[0]).toEqual([
      'category',
      'requested',
      'cancelled',
      'received',
      'rejected',
      'sentBack',
      'graded',
      'sold',
      'recycled',
      'gradeMix.LIKE_NEW',
      'gradeMix.GOOD',
      'gradeMix.FAIR',
      'gradeMix.DEFECTIVE',
      'routeMix.RESELL',
      'routeMix.REPAIR',
      'routeMix.RECYCLE',
      'recoveryRate',
      'cycleTimes.requestToReceipt.count',
      'cycleTimes.requestToReceipt.p50Hours',
      'cycleTimes.requestToReceipt.p90Hours',
      'cycleTimes.receiptToGrading.count',
      'cycleTimes.receiptToGrading.p50Hours',
      'cycleTimes.receiptToGrading.p90Hours',
      'cycleTimes.gradingToPayout.count',
      'cycleTimes.gradingToPayout.p50Hours',
      'cycleTimes.gradingToPayout.p90Hours',
      'cycleTimes.gradingToSale.count',
      'cycleTimes.gradingToSale.p50Hours',
      'cycleTimes.gradingToSale.p90Hours',
    ]);
    expect(column(csv, 'gradeMix.DEFECTIVE').get('smartphone')).toBe('1');
    expect(column(csv, 'cycleTimes.requestToReceipt.p90Hours').get('total')).toBe('70.5');
    expect(column(csv, 'cycleTimes.gradingToSale.p50Hours').get('total')).toBe('');
  });

  it('quotes a key holding a comma, a quote or a line break, doubling its quotes', () => {
    const report = anImpactReport({
      groupBy: 'category',
      rows: [
        { key: 'shoes, boots', ...impactFigures() },
        { key: 'the "good" ones', ...impactFigures() },
        { key: 'two\nlines', ...impactFigures() },
      ],
    });

    const lines = renderReportCsv(report).split('\r\n');

    expect(lines[1]).toBe('"shoes, boots",0,0,0,0,0,0');
    expect(lines[2]).toBe('"the ""good"" ones",0,0,0,0,0,0');
    expect(lines[3]).toBe('"two\nlines",0,0,0,0,0,0');
  });

  it.each(['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd'])(
    'writes the key %j as text a spreadsheet does not run',
    (key) => {
      const csv = renderReportCsv(anImpactReport({ groupBy: 'category', rows: [{ key, ...impactFigures() }] }));

      const cell = csv.split('\r\n')[1]?.replace(/,0,0,0,0,0,0$/, '') ?? '';
      const text = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
      expect(text).toBe(`'${key}`);
    },
  );

  it('writes a loss as a negative amount, not as guarded text', () => {
    const csv = renderReportCsv(aFinanceReport({ rows: [], totals: financeFigures({ costs: 1_083, margin: -1_083 }) }));

    expect(column(csv, 'margin').get('total')).toBe('-10.83');
  });

  it('writes a report without rows as its header and totals', () => {
    const csv = renderReportCsv(anImpactReport({ rows: [] }));

    expect(cellsOf(csv).map((record) => record[0])).toEqual(['month', 'total']);
  });
});
