/**
 * The monthly impact report e-mail to a brand's report recipients (its admins): the report as a
 * PDF attachment, its three key figures in the text. Plain text, since its reader opens the PDF.
 */
import type { ImpactFigures } from '../../schemas/reports';
import { formatKg } from '../impact';
import { formatMonth } from '../report-months';
import { localeTag, type EmailLocale } from './format';

export interface ImpactReportEmail {
  subject: string;
  text: string;
  /** The name of the attached PDF. */
  fileName: string;
}

const COPY = {
  de: {
    subject: (period: string, brand: string) => `Wirkungsbericht ${period}: ${brand}`,
    intro: (period: string, brand: string) => `Guten Tag,\n\nim Anhang finden Sie den Wirkungsbericht von ${brand} für ${period}.`,
    keptInUse: 'Weiter genutzte Artikel',
    diverted: 'Vor dem Abfall bewahrt',
    net: 'Vermiedene CO2e, netto',
    details: 'Der Bericht zeigt die Kennzahlen je Kategorie, die Emissionsfaktoren mit ihren Quellen und die Methode. Dieselben Zahlen liefert jederzeit GET /v1/reports/impact.',
    footer: (brand: string) => `Sie erhalten diese E-Mail, weil Sie in der Konfiguration von ${brand} als Empfänger des monatlichen Wirkungsberichts eingetragen sind (reportRecipients).`,
  },
  en: {
    subject: (period: string, brand: string) => `Impact report ${period}: ${brand}`,
    intro: (period: string, brand: string) => `Hello,\n\nattached is the impact report of ${brand} for ${period}.`,
    keptInUse: 'Items kept in use',
    diverted: 'Kept out of waste',
    net: 'CO2e avoided, net',
    details: 'The report shows the figures per category, the emission factors with their sources and the method. GET /v1/reports/impact answers the same figures at any time.',
    footer: (brand: string) => `You receive this e-mail because the configuration of ${brand} names you as a recipient of the monthly impact report (reportRecipients).`,
  },
} as const;

/**
 * The e-mail of a brand's impact report of one month, in the brand's language.
 *
 * @example
 * renderImpactReportEmail({ brand: 'demo', brandName: 'Demo Outfitters', month: '2026-03', totals, locale: 'en' }).subject;
 * // 'Impact report March 2026: Demo Outfitters'
 */
export function renderImpactReportEmail(content: { brand: string; brandName: string; month: string; totals: ImpactFigures; locale: EmailLocale }): ImpactReportEmail {
  const { brand, brandName, month, totals, locale } = content;
  const copy = COPY[locale];
  const period = formatMonth(month, locale, 'long');
  const figures = [
    `${copy.keptInUse}: ${new Intl.NumberFormat(localeTag(locale)).format(totals.itemsKeptInUse)}`,
    `${copy.diverted}: ${formatKg(totals.kgDiverted, locale)}`,
    `${copy.net}: ${formatKg(totals.kgCo2eNet, locale)}`,
  ].join('\n');
  return {
    subject: copy.subject(period, brandName),
    text: [copy.intro(period, brandName), figures, copy.details, `Kreislauf\n\n-- \n${copy.footer(brandName)}`].join('\n\n'),
    fileName: `impact-report-${brand}-${month}.pdf`,
  };
}
