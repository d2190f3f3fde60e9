import QRCode from 'qrcode';

/** The paperless label: a PNG QR code of the deep link the Post & DHL app imports. */
export function renderQrLabelPng(qrLink: string): Promise<Buffer> {
  return QRCode.toBuffer(qrLink, { type: 'png', errorCorrectionLevel: 'M', margin: 4, width: 400 });
}
