import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { PdfDocument, rgb } from '../../shared/adapters/pdf/pdf-document';
import { printable } from '../../shared/adapters/pdf/standard-fonts';
import { readPdf } from '../support/pdf-contents';

const INFO = { title: 'Łódź & 東京: Bericht', author: 'Müller „Outdoor“', creator: 'Kreislauf', producer: 'Kreislauf', created: new Date('2026-04-01T03:00:00Z') };

describe('PdfDocument', () => {
  it('writes pages that pdf-lib reads back, with their sizes, texts and filled rectangles', async () => {
    const pdf = new PdfDocument();
    const first = pdf.addPage([595.28, 841.89]);
    first.drawText('Grüße – 12,50 €', { x: 50, y: 800, size: 12, font: pdf.bold, color: rgb(0.1, 0.1, 0.1) });
    first.drawRectangle({ x: 50, y: 700, width: 120.5, height: 30, color: rgb(0.18, 0.42, 0.31) });
    first.drawLine({ start: { x: 50, y: 690 }, end: { x: 545.28, y: 690 }, thickness: 0.5, color: rgb(0.8, 0.8, 0.8) });
    pdf.addPage([300, 200]).drawText('Seite 2', { x: 10, y: 10, size: 7.5, font: pdf.regular, color: rgb(0, 0, 0) });

    const contents = await readPdf(pdf.save(INFO));

    expect(contents.pages).toEqual([['Grüße – 12,50 €'], ['Seite 2']]);
    expect(contents.pageSizes).toEqual([{ width: 595.28, height: 841.89 }, { width: 300, height: 200 }]);
    expect(contents.filledRectangles).toEqual([[{ x: 50, y: 700, width: 120.5, height: 30 }], []]);
  });

  it('keeps a title and author in any script, and the creation date', async () => {
    const pdf = new PdfDocument();
    pdf.addPage([100, 100]);

    const document = await PDFDocument.load(pdf.save(INFO), { updateMetadata: false });

    expect(document.getTitle()).toBe('Łódź & 東京: Bericht');
    expect(document.getAuthor()).toBe('Müller „Outdoor“');
    expect(document.getCreator()).toBe('Kreislauf');
    expect(document.getCreationDate()?.toISOString()).toBe('2026-04-01T03:00:00.000Z');
    expect(document.getModificationDate()?.toISOString()).toBe('2026-04-01T03:00:00.000Z');
  });

  it('measures text by the fonts’ glyph widths, as it is drawn (without kerning)', () => {
    const { regular, bold } = new PdfDocument();

    // Helvetica: A and V 667, i 222, € 556; Helvetica-Bold: i 278.
    expect(regular.widthOfTextAtSize('AV', 10)).toBeCloseTo(13.34, 6);
    expect(regular.widthOfTextAtSize('i€', 1000)).toBe(778);
    expect(bold.widthOfTextAtSize('i', 1000)).toBe(278);
  });

  it('refuses a character WinAnsi has not, which printable replaces first', () => {
    const pdf = new PdfDocument();
    const page = pdf.addPage([100, 100]);
    const draw = (text: string) => page.drawText(text, { x: 0, y: 0, size: 10, font: pdf.regular, color: rgb(0, 0, 0) });

    expect(() => draw('Łódź')).toThrow('Helvetica cannot show U+0141');
    expect(printable('Łódź → Köln', pdf.regular.characterSet())).toBe('?ódz ? Köln');
    expect(() => draw(printable('Łódź → Köln', pdf.regular.characterSet()))).not.toThrow();
    // Decomposed letters (macOS, pasted text) are the font's own; a mark no letter of the font takes is left out.
    expect(printable('Mu\u0308ller & So\u0308hne', pdf.regular.characterSet())).toBe('Müller & Söhne');
    expect(printable('x\u0302 = 1', pdf.regular.characterSet())).toBe('x = 1');
  });
});
