import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream } from 'pdf-lib';

/** The standard fonts' encoding: Latin-1 with typographic marks (`–`, `…`, `€`) in 0x80–0x9F. */
const WIN_ANSI = new TextDecoder('windows-1252');

export interface PdfContents {
  /** Every text string the pages show, in drawing order. */
  text: string[];
  /** The text strings of each page, in drawing order. */
  pages: string[][];
  /** The rectangles (`re`) each page fills, in page coordinates (points, origin bottom left): the label's barcode and QR code. */
  filledRectangles: FilledRectangle[][];
  /** Each page's size in points. */
  pageSizes: { width: number; height: number }[];
  /** Each page's content streams, decoded and joined: its drawing operators as text. */
  operators: string[];
}

export interface FilledRectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Reads what a PDF we draw (a label, a report) shows: it loads the PDF with pdf-lib (so it must be
 * well-formed), inflates each page's content streams and collects the hex strings of its `Tj`
 * operators (pdf-lib writes standard-font text as hex, in WinAnsi) and the rectangles of its filled
 * `re` paths (the label's barcode and QR code, which `scanRectangles` of `pdf-codes.ts` reads).
 */
export async function readPdf(pdf: Uint8Array): Promise<PdfContents> {
  const document = await PDFDocument.load(pdf);
  const pages: string[][] = [];
  const filledRectangles: FilledRectangle[][] = [];
  const pageOperators: string[] = [];
  const pageSizes = document.getPages().map((page) => page.getSize());
  for (const page of document.getPages()) {
    const text: string[] = [];
    const filled: FilledRectangle[] = [];
    const decoded: string[] = [];
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => document.context.lookup(ref)) : [contents];
    for (const stream of streams) {
      if (!(stream instanceof PDFRawStream)) continue;
      const operators = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      decoded.push(operators);
      for (const match of operators.matchAll(/<([0-9A-Fa-f\s]*)>\s*Tj/g)) {
        text.push(WIN_ANSI.decode(Buffer.from((match[1] ?? '').replace(/\s/g, ''), 'hex')));
      }
      // A path of rectangles, filled (`f`) rather than closed, stroked or clipped. The pages we draw set no
      // transformation (`cm`) around them, so their coordinates are the page's.
      for (const path of operators.matchAll(/((?:-?[\d.]+\s+){4}re\s+)+f\b/g)) {
        for (const [, x, y, width, height] of path[0].matchAll(/(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+re/g)) {
          filled.push({ x: Number(x), y: Number(y), width: Number(width), height: Number(height) });
        }
      }
    }
    pages.push(text);
    filledRectangles.push(filled);
    pageOperators.push(decoded.join('\n'));
  }
  return { text: pages.flat(), pages, filledRectangles, pageSizes, operators: pageOperators };
}
