import { describe, expect, it } from 'vitest';
import { renderImpactReportEmail } from '../../shared/domain/emails/impact-report-email';
import { formatMonth, MAX_REPORT_MONTHS, monthsOfPeriod, nextMonth, previousMonth } from '../../shared/domain/report-months';
import { reportMonths } from '../../shared/domain/reports';
import { impactFigures } from '../support/sample-reports';

const totals = impactFigures({ itemsKeptInUse: 1212, kgDiverted: 1235.27, kgCo2eNet: 29684.59 });

describe('the monthly impact report e-mail', () => {
  it('names the month and the brand in the subject, in English', () => {
    const email = renderImpactReportEmail({ brand: 'demo', brandName: 'Demo Outfitters', month: '2026-03', totals, locale: 'en' });

    expect(email.subject).toBe('Impact report March 2026: Demo Outfitters');
  });

  it('gives the three key figures in the German number format', () => {
    const email = renderImpactReportEmail({ brand: 'demo', brandName: 'Demo Outfitters', month: '2026-03', totals, locale: 'de' });

    expect(email.subject).toBe('Wirkungsbericht März 2026: Demo Outfitters');
    expect(email.text.replace(/\u00a0/g, ' ')).toContain(
      'Weiter genutzte Artikel: 1.212\nVor dem Abfall bewahrt: 1.235,3 kg\nVermiedene CO2e, netto: 29.684,6 kg',
    );
  });

  it('names the attachment by brand and month', () => {
    expect(renderImpactReportEmail({ brand: 'demo', brandName: 'Demo Outfitters', month: '2026-03', totals, locale: 'en' }).fileName).toBe(
      'impact-report-demo-2026-03.pdf',
    );
  });
});

describe('report months', () => {
  it('steps forward over the turn of the year', () => {
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(nextMonth('2026-09')).toBe('2026-10');
  });

  it('steps back over the turn of the year', () => {
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(previousMonth('2026-10')).toBe('2026-09');
    expect(previousMonth('2026-12')).toBe('2026-11');
  });

  it('counts the months of a period as the reports do, both ends counted', () => {
    for (const [from, to] of [['2026-12', '2026-12'], ['2026-11', '2027-01'], ['2024-01', '2026-12'], ['2025-06', '2026-05']]) {
      expect(monthsOfPeriod(from!, to!), `${from}–${to}`).toBe(reportMonths('finance', { from: from!, to: to!, groupBy: 'month' }).length);
    }
    expect(monthsOfPeriod('2024-01', '2026-12')).toBe(MAX_REPORT_MONTHS);
    expect(monthsOfPeriod('2024-01', '2027-01')).toBe(MAX_REPORT_MONTHS + 1);
    expect(monthsOfPeriod('2027-01', '2026-12')).toBe(0);
  });

  it('writes a month out long and short', () => {
    expect(formatMonth('2026-03', 'de', 'long')).toBe('März 2026');
    expect(formatMonth('2026-01', 'en', 'short')).toBe('Jan 2026');
  });
});
