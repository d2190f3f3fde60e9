import { BarcodeDetector as ZXingBarcodeDetector, prepareZXingModule } from 'barcode-detector/ponyfill';
import zxingReaderWasm from 'zxing-wasm/reader/zxing_reader.wasm?url';

/** What the label carries: the shipment number as Code 128, the passport id as a QR code. */
const LABEL_FORMATS = ['code_128', 'qr_code'] as const;

interface Detector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}

/**
 * A decoder for the label's codes: the browser's own BarcodeDetector where it reads both formats
 * (Chrome on Android and macOS), else the ZXing ponyfill, whose WebAssembly is served with the
 * app (never fetched from a CDN).
 */
export async function barcodeDetector(): Promise<Detector> {
  const native = (globalThis as { BarcodeDetector?: typeof ZXingBarcodeDetector }).BarcodeDetector;
  if (native) {
    const supported: readonly string[] = await native.getSupportedFormats().catch(() => []);
    if (LABEL_FORMATS.every((format) => supported.includes(format))) return new native({ formats: [...LABEL_FORMATS] });
  }
  prepareZXingModule({ overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? zxingReaderWasm : prefix + path) } });
  return new ZXingBarcodeDetector({ formats: [...LABEL_FORMATS] });
}
