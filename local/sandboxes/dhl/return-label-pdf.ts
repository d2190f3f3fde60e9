import bwipjs from 'bwip-js/node';
import {
  fill,
  PDFDocument,
  type PDFFont,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingColor,
  StandardFonts,
} from 'pdf-lib';
import QRCode from 'qrcode';
import { characterSetOf, printable } from '../../../shared/adapters/pdf/standard-fonts';
import type { DhlSandboxReceiver } from './receivers';
import type { ReturnOrder } from './return-order-validation';

export interface ReturnLabelContent {
  shipmentNo: string;
  routingCode: string;
  order: ReturnOrder;
  receiver: DhlSandboxReceiver;
}

const MM = 72 / 25.4;
/** DHL's 103 x 199 mm label format. */
const WIDTH = 103 * MM;
const HEIGHT = 199 * MM;
const MARGIN = 5 * MM;
const DHL_YELLOW = rgb(1, 0.8, 0);
const DHL_RED = rgb(0.831, 0.02, 0.067);
const GREY = rgb(0.35, 0.35, 0.35);
const BLACK = rgb(0, 0, 0);
/** DHL prints only the first 30 characters of the customer reference. */
const PRINTED_REFERENCE_LENGTH = 30;

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  /** What the standard fonts can show (WinAnsi). */
  characters: ReadonlySet<number>;
}

/**
 * The printable return label, laid out like DHL's: header, sender, receiver, routing code, the
 * shipment number as a Code 128 barcode and in digits, the customer reference, and a QR code of
 * the customer reference (our passport id, so the warehouse can scan the parcel to its passport).
 * Saved without object streams so that its text can be read from the content stream.
 */
export async function renderReturnLabelPdf(content: ReturnLabelContent): Promise<Uint8Array> {
  const { shipmentNo, routingCode, order, receiver } = content;
  const pdf = await PDFDocument.create();
  pdf.setTitle(`DHL Retoure ${shipmentNo}`);
  const page = pdf.addPage([WIDTH, HEIGHT]);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const fonts: Fonts = { regular, bold: await pdf.embedFont(StandardFonts.HelveticaBold), characters: characterSetOf(regular) };

  page.drawRectangle({ x: 0, y: HEIGHT - 46, width: WIDTH, height: 46, color: DHL_YELLOW });
  write(page, fonts, 'DHL Retoure', { x: MARGIN, y: HEIGHT - 32, size: 22, font: fonts.bold, color: DHL_RED });
  const sandboxWidth = fonts.bold.widthOfTextAtSize('SANDBOX', 9);
  write(page, fonts, 'SANDBOX', { x: WIDTH - MARGIN - sandboxWidth, y: HEIGHT - 28, size: 9, font: fonts.bold, color: DHL_RED });

  const { shipper } = order;
  writeBlock(page, fonts, 'Absender / From', HEIGHT - 62, 9, fonts.regular, [
    shipper.name1,
    shipper.name2,
    shipper.name3,
    `${shipper.addressStreet} ${shipper.addressHouse}`,
    `${shipper.postalCode} ${shipper.city}`,
    receiver.shipperCountry && receiver.shipperCountry !== 'deu' ? receiver.shipperCountry.toUpperCase() : undefined,
  ]);

  page.drawRectangle({ x: MARGIN - 3, y: HEIGHT - 222, width: WIDTH - 2 * MARGIN + 6, height: 76, borderColor: BLACK, borderWidth: 1 });
  writeBlock(page, fonts, 'Empfänger / To', HEIGHT - 158, 12, fonts.bold, [
    receiver.name,
    `${receiver.street} ${receiver.houseNumber}`,
    `${receiver.postalCode} ${receiver.city}`,
  ]);

  writeBlock(page, fonts, 'Leitcode / Routing code', HEIGHT - 238, 11, fonts.bold, [routingCode]);

  write(page, fonts, 'Sendungsnummer / Shipment number', { x: MARGIN, y: HEIGHT - 272, size: 7, font: fonts.regular, color: GREY });
  drawCode128(page, shipmentNo, { x: MARGIN, y: HEIGHT - 344, width: WIDTH - 2 * MARGIN, height: 64 });
  const digitsWidth = fonts.regular.widthOfTextAtSize(shipmentNo, 11);
  write(page, fonts, shipmentNo, { x: (WIDTH - digitsWidth) / 2, y: HEIGHT - 360, size: 11, font: fonts.regular, color: BLACK });

  if (order.customerReference) {
    writeBlock(page, fonts, 'Referenz / Reference', 178, 10, fonts.regular, [order.customerReference.slice(0, PRINTED_REFERENCE_LENGTH)]);
    drawQrCode(page, order.customerReference, { x: MARGIN, y: 48, size: 96 });
    write(page, fonts, 'Passport', { x: MARGIN + 104, y: 92, size: 8, font: fonts.regular, color: GREY });
  }

  write(page, fonts, 'Sandbox label, not valid for shipping.', { x: MARGIN, y: 20, size: 6.5, font: fonts.regular, color: GREY });
  return pdf.save({ useObjectStreams: false });
}

/**
 * Black rectangles filled as one path: sharp at any printer's resolution, and no seam where two
 * of them meet. (As PNG images they cost pdf-lib a decode and a deflate in JavaScript, about 40 ms
 * of a label's 50 ms.)
 */
function fillRectangles(page: PDFPage, rectangles: readonly [x: number, y: number, width: number, height: number][]): void {
  page.pushOperators(pushGraphicsState(), setFillingColor(BLACK), ...rectangles.map(([x, y, width, height]) => rectangle(x, y, width, height)), fill(), popGraphicsState());
}

/** `text` as a Code 128 barcode (bwip-js encodes it) whose bars fill the box. */
function drawCode128(page: PDFPage, text: string, box: { x: number; y: number; width: number; height: number }): void {
  const [symbol] = bwipjs.raw({ bcid: 'code128', text });
  if (!symbol || !('sbs' in symbol)) throw new Error('bwip-js encoded no Code 128 bars');
  const module = box.width / symbol.sbs.reduce((sum, width) => sum + width, 0);
  const bars: [number, number, number, number][] = [];
  let x = box.x;
  // Bar, space, bar, … widths in modules.
  symbol.sbs.forEach((width, index) => {
    if (index % 2 === 0) bars.push([x, box.y, width * module, box.height]);
    x += width * module;
  });
  fillRectangles(page, bars);
}

/** `text` as a QR code (error correction M) with a quiet zone of one module, in a square box. */
function drawQrCode(page: PDFPage, text: string, box: { x: number; y: number; size: number }): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const module = box.size / (modules.size + 2);
  const runs: [number, number, number, number][] = [];
  for (let row = 0; row < modules.size; row++) {
    const y = box.y + box.size - (row + 2) * module;
    for (let column = 0; column < modules.size; column++) {
      if (!modules.get(row, column)) continue;
      const start = column;
      while (column + 1 < modules.size && modules.get(row, column + 1)) column++;
      runs.push([box.x + (start + 1) * module, y, (column + 1 - start) * module, module]);
    }
  }
  fillRectangles(page, runs);
}

/** A caption in small grey type and the given lines below it; absent lines are left out. */
function writeBlock(
  page: PDFPage,
  fonts: Fonts,
  caption: string,
  top: number,
  size: number,
  font: PDFFont,
  lines: (string | undefined)[],
): void {
  write(page, fonts, caption, { x: MARGIN, y: top, size: 7, font: fonts.regular, color: GREY });
  let y = top - size - 4;
  for (const line of lines) {
    if (!line) continue;
    write(page, fonts, line, { x: MARGIN, y, size, font, color: BLACK });
    y -= size + 3;
  }
}

function write(page: PDFPage, fonts: Fonts, text: string, options: Parameters<PDFPage['drawText']>[1]): void {
  page.drawText(printable(text, fonts.characters), options);
}
