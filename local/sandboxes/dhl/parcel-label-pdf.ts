import { BLACK, GREY, HEIGHT, labelPage, MARGIN, WIDTH, write, writeBlock } from './label-page';
import type { DhlSandboxShipper } from './shipper-refs';
import type { Shipment } from './shipping-order-validation';

export interface ParcelLabelContent {
  shipmentNo: string;
  shipment: Shipment;
  /** The address stored under the shipment's `shipperRef`. */
  shipper: DhlSandboxShipper;
}
const PRODUCT_NAMES: Readonly<Record<Shipment['product'], string>> = { V01PAK: 'DHL Paket', V53WPAK: 'DHL Paket International' };

/**
 * The printable shipping label, one page laid out like DHL's: the product in the header, the
 * sender (the address stored under the shipper reference, and the reference), the consignee, the
 * product code and weight, the shipment number and the shipment's reference. Saved without object
 * streams so that its text can be read from the content stream.
 */
export async function renderParcelLabelPdf(content: ParcelLabelContent): Promise<Uint8Array> {
  const { shipmentNo, shipment, shipper } = content;
  const title = PRODUCT_NAMES[shipment.product];
  const { pdf, page, fonts } = await labelPage(`${title} ${shipmentNo}`, { text: title, size: title.length > 12 ? 16 : 22, sandboxY: HEIGHT - 14 });

  writeBlock(page, fonts, 'Absender / From', HEIGHT - 62, 9, fonts.regular, [
    shipper.name,
    `${shipper.street} ${shipper.houseNumber}`,
    `${shipper.postalCode} ${shipper.city}`,
  ], true);
  writeBlock(page, fonts, 'Absender-Referenz / Shipper reference', HEIGHT - 114, 9, fonts.regular, [shipment.shipper.shipperRef], true);

  const { consignee } = shipment;
  page.drawRectangle({ x: MARGIN - 3, y: HEIGHT - 258, width: WIDTH - 2 * MARGIN + 6, height: 112, borderColor: BLACK, borderWidth: 1 });
  writeBlock(page, fonts, 'Empfänger / To', HEIGHT - 158, 12, fonts.bold, [
    consignee.name1,
    consignee.name2,
    consignee.name3,
    [consignee.addressStreet, consignee.addressHouse].filter(Boolean).join(' '),
    [consignee.postalCode, consignee.city].filter(Boolean).join(' '),
    consignee.country === 'DEU' ? undefined : consignee.country,
  ], true);

  const { weight } = shipment.details;
  const grams = weight.uom === 'kg' ? Math.round(weight.value * 1000) : weight.value;
  writeBlock(page, fonts, 'Produkt / Product', HEIGHT - 274, 11, fonts.bold, [shipment.product], true);
  writeBlock(page, fonts, 'Gewicht / Weight', HEIGHT - 306, 11, fonts.bold, [`${grams} g`], true);

  write(page, fonts, 'Sendungsnummer / Shipment number', { x: MARGIN, y: HEIGHT - 346, size: 7, font: fonts.regular, color: GREY });
  const digitsWidth = fonts.bold.widthOfTextAtSize(shipmentNo, 18);
  write(page, fonts, shipmentNo, { x: (WIDTH - digitsWidth) / 2, y: HEIGHT - 372, size: 18, font: fonts.bold, color: BLACK });

  if (shipment.refNo) writeBlock(page, fonts, 'Referenz / Reference', 120, 10, fonts.regular, [shipment.refNo], true);

  write(page, fonts, 'Sandbox label, not valid for shipping.', { x: MARGIN, y: 20, size: 6.5, font: fonts.regular, color: GREY });
  return pdf.save({ useObjectStreams: false });
}
