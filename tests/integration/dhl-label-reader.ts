import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';

export interface LabelContents {
  /** Every text string the pages show, in drawing order. */
  text: string[];
  /** The pages' image XObjects (barcodes, QR codes). */
  imageCount: number;
}

/**
 * Reads what a label PDF shows: it loads the PDF with pdf-lib (so it must be well-formed), inflates
 * each page's content streams and collects the hex strings of its `Tj` operators (pdf-lib writes
 * standard-font text as hex). WinAnsi matches Latin-1 for the letters the tests use.
 */
export async function readLabel(pdf: Uint8Array): Promise<LabelContents> {
  const document = await PDFDocument.load(pdf);
  const text: string[] = [];
  let imageCount = 0;
  for (const page of document.getPages()) {
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => document.context.lookup(ref)) : [contents];
    for (const stream of streams) {
      if (!(stream instanceof PDFRawStream)) continue;
      const operators = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      for (const match of operators.matchAll(/<([0-9A-Fa-f\s]*)>\s*Tj/g)) {
        text.push(Buffer.from((match[1] ?? '').replace(/\s/g, ''), 'hex').toString('latin1'));
      }
    }
    const xObjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    for (const ref of xObjects?.values() ?? []) {
      const object = document.context.lookup(ref);
      if (object instanceof PDFRawStream && object.dict.get(PDFName.of('Subtype')) === PDFName.of('Image')) imageCount += 1;
    }
  }
  return { text, imageCount };
}
