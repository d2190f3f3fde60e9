import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { characterSetOf, printable } from '../../../shared/adapters/pdf/standard-fonts';
import type { DhlSandboxShipper } from './shipper-refs';
import type { Shipment } from './shipping-order-validation';

export interface ParcelLabelContent {
  shipmentNo: string;
  shipment: Shipment;
  /** The address stored under the shipment's `shipperRef`. */
  shipper: DhlSandboxShipper;
}

const MM = 72 / 25.4;
/** DHL's 103 x 199 mm label format (print format 910-300-700). */
const WIDTH = 103 * MM;
const HEIGHT = 199 * MM;
const MARGIN = 5 * MM;
const DHL_YELLOW = rgb(1, 0.8, 0);
const DHL_RED = rgb(0.831, 0.02, 0.067);
const GREY = rgb(0.35, 0.35, 0.35);
const BLACK = rgb(0, 0, 0);
const PRODUCT_NAMES: Readonly<Record<Shipment['product'], string>> = { V01PAK: 'DHL Paket', V53WPAK: 'DHL Paket International' };

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  /** What the standard fonts can show (WinAnsi). */
  characters: ReadonlySet<number>;
}

/**
 * The printable shipping label, one page laid out like DHL's: the product in the header, the
 * sender (the address stored under the shipper reference, and the reference), the consignee, the
 * product code and weight, the shipment number and the shipment's reference. Saved without object
 * streams so that its text can be read from the content stream.
 */
export async function renderParcelLabelPdf(content: ParcelLabelContent): Promise<Uint8Array> {
  const { shipmentNo, shipment, shipper } = content;
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${PRODUCT_NAMES[shipment.product]} ${shipmentNo}`);
  const page = pdf.addPage([WIDTH, HEIGHT]);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const fonts: Fonts = { regular, bold: await pdf.embedFont(StandardFonts.HelveticaBold), characters: characterSetOf(regular) };

  page.drawRectangle({ x: 0, y: HEIGHT - 46, width: WIDTH, height: 46, color: DHL_YELLOW });
  const title = PRODUCT_NAMES[shipment.product];
  write(page, fonts, title, { x: MARGIN, y: HEIGHT - 32, size: title.length > 12 ? 16 : 22, font: fonts.bold, color: DHL_RED });
  const sandboxWidth = fonts.bold.widthOfTextAtSize('SANDBOX', 9);
  write(page, fonts, 'SANDBOX', { x: WIDTH - MARGIN - sandboxWidth, y: HEIGHT - 14, size: 9, font: fonts.bold, color: DHL_RED });

  writeBlock(page, fonts, 'Absender / From', HEIGHT - 62, 9, fonts.regular, [
    shipper.name,
    `${shipper.street} ${shipper.houseNumber}`,
    `${shipper.postalCode} ${shipper.city}`,
  ]);
  writeBlock(page, fonts, 'Absender-Referenz / Shipper reference', HEIGHT - 114, 9, fonts.regular, [shipment.shipper.shipperRef]);

  const { consignee } = shipment;
  page.drawRectangle({ x: MARGIN - 3, y: HEIGHT - 258, width: WIDTH - 2 * MARGIN + 6, height: 112, borderColor: BLACK, borderWidth: 1 });
  writeBlock(page, fonts, 'Empfänger / To', HEIGHT - 158, 12, fonts.bold, [
    consignee.name1,
    consignee.name2,
    consignee.name3,
    [consignee.addressStreet, consignee.addressHouse].filter(Boolean).join(' '),
    [consignee.postalCode, consignee.city].filter(Boolean).join(' '),
    consignee.country === 'DEU' ? undefined : consignee.country,
  ]);

  const { weight } = shipment.details;
  const grams = weight.uom === 'kg' ? Math.round(weight.value * 1000) : weight.value;
  writeBlock(page, fonts, 'Produkt / Product', HEIGHT - 274, 11, fonts.bold, [shipment.product]);
  writeBlock(page, fonts, 'Gewicht / Weight', HEIGHT - 306, 11, fonts.bold, [`${grams} g`]);

  write(page, fonts, 'Sendungsnummer / Shipment number', { x: MARGIN, y: HEIGHT - 346, size: 7, font: fonts.regular, color: GREY });
  const digitsWidth = fonts.bold.widthOfTextAtSize(shipmentNo, 18);
  write(page, fonts, shipmentNo, { x: (WIDTH - digitsWidth) / 2, y: HEIGHT - 372, size: 18, font: fonts.bold, color: BLACK });

  if (shipment.refNo) writeBlock(page, fonts, 'Referenz / Reference', 120, 10, fonts.regular, [shipment.refNo]);

  write(page, fonts, 'Sandbox label, not valid for shipping.', { x: MARGIN, y: 20, size: 6.5, font: fonts.regular, color: GREY });
  return pdf.save({ useObjectStreams: false });
}

/** A caption in small grey type and the given lines below it, each made smaller where it would not fit; absent lines are left out. */
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
    const fitting = Math.min(size, (WIDTH - 2 * MARGIN) / font.widthOfTextAtSize(printable(line, fonts.characters), 1));
    write(page, fonts, line, { x: MARGIN, y, size: fitting, font, color: BLACK });
    y -= size + 3;
  }
}

function write(page: PDFPage, fonts: Fonts, text: string, options: Parameters<PDFPage['drawText']>[1]): void {
  page.drawText(printable(text, fonts.characters), options);
}
