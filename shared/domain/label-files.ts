/**
 * Where a passport's labels are kept in the bucket. Their keys follow from the passport's brand and
 * id alone, so that a label the passport never recorded (DHL made it while the customer cancelled)
 * is found as well as one it did.
 */

/** The take-back's label: the PDF to print and the QR code to show at a DHL shop. */
export function takeBackLabelKeys(brand: string, passportId: string): { pdfKey: string; qrKey: string } {
  return { pdfKey: `labels/${brand}/${passportId}.pdf`, qrKey: `labels/${brand}/${passportId}-qr.png` };
}

/** The label of the parcel that takes an item back to its customer. */
export function returnLabelKey(brand: string, passportId: string): string {
  return `return-labels/${brand}/${passportId}.pdf`;
}
