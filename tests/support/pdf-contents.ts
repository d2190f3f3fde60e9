import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';

/** The standard fonts' encoding: Latin-1 with typographic marks (`–`, `…`, `€`) in 0x80–0x9F. */
const WIN_ANSI = new TextDecoder('windows-1252');

export interface PdfContents {
  /** Every text string the pages show, in drawing order. */
  text: string[];
  /** The text strings of each page, in drawing order. */
  pages: string[][];
  /** The pages' image XObjects (barcodes, QR codes). */
  imageCount: number;
}

/**
 * Reads what a PDF we draw (a label, a report) shows: it loads the PDF with pdf-lib (so it must be
 * well-formed), inflates each page's content streams and collects the hex strings of its `Tj`
 * operators (pdf-lib writes standard-font text as hex, in WinAnsi).
 */
export async function readPdf(pdf: Uint8Array): Promise<PdfContents> {
  const document = await PDFDocument.load(pdf);
  const pages: string[][] = [];
  let imageCount = 0;
  for (const page of document.getPages()) {
    const text: string[] = [];
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => document.context.lookup(ref)) : [contents];
    for (const stream of streams) {
      if (!(stream instanceof PDFRawStream)) continue;
      const operators = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      for (const match of operators.matchAll(/<([0-9A-Fa-f\s]*)>\s*Tj/g)) {
        text.push(WIN_ANSI.decode(Buffer.from((match[1] ?? '').replace(/\s/g, ''), 'hex')));
      }
    }
    pages.push(text);
    const xObjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    for (const ref of xObjects?.values() ?? []) {
      const object = document.context.lookup(ref);
      if (object instanceof PDFRawStream && object.dict.get(PDFName.of('Subtype')) === PDFName.of('Image')) imageCount += 1;
    }
  }
  return { text: pages.flat(), pages, imageCount };
}
