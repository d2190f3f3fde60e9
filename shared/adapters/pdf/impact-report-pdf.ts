import { localeTag, type EmailLocale } from '../../domain/emails/format';
import { DEFAULT_TIME_ZONE } from '../../domain/calendar';
import { type Channels, contrastRatio, darkenedOnWhite, relativeLuminance } from '../../domain/colour-contrast';
import { categoryName } from '../../domain/category-names';
import { formatKg } from '../../domain/impact';
import { impactMethod } from '../../domain/impact-method';
import { formatMonth } from '../../domain/report-months';
import type { ImpactFigures, ImpactReport } from '../../schemas/reports';
import { PdfDocument, type PdfPage, rgb, type RGB, type StandardFont } from './pdf-document';
import { printable } from './standard-fonts';

/** Who the report is for, as its title page shows it. */
export interface ReportBrand {
  name: string;
  theme?: { primaryColor: string };
  /** The zone the day the report was generated is read in, as its months are (default Europe/Berlin). */
  timeZone?: string;
}

/** A4 portrait, in points. */
const PAGE: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const CONTENT_WIDTH = PAGE[0] - 2 * MARGIN;
const FOOTER_Y = 30;
/** The least space between the footer's text and the page number. */
const FOOTER_GAP = 12;
/** Narrower than this, a brand name cut to fit the footer would be a letter or two and an ellipsis. */
const MIN_FOOTER_BRAND_WIDTH = 60;
/** Kreislauf's own green, for a brand without a theme. */
const DEFAULT_PRIMARY = '#2f6b4f';
const BLACK = rgb(0.1, 0.1, 0.1);
const GREY = rgb(0.42, 0.42, 0.42);
const RULE = rgb(0.82, 0.82, 0.82);
const SHADE = rgb(0.95, 0.95, 0.95);

const TEXT = {
  en: {
    title: 'Impact report',
    keptInUse: 'Items kept in use',
    diverted: 'Kept out of waste',
    net: 'CO2e avoided, net',
    chart: { month: 'Net CO2e avoided per month (kg)', category: 'Net CO2e avoided per category (kg)', channel: 'Net CO2e avoided per channel (kg)' },
    table: { month: 'Figures per month', category: 'Figures per category', channel: 'Figures per channel' },
    key: { month: 'Month', category: 'Category', channel: 'Channel' },
    columns: [['Kept', 'in use'], ['Recycled'], ['Diverted', 'kg'], ['CO2e gross', 'kg'], ['Transport', 'kg CO2e'], ['CO2e net', 'kg']],
    total: 'Total',
    noRows: 'No items were kept in use or recycled in this period.',
    factors: 'Emission factors',
    origin: { kreislauf: 'published factor', brand: "the brand's own factor", none: 'no factor' },
    perItem: 'kg CO2e per item',
    items: (count: string) => `${count} ${count === '1' ? 'item' : 'items'} kept in use`,
    source: 'Source',
    method: 'Method',
    generated: 'Generated',
    page: (page: number, of: number) => `Page ${page} of ${of}`,
  },
  de: {
    title: 'Wirkungsbericht',
    keptInUse: 'Weiter genutzte Artikel',
    diverted: 'Vor dem Abfall bewahrt',
    net: 'Vermiedene CO2e, netto',
    chart: { month: 'Vermiedene CO2e netto je Monat (kg)', category: 'Vermiedene CO2e netto je Kategorie (kg)', channel: 'Vermiedene CO2e netto je Kanal (kg)' },
    table: { month: 'Kennzahlen je Monat', category: 'Kennzahlen je Kategorie', channel: 'Kennzahlen je Kanal' },
    key: { month: 'Monat', category: 'Kategorie', channel: 'Kanal' },
    columns: [['Weiter', 'genutzt'], ['Recycelt'], ['Bewahrt', 'kg'], ['CO2e brutto', 'kg'], ['Transport', 'kg CO2e'], ['CO2e netto', 'kg']],
    total: 'Summe',
    noRows: 'In diesem Zeitraum wurden keine Artikel weiter genutzt oder recycelt.',
    factors: 'Emissionsfaktoren',
    origin: { kreislauf: 'veröffentlichter Faktor', brand: 'eigener Faktor der Marke', none: 'kein Faktor' },
    perItem: 'kg CO2e je Artikel',
    items: (count: string) => `${count} weiter genutzte${count === '1' ? 'r' : ''} Artikel`,
    source: 'Quelle',
    method: 'Methode',
    generated: 'Erstellt',
    page: (page: number, of: number) => `Seite ${page} von ${of}`,
  },
} as const;

type Texts = (typeof TEXT)[EmailLocale];

interface Style {
  font: StandardFont;
  size: number;
  color?: RGB;
}

/**
 * The monthly impact report for a brand's stakeholders, drawn with PDF's standard Helvetica fonts and
 * filled shapes (`PdfDocument`): a title block in the brand's colour with the period, the three key figures, a bar
 * chart of the net CO2e per row; then, from the second page, the table of the rows with their
 * totals, every factor with its source and the method note. Written without object streams, so
 * that its text can be read back from the content streams.
 *
 * @example
 * const pdf = await renderImpactReportPdf(report, { name: 'Demo Outfitters', theme: { primaryColor: '#2f6b4f' } }, 'de');
 */
export async function renderImpactReportPdf(report: ImpactReport, brand: ReportBrand, locale: EmailLocale): Promise<Uint8Array> {
  const pdf = new PdfDocument();
  const texts = TEXT[locale];
  const period = periodOf(report, locale);
  const { regular, bold } = pdf;
  const canvas = new Canvas(pdf, regular.characterSet());
  const primary = colourOf(brand.theme?.primaryColor);
  const mark = markOnWhite(primary);
  const numbers = new Intl.NumberFormat(localeTag(locale));

  const first = canvas.newPage();
  drawTitle(canvas, first, { brand: brand.name, title: texts.title, period, primary, regular, bold });
  drawKeyFigures(canvas, first, [
    [numbers.format(report.totals.itemsKeptInUse), texts.keptInUse],
    [formatKg(report.totals.kgDiverted, locale), texts.diverted],
    [formatKg(report.totals.kgCo2eNet, locale), texts.net],
  ], { primary: mark, regular, bold });
  drawBarChart(canvas, first, {
    title: texts.chart[report.groupBy],
    bars: report.rows.map((row) => ({ label: shortKey(row.key, report, locale), value: row.kgCo2eNet })),
    empty: texts.noRows,
    primary: mark,
    regular,
    bold,
    locale,
  });

  canvas.newPage();
  drawTable(canvas, report, texts, locale, { regular, bold, primary: mark });
  drawFactors(canvas, report, texts, locale, { regular, bold });

  const generated = `${texts.generated} ${new Intl.DateTimeFormat(localeTag(locale), { dateStyle: 'long', timeZone: brand.timeZone ?? DEFAULT_TIME_ZONE }).format(new Date(report.generatedAt))}`;
  const { pages } = pdf;
  const footer = { font: regular, size: 7.5, color: GREY };
  pages.forEach((page, index) => {
    const pageNumber = texts.page(index + 1, pages.length);
    const width = CONTENT_WIDTH - regular.widthOfTextAtSize(pageNumber, footer.size) - FOOTER_GAP;
    canvas.text(page, footerText(canvas, `${texts.title} ${period} · ${generated}`, brand.name, width, footer), MARGIN, FOOTER_Y, footer);
    canvas.textRight(page, pageNumber, PAGE[0] - MARGIN, FOOTER_Y, footer);
  });
  return pdf.save({ title: `${brand.name}: ${texts.title} ${period}`, author: brand.name, creator: 'Kreislauf', producer: 'Kreislauf', created: new Date(report.generatedAt) });
}

/**
 * The footer's text before the page number, within `width`: a long brand name (the configuration
 * takes 80 characters) is cut first, so that the period and the day stay; should even a few of its
 * letters not fit, the whole line is cut.
 */
function footerText(canvas: Canvas, rest: string, brand: string, width: number, style: Style): string {
  const tail = ` · ${canvas.fit(rest, width, style)}`;
  const brandWidth = width - style.font.widthOfTextAtSize(tail, style.size);
  return brandWidth >= MIN_FOOTER_BRAND_WIDTH ? `${canvas.fit(brand, brandWidth, style)}${tail}` : canvas.fit(`${brand}${tail}`, width, style);
}

/**
 * The pages and where the next line goes on the last one; text runs over to a new page when it
 * reaches the footer.
 */
class Canvas {
  page!: PdfPage;
  y = 0;

  constructor(private readonly pdf: PdfDocument, private readonly characters: ReadonlySet<number>) {}

  newPage(): PdfPage {
    this.page = this.pdf.addPage(PAGE);
    this.y = PAGE[1] - MARGIN;
    return this.page;
  }

  fits(height: number): boolean {
    return this.y - height >= FOOTER_Y + 20;
  }

  /** Moves down by `height`, first starting a new page if that much does not fit. */
  take(height: number): number {
    if (!this.fits(height)) this.newPage();
    this.y -= height;
    return this.y;
  }

  text(page: PdfPage, text: string, x: number, y: number, style: Style): void {
    page.drawText(printable(text, this.characters), { x, y, size: style.size, font: style.font, color: style.color ?? BLACK });
  }

  textRight(page: PdfPage, text: string, right: number, y: number, style: Style): void {
    const shown = printable(text, this.characters);
    this.text(page, shown, right - style.font.widthOfTextAtSize(shown, style.size), y, style);
  }

  /** The text cut to fit `width`, ending in an ellipsis where it was cut. */
  fit(text: string, width: number, style: Style): string {
    const shown = printable(text, this.characters);
    if (style.font.widthOfTextAtSize(shown, style.size) <= width) return shown;
    let cut = shown;
    while (cut.length > 0 && style.font.widthOfTextAtSize(`${cut}…`, style.size) > width) cut = cut.slice(0, -1);
    return `${cut.trimEnd()}…`;
  }

  /**
   * The text broken into lines of at most `width`, at spaces, and at its own line breaks (a brand's
   * factor note may have several lines); blank lines are left out. The text is split before it is
   * made printable, which would turn a line break or a tab into `?`.
   */
  wrap(text: string, width: number, style: Style): string[] {
    const lines: string[] = [];
    for (const given of text.split(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/)) {
      let line = '';
      const words = given.split(/\s+/).filter(Boolean).map((part) => printable(part, this.characters));
      for (const word of words.flatMap((one) => this.pieces(one, width, style))) {
        const candidate = line ? `${line} ${word}` : word;
        if (line && style.font.widthOfTextAtSize(candidate, style.size) > width) {
          lines.push(line);
          line = word;
        } else {
          line = candidate;
        }
      }
      if (line) lines.push(line);
    }
    return lines.map((wrapped) => this.fit(wrapped, width, style));
  }

  /**
   * A word wider than the line in pieces that fit, broken between characters (a long URL in a factor's source, a
   * long compound); until 8 December 2026 its line was cut with an ellipsis and the rest lost.
   */
  private pieces(word: string, width: number, style: Style): string[] {
    if (style.font.widthOfTextAtSize(word, style.size) <= width) return [word];
    const pieces: string[] = [];
    let piece = '';
    for (const character of word) {
      if (piece && style.font.widthOfTextAtSize(piece + character, style.size) > width) {
        pieces.push(piece);
        piece = '';
      }
      piece += character;
    }
    return piece ? [...pieces, piece] : pieces;
  }

  /** A paragraph at the cursor, running over pages as needed. */
  paragraph(text: string, style: Style, indent = 0): void {
    for (const line of this.wrap(text, CONTENT_WIDTH - indent, style)) {
      const y = this.take(style.size + 3.5);
      this.text(this.page, line, MARGIN + indent, y, style);
    }
  }

  /** A heading at the cursor, on a new page when the lines after it would not fit beside it. */
  heading(text: string, style: Style): void {
    if (!this.fits(style.size + 14 + 40)) this.newPage();
    this.take(style.size + 14);
    this.text(this.page, text, MARGIN, this.y, style);
    this.y -= 8;
  }
}

function drawTitle(
  canvas: Canvas,
  page: PdfPage,
  content: { brand: string; title: string; period: string; primary: RGB; regular: StandardFont; bold: StandardFont },
): void {
  const height = 118;
  page.drawRectangle({ x: 0, y: PAGE[1] - height, width: PAGE[0], height, color: content.primary });
  const ink = readableOn(content.primary);
  canvas.text(page, canvas.fit(content.brand, CONTENT_WIDTH, { font: content.bold, size: 26 }), MARGIN, PAGE[1] - 52, { font: content.bold, size: 26, color: ink });
  canvas.text(page, content.title, MARGIN, PAGE[1] - 78, { font: content.regular, size: 15, color: ink });
  canvas.text(page, content.period, MARGIN, PAGE[1] - 98, { font: content.bold, size: 13, color: ink });
  canvas.y = PAGE[1] - height - 30;
}

function drawKeyFigures(canvas: Canvas, page: PdfPage, figures: [value: string, label: string][], style: { primary: RGB; regular: StandardFont; bold: StandardFont }): void {
  const gap = 14;
  const width = (CONTENT_WIDTH - gap * (figures.length - 1)) / figures.length;
  const height = 78;
  const top = canvas.y;
  figures.forEach(([value, label], index) => {
    const x = MARGIN + index * (width + gap);
    page.drawRectangle({ x, y: top - height, width, height, color: SHADE });
    page.drawRectangle({ x, y: top - height, width: 4, height, color: style.primary });
    const valueStyle = { font: style.bold, size: 20 };
    canvas.text(page, canvas.fit(value, width - 24, valueStyle), x + 14, top - 36, valueStyle);
    canvas.text(page, canvas.fit(label, width - 24, { font: style.regular, size: 9.5 }), x + 14, top - 58, { font: style.regular, size: 9.5, color: GREY });
  });
  canvas.y = top - height - 36;
}

/**
 * Bars from a zero line, upwards for positive values and downwards for negative ones (transport
 * can outweigh what a month avoided), on an axis of round steps. With many bars only every n-th
 * is labelled, so the labels never overlap.
 */
function drawBarChart(
  canvas: Canvas,
  page: PdfPage,
  chart: { title: string; bars: { label: string; value: number }[]; empty: string; primary: RGB; regular: StandardFont; bold: StandardFont; locale: EmailLocale },
): void {
  canvas.text(page, chart.title, MARGIN, canvas.y, { font: chart.bold, size: 12 });
  const top = canvas.y - 24;
  const height = 300;
  const bottom = top - height;
  if (chart.bars.length === 0) {
    canvas.text(page, chart.empty, MARGIN, top - 20, { font: chart.regular, size: 10, color: GREY });
    canvas.y = top - 40;
    return;
  }
  const axis = axisOf(chart.bars.map((bar) => bar.value));
  const scale = (value: number) => bottom + ((value - axis.min) / (axis.max - axis.min)) * height;
  const axisWidth = 48;
  const plotLeft = MARGIN + axisWidth;
  const plotWidth = CONTENT_WIDTH - axisWidth;
  const ticks = new Intl.NumberFormat(localeTag(chart.locale), { maximumFractionDigits: 1 });
  for (let tick = 0; tick <= Math.round((axis.max - axis.min) / axis.step); tick++) {
    const value = axis.min + tick * axis.step;
    const y = scale(value);
    page.drawLine({ start: { x: plotLeft, y }, end: { x: plotLeft + plotWidth, y }, thickness: 0.5, color: RULE });
    canvas.textRight(page, ticks.format(value), plotLeft - 6, y - 3, { font: chart.regular, size: 7.5, color: GREY });
  }
  const zero = scale(0);
  const slot = plotWidth / chart.bars.length;
  const barWidth = Math.min(48, slot * 0.7);
  const labelStyle = { font: chart.regular, size: chart.bars.length > 12 ? 6.5 : 8 };
  const labelEvery = Math.max(1, Math.ceil((labelStyle.font.widthOfTextAtSize('Mmm 0000', labelStyle.size) + 4) / slot));
  chart.bars.forEach((bar, index) => {
    const centre = plotLeft + slot * index + slot / 2;
    const y = scale(bar.value);
    page.drawRectangle({ x: centre - barWidth / 2, y: Math.min(y, zero), width: barWidth, height: Math.abs(y - zero), color: chart.primary });
    if (index % labelEvery !== 0) return;
    const label = canvas.fit(bar.label, slot * labelEvery - 4, labelStyle);
    canvas.text(page, label, centre - labelStyle.font.widthOfTextAtSize(label, labelStyle.size) / 2, bottom - 12, { ...labelStyle, color: BLACK });
    if (chart.bars.length <= 12) {
      const value = ticks.format(bar.value);
      const valueY = bar.value >= 0 ? y + 3 : y - 9;
      canvas.text(page, value, centre - chart.regular.widthOfTextAtSize(value, 7.5) / 2, valueY, { font: chart.regular, size: 7.5, color: GREY });
    }
  });
  page.drawLine({ start: { x: plotLeft, y: zero }, end: { x: plotLeft + plotWidth, y: zero }, thickness: 1, color: BLACK });
  canvas.y = bottom - 30;
}

/** An axis from zero (or below, for negative values) to a round number above the largest value. */
function axisOf(values: number[]): { min: number; max: number; step: number } {
  const high = Math.max(0, ...values);
  const low = Math.min(0, ...values);
  const span = high - low || 1;
  const rough = span / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude;
  return { min: Math.floor(low / step) * step, max: Math.ceil(high / step) * step || step, step };
}

function drawTable(canvas: Canvas, report: ImpactReport, texts: Texts, locale: EmailLocale, style: { regular: StandardFont; bold: StandardFont; primary: RGB }): void {
  canvas.heading(texts.table[report.groupBy], { font: style.bold, size: 13 });
  const keyWidth = 115;
  const columnWidth = (CONTENT_WIDTH - keyWidth) / texts.columns.length;
  const count = new Intl.NumberFormat(localeTag(locale));
  const kg = new Intl.NumberFormat(localeTag(locale), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const cells = (figures: ImpactFigures) => [
    count.format(figures.itemsKeptInUse),
    count.format(figures.itemsRecycled),
    kg.format(figures.kgDiverted),
    kg.format(figures.kgCo2eGross),
    kg.format(figures.kgCo2eTransport),
    kg.format(figures.kgCo2eNet),
  ];
  const rowHeight = 17;
  const header = () => {
    canvas.take(34);
    const top = canvas.y + 24;
    canvas.page.drawRectangle({ x: MARGIN, y: canvas.y - 6, width: CONTENT_WIDTH, height: 34, color: style.primary });
    const ink = { font: style.bold, size: 8, color: readableOn(style.primary) };
    canvas.text(canvas.page, texts.key[report.groupBy], MARGIN + 4, canvas.y + 4, ink);
    texts.columns.forEach((lines, index) => {
      const right = MARGIN + keyWidth + columnWidth * (index + 1) - 4;
      lines.forEach((text, line) => canvas.textRight(canvas.page, text, right, top - 10 - line * 10 - (lines.length === 1 ? 10 : 0), ink));
    });
    canvas.y -= 4;
  };
  const line = (key: string, values: string[], font: StandardFont, shaded: boolean) => {
    if (!canvas.fits(rowHeight)) {
      canvas.newPage();
      header();
    }
    canvas.take(rowHeight);
    if (shaded) canvas.page.drawRectangle({ x: MARGIN, y: canvas.y - 5, width: CONTENT_WIDTH, height: rowHeight, color: SHADE });
    const rowStyle = { font, size: 8.5 };
    canvas.text(canvas.page, canvas.fit(key, keyWidth - 8, rowStyle), MARGIN + 4, canvas.y, rowStyle);
    values.forEach((value, index) => canvas.textRight(canvas.page, value, MARGIN + keyWidth + columnWidth * (index + 1) - 4, canvas.y, rowStyle));
  };
  header();
  report.rows.forEach((row, index) => line(longKey(row.key, report, locale), cells(row), style.regular, index % 2 === 1));
  line(texts.total, cells(report.totals), style.bold, false);
  canvas.page.drawLine({ start: { x: MARGIN, y: canvas.y + 12 }, end: { x: MARGIN + CONTENT_WIDTH, y: canvas.y + 12 }, thickness: 0.8, color: BLACK });
  canvas.y -= 14;
}

function drawFactors(canvas: Canvas, report: ImpactReport, texts: Texts, locale: EmailLocale, style: { regular: StandardFont; bold: StandardFont }): void {
  if (report.factors.length > 0) canvas.heading(texts.factors, { font: style.bold, size: 13 });
  const perItem = new Intl.NumberFormat(localeTag(locale), { maximumFractionDigits: 2 });
  for (const factor of report.factors) {
    const figure = factor.kgCo2ePerItem === null ? texts.origin.none : `${perItem.format(factor.kgCo2ePerItem)} ${texts.perItem} (${texts.origin[factor.origin]})`;
    canvas.take(4);
    // A category has one line per factor its items were counted with: two when its factor changed within the period.
    canvas.paragraph(`${categoryName(factor.category, locale, report.categoryNames)}: ${figure}, ${texts.items(perItem.format(factor.items))}`, { font: style.bold, size: 9 });
    if (factor.source) canvas.paragraph(`${texts.source}: ${factor.source}${factor.year === null ? '' : ` (${factor.year})`}`, { font: style.regular, size: 8.5 }, 10);
    if (factor.note) canvas.paragraph(factor.note, { font: style.regular, size: 8.5, color: GREY }, 10);
  }
  canvas.heading(texts.method, { font: style.bold, size: 13 });
  canvas.paragraph(impactMethod(report.transport, locale), { font: style.regular, size: 9 });
}

/** `Januar 2026 – März 2026`, or one month alone. */
function periodOf(report: ImpactReport, locale: EmailLocale): string {
  const from = formatMonth(report.from, locale, 'long');
  return report.from === report.to ? from : `${from} – ${formatMonth(report.to, locale, 'long')}`;
}

/** A row's key: a month as the locale writes it, a category by the brand's name or its published name, anything else as it is. */
function shortKey(key: string, report: ImpactReport, locale: EmailLocale): string {
  return report.groupBy === 'month' ? formatMonth(key, locale, 'short') : report.groupBy === 'category' ? categoryName(key, locale, report.categoryNames) : key;
}

function longKey(key: string, report: ImpactReport, locale: EmailLocale): string {
  return report.groupBy === 'month' ? formatMonth(key, locale, 'long') : report.groupBy === 'category' ? categoryName(key, locale, report.categoryNames) : key;
}

/** `#rrggbb` as an RGB colour; anything else is the default, since a theme is brand input. */
function colourOf(hex: string | undefined): RGB {
  const valid = hex !== undefined && /^#[0-9a-f]{6}$/i.test(hex) ? hex : DEFAULT_PRIMARY;
  const channel = (at: number) => parseInt(valid.slice(at, at + 2), 16) / 255;
  return rgb(channel(1), channel(3), channel(5));
}

const channelsOf = (colour: RGB): Channels => [colour.red, colour.green, colour.blue];

/**
 * White or near-black on a brand colour, whichever stands out more (WCAG contrast). Until 8 December 2026 white was
 * taken up to a luminance of 0.35, 3:1 at worst; the turn is now at about 0.2, where both give about 4.2:1.
 */
function readableOn(background: RGB): RGB {
  const luminance = relativeLuminance(channelsOf(background));
  return contrastRatio(luminance, relativeLuminance(channelsOf(BLACK))) > contrastRatio(luminance, 1) ? BLACK : rgb(1, 1, 1);
}

/** WCAG's least contrast for graphics against what is around them. */
const GRAPHICS_CONTRAST = 3;

/**
 * The brand's colour as marks on the white page (the chart's bars, the key figures' strips, the table's header band),
 * darkened in steps of a tenth until it stands out from white by 3:1: a theme of white or a pale tint would otherwise
 * leave the bars invisible (since 8 December 2026). A colour dark enough is kept as it is.
 */
function markOnWhite(colour: RGB): RGB {
  const [red, green, blue] = darkenedOnWhite(channelsOf(colour), GRAPHICS_CONTRAST, 0.9);
  return rgb(red, green, blue);
}
