import { deflateSync } from 'node:zlib';

/**
 * A small PDF writer for what the impact report draws: pages of text in the two standard Helvetica
 * fonts (PDF's base-14 fonts, which every reader has, so no font file is embedded), filled
 * rectangles and lines, in RGB colours, with the document's title, author and dates.
 *
 * Decided (8 December 2026): the report functions carried pdf-lib, about 440 KB minified with its
 * fonts' compressed metrics, PNG decoder and parser, in two Lambdas whose reports are mostly asked
 * for as JSON; what the report draws needs the WinAnsi encoding and the glyph widths of two fonts.
 * pdf-lib still reads the PDFs back in the tests and draws the local DHL sandbox's labels.
 * The widths are Adobe's published metrics of Helvetica and Helvetica-Bold (AFM, 1/1000 em).
 */

/** A colour of the DeviceRGB space, each channel 0–1. */
export interface RGB {
  red: number;
  green: number;
  blue: number;
}

export function rgb(red: number, green: number, blue: number): RGB {
  return { red, green, blue };
}

// The WinAnsiEncoding codes 32–255 of the code points that are not their own code (128–159 hold
// typographic marks); codes 32–126 and 160–255 are the code point itself (Latin-1).
const WIN_ANSI_HIGH: ReadonlyMap<number, number> = new Map([
  [0x20ac, 0x80], [0x201a, 0x82], [0x0192, 0x83], [0x201e, 0x84], [0x2026, 0x85], [0x2020, 0x86], [0x2021, 0x87],
  [0x02c6, 0x88], [0x2030, 0x89], [0x0160, 0x8a], [0x2039, 0x8b], [0x0152, 0x8c], [0x017d, 0x8e], [0x2018, 0x91],
  [0x2019, 0x92], [0x201c, 0x93], [0x201d, 0x94], [0x2022, 0x95], [0x2013, 0x96], [0x2014, 0x97], [0x02dc, 0x98],
  [0x2122, 0x99], [0x0161, 0x9a], [0x203a, 0x9b], [0x0153, 0x9c], [0x017e, 0x9e], [0x0178, 0x9f],
]);

/** The WinAnsi code of a code point, or undefined where the encoding has none. */
function winAnsiCode(codePoint: number): number | undefined {
  if ((codePoint >= 0x20 && codePoint <= 0x7e) || (codePoint >= 0xa0 && codePoint <= 0xff)) return codePoint;
  return WIN_ANSI_HIGH.get(codePoint);
}

/** The code points WinAnsi encodes, as {@link printable} (standard-fonts.ts) asks for them. */
let winAnsiCharacters: ReadonlySet<number> | undefined;
function winAnsiCharacterSet(): ReadonlySet<number> {
  if (!winAnsiCharacters) {
    const codePoints: number[] = [...WIN_ANSI_HIGH.keys()];
    for (let code = 0x20; code <= 0xff; code++) if (winAnsiCode(code) !== undefined) codePoints.push(code);
    winAnsiCharacters = new Set(codePoints);
  }
  return winAnsiCharacters;
}

// Glyph widths of the codes 32–255, in thousandths of the font size (0: no glyph at that code).
const WIDTHS = {
  Helvetica:
    '278,278,355,556,556,889,667,191,333,333,389,584,278,333,278,278,556,556,556,556,556,556,556,556,556,556,278,278,584,584,584,556,1015,667,667,722,722,667,611,778,722,278,500,667,556,833,722,778,667,778,722,667,611,722,667,944,667,667,611,278,278,278,469,556,333,556,556,500,556,556,278,556,556,222,222,500,222,833,556,556,556,556,333,500,278,556,500,722,500,500,500,334,260,334,584,0,556,0,222,556,333,1000,556,556,333,1000,667,333,1000,0,611,0,0,222,222,333,333,350,556,1000,333,1000,500,333,944,0,500,500,278,333,556,556,556,556,260,556,333,737,370,556,584,333,737,333,400,584,333,333,333,556,537,278,333,333,365,556,834,834,834,611,667,667,667,667,667,667,1000,722,667,667,667,667,278,278,278,278,722,722,778,778,778,778,778,584,778,722,722,722,722,667,667,611,556,556,556,556,556,556,889,500,556,556,556,556,278,278,278,278,556,556,556,556,556,556,556,584,611,556,556,556,556,500,556,500',
  'Helvetica-Bold':
    '278,333,474,556,556,889,722,238,333,333,389,584,278,333,278,278,556,556,556,556,556,556,556,556,556,556,333,333,584,584,584,611,975,722,722,722,722,667,611,778,722,278,556,722,611,833,722,778,667,778,722,667,611,722,667,944,667,667,611,333,278,333,584,556,333,556,611,556,611,556,333,611,611,278,278,556,278,889,611,611,611,611,389,556,333,611,556,778,556,556,500,389,280,389,584,0,556,0,278,556,500,1000,556,556,333,1000,667,333,1000,0,611,0,0,278,278,500,500,350,556,1000,333,1000,556,333,944,0,500,556,278,333,556,556,556,556,280,556,333,737,370,556,584,333,737,333,400,584,333,333,333,611,556,278,333,333,365,556,834,834,834,611,722,722,722,722,722,722,1000,722,667,667,667,667,278,278,278,278,722,722,778,778,778,778,778,584,778,722,722,722,722,667,667,611,556,556,556,556,556,556,889,556,556,556,556,556,278,278,278,278,611,611,611,611,611,611,611,584,611,611,611,611,611,556,611,556',
} as const;

export type StandardFontName = keyof typeof WIDTHS;

/** One of the standard fonts, as a page draws with it and a layout measures it. */
export class StandardFont {
  private readonly widths: readonly number[];

  constructor(
    readonly name: StandardFontName,
    /** Its name in the pages' resources. */
    readonly resource: string,
  ) {
    this.widths = WIDTHS[name].split(',').map(Number);
  }

  /** The code points the font can show (WinAnsi); drawing another throws. */
  characterSet(): ReadonlySet<number> {
    return winAnsiCharacterSet();
  }

  /** The text's width at `size` points, as a page draws it (no kerning). */
  widthOfTextAtSize(text: string, size: number): number {
    let thousandths = 0;
    for (const code of this.encode(text)) thousandths += this.widths[code - 0x20] ?? 0;
    return (thousandths * size) / 1000;
  }

  /** The text's WinAnsi bytes. @throws Error on a character the encoding has not. */
  encode(text: string): number[] {
    return [...text].map((character) => {
      const code = winAnsiCode(character.codePointAt(0) ?? -1);
      if (code === undefined) throw new Error(`${this.name} cannot show U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`);
      return code;
    });
  }
}

/** A number as a content stream writes it: plain decimals, at most four places, never an exponent. */
function num(value: number): string {
  const rounded = Math.round(value * 10_000) / 10_000;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

const colour = ({ red, green, blue }: RGB) => `${num(red)} ${num(green)} ${num(blue)}`;

/** A page and the operators drawn on it, in the order drawn. */
export class PdfPage {
  readonly operators: string[] = [];

  constructor(readonly size: readonly [width: number, height: number]) {}

  drawText(text: string, options: { x: number; y: number; size: number; font: StandardFont; color: RGB }): void {
    const hex = options.font.encode(text).map((code) => code.toString(16).toUpperCase().padStart(2, '0')).join('');
    this.operators.push(`BT ${colour(options.color)} rg /${options.font.resource} ${num(options.size)} Tf 1 0 0 1 ${num(options.x)} ${num(options.y)} Tm <${hex}> Tj ET`);
  }

  drawRectangle(options: { x: number; y: number; width: number; height: number; color: RGB }): void {
    this.operators.push(`q ${colour(options.color)} rg ${num(options.x)} ${num(options.y)} ${num(options.width)} ${num(options.height)} re f Q`);
  }

  drawLine(options: { start: { x: number; y: number }; end: { x: number; y: number }; thickness: number; color: RGB }): void {
    const { start, end } = options;
    this.operators.push(`q ${colour(options.color)} RG ${num(options.thickness)} w ${num(start.x)} ${num(start.y)} m ${num(end.x)} ${num(end.y)} l S Q`);
  }
}

/** What the document says of itself (its information dictionary). */
export interface PdfInfo {
  title: string;
  author: string;
  creator: string;
  producer: string;
  created: Date;
}

/** A text string of the information dictionary: UTF-16BE with its byte order mark, in hex, so any name is kept. */
function textString(text: string): string {
  let hex = 'FEFF';
  for (let index = 0; index < text.length; index++) hex += text.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0');
  return `<${hex}>`;
}

/** A date as PDF writes it, in UTC: `(D:20260401030000Z)`. */
function pdfDate(date: Date): string {
  const iso = date.toISOString();
  return `(D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z)`;
}

/**
 * A document of pages drawn with the two Helvetica fonts, written as PDF 1.7 with a classic
 * cross-reference table (no object streams) and each page's content deflated.
 *
 * @example
 * const pdf = new PdfDocument();
 * pdf.addPage([595.28, 841.89]).drawText('Hallo', { x: 50, y: 800, size: 12, font: pdf.regular, color: rgb(0, 0, 0) });
 * const bytes = pdf.save({ title: 'Bericht', author: 'Demo', creator: 'Kreislauf', producer: 'Kreislauf', created: new Date() });
 */
export class PdfDocument {
  readonly regular = new StandardFont('Helvetica', 'F1');
  readonly bold = new StandardFont('Helvetica-Bold', 'F2');
  readonly pages: PdfPage[] = [];

  addPage(size: readonly [width: number, height: number]): PdfPage {
    const page = new PdfPage(size);
    this.pages.push(page);
    return page;
  }

  save(info: PdfInfo): Uint8Array {
    // Objects 1–5: the catalog, the page tree, the two fonts, the information; then each page and its content.
    const pageIds = this.pages.map((_, index) => 6 + 2 * index);
    const objects: (string | Buffer)[] = [
      '<< /Type /Catalog /Pages 2 0 R >>',
      `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${this.pages.length} >>`,
      ...[this.regular, this.bold].map((font) => `<< /Type /Font /Subtype /Type1 /BaseFont /${font.name} /Encoding /WinAnsiEncoding >>`),
      `<< /Title ${textString(info.title)} /Author ${textString(info.author)} /Creator ${textString(info.creator)} /Producer ${textString(info.producer)} /CreationDate ${pdfDate(info.created)} /ModDate ${pdfDate(info.created)} >>`,
    ];
    this.pages.forEach((page, index) => {
      const fonts = `/Font << /${this.regular.resource} 3 0 R /${this.bold.resource} 4 0 R >>`;
      objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(page.size[0])} ${num(page.size[1])}] /Resources << ${fonts} >> /Contents ${pageIds[index]! + 1} 0 R >>`);
      const content = deflateSync(Buffer.from(page.operators.join('\n'), 'latin1'));
      objects.push(Buffer.concat([Buffer.from(`<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'), content, Buffer.from('\nendstream', 'latin1')]));
    });

    const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
    let length = parts[0]!.length;
    const offsets: number[] = [];
    objects.forEach((object, index) => {
      offsets.push(length);
      const body = typeof object === 'string' ? Buffer.from(object, 'latin1') : object;
      const part = Buffer.concat([Buffer.from(`${index + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
      parts.push(part);
      length += part.length;
    });
    const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`)].join('');
    parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${length}\n%%EOF\n`, 'latin1'));
    return new Uint8Array(Buffer.concat(parts));
  }
}
