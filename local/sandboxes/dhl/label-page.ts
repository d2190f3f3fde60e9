import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { printable } from '../../../shared/adapters/pdf/standard-fonts';

// The page both of the sandbox's labels are drawn on (the return label and the parcel label), laid
// out like DHL's: 103 x 199 mm, DHL's yellow header with the product in red and "SANDBOX".

const MM = 72 / 25.4;
/** DHL's 103 x 199 mm label format (print format 910-300-700). */
export const WIDTH = 103 * MM;
export const HEIGHT = 199 * MM;
export const MARGIN = 5 * MM;
export const DHL_RED = rgb(0.831, 0.02, 0.067);
export const BLACK = rgb(0, 0, 0);
const DHL_YELLOW = rgb(1, 0.8, 0);
export const GREY = rgb(0.35, 0.35, 0.35);

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  /** What the standard fonts can show (WinAnsi). */
  characters: ReadonlySet<number>;
}

/** A new one-page label titled `title`, with its header drawn: `heading` in DHL's red on its yellow. */
export async function labelPage(title: string, heading: { text: string; size: number; sandboxY: number }): Promise<{ pdf: PDFDocument; page: PDFPage; fonts: Fonts }> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  const page = pdf.addPage([WIDTH, HEIGHT]);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const fonts: Fonts = { regular, bold: await pdf.embedFont(StandardFonts.HelveticaBold), characters: new Set(regular.getCharacterSet()) };
  page.drawRectangle({ x: 0, y: HEIGHT - 46, width: WIDTH, height: 46, color: DHL_YELLOW });
  write(page, fonts, heading.text, { x: MARGIN, y: HEIGHT - 32, size: heading.size, font: fonts.bold, color: DHL_RED });
  const sandboxWidth = fonts.bold.widthOfTextAtSize('SANDBOX', 9);
  write(page, fonts, 'SANDBOX', { x: WIDTH - MARGIN - sandboxWidth, y: heading.sandboxY, size: 9, font: fonts.bold, color: DHL_RED });
  return { pdf, page, fonts };
}

/**
 * A grey caption and the lines under it from `top` down, skipping empty ones; with `fit`, a line too
 * wide for the label is written smaller.
 */
export function writeBlock(page: PDFPage, fonts: Fonts, caption: string, top: number, size: number, font: PDFFont, lines: (string | undefined)[], fit = false): void {
  write(page, fonts, caption, { x: MARGIN, y: top, size: 7, font: fonts.regular, color: GREY });
  let y = top - size - 4;
  for (const line of lines) {
    if (!line) continue;
    const fitting = fit ? Math.min(size, (WIDTH - 2 * MARGIN) / font.widthOfTextAtSize(printable(line, fonts.characters), 1)) : size;
    write(page, fonts, line, { x: MARGIN, y, size: fitting, font, color: BLACK });
    y -= size + 3;
  }
}

/** Text in what the standard fonts can show. */
export function write(page: PDFPage, fonts: Fonts, text: string, options: Parameters<PDFPage['drawText']>[1]): void {
  page.drawText(printable(text, fonts.characters), options);
}
