import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { renderImpactReportPdf } from '../../shared/adapters/pdf/impact-report-pdf';
import { readPdf } from '../support/pdf-contents';
import { anImpactReport, impactFigures } from '../support/sample-reports';

const DEMO = { name: 'Demo Outfitters', theme: { primaryColor: '#2f6b4f' } };
/** Intl writes a no-break space between a number and its unit in some locales; the tests read plain spaces. */
const plain = (texts: string[]) => texts.map((text) => text.replace(/\u00a0/g, ' '));

describe('renderImpactReportPdf', () => {
  it('draws a PDF that pdf-lib reads back, titled with the brand and the period', async () => {
    const pdf = await renderImpactReportPdf(anImpactReport(), DEMO, 'en');

    const document = await PDFDocument.load(pdf);
    expect(document.getTitle()).toBe('Demo Outfitters: Impact report January 2026 – March 2026');
    expect(document.getCreationDate()?.toISOString()).toBe('2026-04-01T03:00:00.000Z');
  });

  it('puts the summary on the first page and the table, factors and method on the second', async () => {
    const { pages } = await readPdf(await renderImpactReportPdf(anImpactReport(), DEMO, 'en'));

    expect(pages).toHaveLength(2);
    expect(pages[0]).toEqual(expect.arrayContaining(['Demo Outfitters', 'Impact report', 'January 2026 – March 2026', 'Net CO2e avoided per month (kg)']));
    expect(pages[1]).toEqual(expect.arrayContaining(['Figures per month', 'Emission factors', 'Method']));
  });

  it('shows the key figures of the totals on the first page', async () => {
    const { pages } = await readPdf(await renderImpactReportPdf(anImpactReport(), DEMO, 'en'));

    expect(plain(pages[0] ?? [])).toEqual(
      expect.arrayContaining(['1,212', 'Items kept in use', '1,235.3 kg', 'Kept out of waste', '29,684.6 kg', 'CO2e avoided, net']),
    );
  });

  it('labels a bar per month with its net CO2e', async () => {
    const { pages } = await readPdf(await renderImpactReportPdf(anImpactReport(), DEMO, 'en'));

    expect(pages[0]).toEqual(expect.arrayContaining(['Jan 2026', 'Feb 2026', 'Mar 2026', '73.4', '29,611.2']));
  });

  it('lists every row and the totals in the table', async () => {
    const { pages } = await readPdf(await renderImpactReportPdf(anImpactReport(), DEMO, 'en'));

    const table = pages[1] ?? [];
    expect(table).toEqual(expect.arrayContaining(['January 2026', 'February 2026', 'March 2026', 'Total']));
    const totals = table.slice(table.indexOf('Total'), table.indexOf('Total') + 7);
    expect(totals).toEqual(['Total', '1,212', '8', '1,235.3', '29,815.2', '130.6', '29,684.6']);
  });

  it('names every factor with its figure and source, and the method note', async () => {
    const { pages } = await readPdf(await renderImpactReportPdf(anImpactReport(), DEMO, 'en'));

    const text = (pages[1] ?? []).join(' ');
    expect(text).toContain('Smartphones: 24.6 kg CO2e per item (published factor)');
    expect(text).toContain('Source: ADEME, Base Empreinte (2022)');
    expect(text).toContain('Tablets: no factor');
    expect(text).toContain('net is gross less transport.');
  });

  it("names a published category in the report's language and a brand's own by its code, in the chart, the table and the factors", async () => {
    const rows = [
      { key: 'shoes', ...impactFigures({ itemsKeptInUse: 2, kgCo2eNet: 12.5 }) },
      { key: 'headphones', ...impactFigures({ itemsKeptInUse: 1 }) },
    ];
    const factors = [{ category: 'shoes', origin: 'kreislauf' as const, kgCo2ePerItem: 6.3, source: 'Quantis', year: 2018, note: 'One pair worn again.', items: 2 }];
    const { pages } = await readPdf(await renderImpactReportPdf(anImpactReport({ groupBy: 'category', rows, factors }), DEMO, 'de'));

    expect(pages[0]).toEqual(expect.arrayContaining(['Schuhe', 'headphones']));
    expect(pages[1]).toEqual(expect.arrayContaining(['Schuhe', 'headphones']));
    expect((pages[1] ?? []).join(' ')).toContain('Schuhe: 6,3 kg CO2e je Artikel (veröffentlichter Faktor), 2 weiter genutzte Artikel');
    expect((pages[1] ?? []).join(' ')).not.toContain('shoes');
  });

  it("names a category the brand named by the brand's name, in the chart, the table and the factors", async () => {
    const rows = [
      { key: 'earbuds', ...impactFigures({ itemsKeptInUse: 2, kgCo2eNet: 8.4 }) },
      { key: 'shoes', ...impactFigures({ itemsKeptInUse: 1 }) },
    ];
    const factors = [{ category: 'earbuds', origin: 'brand' as const, kgCo2ePerItem: 4.2, source: 'Eigene Ökobilanz', year: 2025, note: 'Ein Paar weiter genutzt.', items: 2 }];
    const report = anImpactReport({ groupBy: 'category', rows, factors, categoryNames: { earbuds: 'In-Ear-Kopfhörer' } });
    const { pages } = await readPdf(await renderImpactReportPdf(report, DEMO, 'en'));

    // The brand's name in its own language (German) on an English report; a published category by its English name.
    expect(pages[0]).toEqual(expect.arrayContaining(['In-Ear-Kopfhörer', 'Shoes']));
    expect(pages[1]).toEqual(expect.arrayContaining(['In-Ear-Kopfhörer', 'Shoes']));
    expect((pages[1] ?? []).join(' ')).toContain("In-Ear-Kopfhörer: 4.2 kg CO2e per item (the brand's own factor), 2 items kept in use");
    expect((pages[1] ?? []).join(' ')).not.toContain('earbuds');
  });

  it("breaks a factor's note at its own line breaks rather than drawing them as ?", async () => {
    const note = 'Eigene Ökobilanz 2025.\nGilt für Jacken ab 2024.\r\n\r\nOhne Transport.';
    const factors = [{ category: 'jackets', origin: 'brand' as const, kgCo2ePerItem: 12, source: 'Eigene Ökobilanz', year: 2025, note, items: 1 }];

    const { pages } = await readPdf(await renderImpactReportPdf(anImpactReport({ groupBy: 'category', factors }), DEMO, 'de'));

    expect(pages[1]).toEqual(expect.arrayContaining(['Eigene Ökobilanz 2025.', 'Gilt für Jacken ab 2024.', 'Ohne Transport.']));
    expect((pages[1] ?? []).join(' ')).not.toContain('?');
  });

  it("writes the method in the report's language from the report's facts, not the API's English paragraph", async () => {
    const report = anImpactReport({ transport: { kgCo2ePerParcel: 0.15, source: 'Thuiswinkel.org 2022' } });

    const german = (await readPdf(await renderImpactReportPdf(report, DEMO, 'de'))).pages[1]?.join(' ') ?? '';
    const english = (await readPdf(await renderImpactReportPdf(report, DEMO, 'en'))).pages[1]?.join(' ') ?? '';

    expect(german).toContain('Transport ist sein Rücksendepaket, 0,15 kg CO2e je Paket (Thuiswinkel.org 2022); netto ist brutto abzüglich Transport.');
    expect(german).not.toContain('net is gross less transport');
    expect(english).toContain('transport is its return parcel, 0.15 kg CO2e per parcel (Thuiswinkel.org 2022); net is gross less transport.');
  });

  it("writes in German with German number formats for a German brand", async () => {
    const { pages } = await readPdf(await renderImpactReportPdf(anImpactReport(), DEMO, 'de'));

    expect(plain(pages[0] ?? [])).toEqual(expect.arrayContaining(['Wirkungsbericht', 'Januar 2026 – März 2026', '1.212', '29.684,6 kg', 'Vermiedene CO2e, netto']));
    expect(pages[1]).toEqual(expect.arrayContaining(['Kennzahlen je Monat', 'Summe', 'Emissionsfaktoren', 'Methode']));
  });

  it("dates the report by the day it was generated in the brand's time zone, Europe/Berlin by default", async () => {
    // 23:30 UTC on 31 March is already 1 April in Berlin, and still 31 March in Los Angeles 7 hours later.
    const lateInMarch = anImpactReport({ generatedAt: '2026-03-31T23:30:00.000Z' });
    const berlin = await readPdf(await renderImpactReportPdf(lateInMarch, DEMO, 'de'));
    const losAngeles = await readPdf(await renderImpactReportPdf(anImpactReport({ generatedAt: '2026-04-01T06:30:00.000Z' }), { ...DEMO, timeZone: 'America/Los_Angeles' }, 'de'));

    expect(berlin.text.join(' ')).toContain('Erstellt 1. April 2026');
    expect(losAngeles.text.join(' ')).toContain('Erstellt 31. März 2026');
  });

  it('runs a long table over further pages, repeating its header, and numbers the pages', async () => {
    const rows = Array.from({ length: 80 }, (_, index) => ({ key: `category-${index}`, ...impactFigures({ kgCo2eNet: index }) }));

    const { pages } = await readPdf(await renderImpactReportPdf(anImpactReport({ groupBy: 'category', rows }), DEMO, 'en'));

    expect(pages.length).toBeGreaterThan(2);
    const tablePages = pages.slice(1);
    for (const row of rows) expect(tablePages.flat().filter((shown) => shown === row.key)).toHaveLength(1);
    expect(tablePages.filter((page) => page.includes('Category'))).toHaveLength(tablePages.length);
    pages.forEach((page, index) => expect(page).toContain(`Page ${index + 1} of ${pages.length}`));
  });

  it.each([
    ['51', 'Müller Outdoor & Bergsport Ausrüstung GmbH & Co. KG'],
    ['100, the most the configuration takes,', 'Müller Outdoor & Bergsport Ausrüstung GmbH & Co. KG, Niederlassung Garmisch-Partenkirchen und Mitte.'],
  ])('cuts a brand name of %s characters in the footer so that it ends before the page number', async (_, name) => {
    const helvetica = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    const width = (text: string) => helvetica.widthOfTextAtSize(text, 7.5);
    const report = anImpactReport({ from: '2024-09', to: '2026-12', generatedAt: '2026-09-17T10:00:00.000Z' });

    const { pages } = await readPdf(await renderImpactReportPdf(report, { ...DEMO, name }, 'de'));

    pages.forEach((page, index) => {
      const footer = page.find((text) => text.includes('Wirkungsbericht September 2024 – Dezember 2026 · Erstellt 17. September 2026'));
      const pageNumber = `Seite ${index + 1} von ${pages.length}`;
      // The footer starts at the left margin (50 pt), the page number ends at the right one.
      expect(50 + width(footer ?? '')).toBeLessThanOrEqual(595.28 - 50 - width(pageNumber) - 6);
      expect(footer).toMatch(/^Müller Outdoor .*\S… · Wirkungsbericht/);
    });
  });

  it('draws negative net figures, where transport outweighs what was avoided', async () => {
    const rows = [{ key: '2026-01', ...impactFigures({ itemsRecycled: 2, kgCo2eTransport: 0.4, kgCo2eNet: -0.4 }) }];

    const { pages } = await readPdf(await renderImpactReportPdf(anImpactReport({ from: '2026-01', to: '2026-01', rows }), DEMO, 'en'));

    expect(pages[0]).toEqual(expect.arrayContaining(['January 2026', '-0.4']));
  });

  it('says so when the period has no rows, and leaves out the factors when none was used', async () => {
    const { pages } = await readPdf(await renderImpactReportPdf(anImpactReport({ rows: [], totals: impactFigures(), factors: [] }), DEMO, 'en'));

    expect(pages[0]).toContain('No items were kept in use or recycled in this period.');
    expect(pages[1]).not.toContain('Emission factors');
    expect(pages[1]).toContain('Method');
  });

  it('draws a brand name the standard fonts cannot show, and ignores a theme colour that is not #rrggbb', async () => {
    const brand = { name: 'Łódź Outfitters', theme: { primaryColor: 'url(javascript:alert(1))' } };

    const { pages } = await readPdf(await renderImpactReportPdf(anImpactReport(), brand, 'en'));

    expect(pages[0]).toContain('?ódz Outfitters');
  });

  it.each(['#ffffff', '#fafafa', '#f7e9a0'])('draws the chart and the key figures in a colour that stands out from the page on a pale theme (%s)', async (primaryColor) => {
    const pdf = await renderImpactReportPdf(anImpactReport(), { name: 'Pale Outfitters', theme: { primaryColor } }, 'en');

    const fills = await filledShapes(pdf, 0);
    // The key figures' strips (4 pt wide) and the chart's bars share the mark colour; the grey boxes and the title block do not.
    const strips = fills.filter((fill) => fill.width === 4);
    expect(strips).toHaveLength(3);
    const mark = strips[0]!.colour;
    expect(contrastWithWhite(mark)).toBeGreaterThanOrEqual(3);
    expect(fills.filter((fill) => fill.width !== 4 && fill.width < 100 && sameColour(fill.colour, mark)).length).toBeGreaterThan(0);
    // The table's header band on the second page too.
    const band = (await filledShapes(pdf, 1)).find((fill) => fill.width > 400)!;
    expect(sameColour(band.colour, mark)).toBe(true);
  });

  it('keeps the dark theme colour of a brand as it is for the chart', async () => {
    const fills = await filledShapes(await renderImpactReportPdf(anImpactReport(), DEMO, 'en'), 0);

    // #2f6b4f
    expect(fills.find((fill) => fill.width === 4)!.colour.map((channel) => Math.round(channel * 255))).toEqual([0x2f, 0x6b, 0x4f]);
  });

  it("breaks a word longer than the line over lines instead of cutting it, as a long source's address", async () => {
    const source = `https://example.org/${'lca-'.repeat(60)}end`;
    const factors = [{ category: 'jackets', origin: 'brand' as const, kgCo2ePerItem: 12, source, year: 2025, note: 'x'.repeat(300), items: 1 }];

    const { pages } = await readPdf(await renderImpactReportPdf(anImpactReport({ groupBy: 'category', factors }), DEMO, 'en'));

    // The lines as read one after another, without the spaces between words.
    const text = (pages[1] ?? []).join('').replace(/ /g, '');
    expect(text).toContain(`Source:${source}(2025)`);
    expect(text.match(/x/g)).toHaveLength(300 + (source.match(/x/g) ?? []).length);
    expect(text).not.toContain('…');
  });
});

/** The filled rectangles a page draws (`r g b rg x y w h re f`), with their fill colours. */
async function filledShapes(pdf: Uint8Array, page: number): Promise<{ colour: number[]; width: number }[]> {
  const operators = (await readPdf(pdf)).operators[page] ?? '';
  return [...operators.matchAll(/([\d.]+) ([\d.]+) ([\d.]+) rg (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re f/g)].map((match) => ({
    colour: [Number(match[1]), Number(match[2]), Number(match[3])],
    width: Number(match[6]),
  }));
}

function contrastWithWhite([red, green, blue]: number[]): number {
  const linear = (channel: number) => (channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4);
  return 1.05 / (0.2126 * linear(red!) + 0.7152 * linear(green!) + 0.0722 * linear(blue!) + 0.05);
}

const sameColour = (one: number[], other: number[]) => one.every((channel, index) => Math.abs(channel - other[index]!) < 1e-3);
