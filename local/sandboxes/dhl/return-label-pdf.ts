import bwipjs from 'bwip-js/node';
import { fill, type PDFPage, popGraphicsState, pushGraphicsState, rectangle, setFillingColor } from 'pdf-lib';
import QRCode from 'qrcode';
import { BLACK, GREY, HEIGHT, labelPage, MARGIN, WIDTH, write, writeBlock } from './label-page';
import type { DhlSandboxReceiver } from './receivers';
import type { ReturnOrder } from './return-order-validation';

export interface ReturnLabelContent {
  shipmentNo: string;
  routingCode: string;
  order: ReturnOrder;
  receiver: DhlSandboxReceiver;
}
/** DHL prints only the first 30 characters of the customer reference. */
const PRINTED_REFERENCE_LENGTH = 30;

/**
 * The printable return label, laid out like DHL's: header, sender, receiver, routing code, the
 * shipment number as a Code 128 barcode and in digits, the customer reference, and a QR code of
 * the customer reference (our passport id, so the warehouse can scan the parcel to its passport).
 * Saved without object streams so that its text can be read from the content stream.
 */
export async function renderReturnLabelPdf(content: ReturnLabelContent): Promise<Uint8Array> {
  const { shipmentNo, routingCode, order, receiver } = content;
  const { pdf, page, fonts } = await labelPage(`DHL Retoure ${shipmentNo}`, { text: 'DHL Retoure', size: 22, sandboxY: HEIGHT - 28 });

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
