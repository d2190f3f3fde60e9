import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import type { FilledRectangle } from './pdf-contents';

const PIXELS_PER_POINT = 3;

let prepared = false;

/** ZXing's WebAssembly from the installed package (the web app's scanner uses the same reader), never from a CDN; once per process. */
function prepareReader(): void {
  if (prepared) return;
  prepared = true;
  const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
  const wasmBinary = wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer;
  prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
}

/**
 * What a barcode scanner reads from a page's filled rectangles: they are painted black on white at
 * 3 pixels per point (216 dpi) and handed to ZXing, as the warehouse's camera scanner would.
 * Answers each Code 128 and QR code found as `{ format, text }`.
 */
export async function scanRectangles(rectangles: readonly FilledRectangle[], page: { width: number; height: number }): Promise<{ format: string; text: string }[]> {
  prepareReader();
  const width = Math.ceil(page.width * PIXELS_PER_POINT);
  const height = Math.ceil(page.height * PIXELS_PER_POINT);
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  for (const rectangle of rectangles) {
    const left = Math.round(rectangle.x * PIXELS_PER_POINT);
    const right = Math.round((rectangle.x + rectangle.width) * PIXELS_PER_POINT);
    // PDF counts y upwards from the bottom, the image downwards from the top.
    const top = height - Math.round((rectangle.y + rectangle.height) * PIXELS_PER_POINT);
    const bottom = height - Math.round(rectangle.y * PIXELS_PER_POINT);
    for (let row = Math.max(top, 0); row < Math.min(bottom, height); row++) {
      for (let column = Math.max(left, 0); column < Math.min(right, width); column++) {
        const at = (row * width + column) * 4;
        data[at] = data[at + 1] = data[at + 2] = 0;
      }
    }
  }
  const found = await readBarcodes({ data, width, height, colorSpace: 'srgb' }, { formats: ['Code128', 'QRCode'], maxNumberOfSymbols: 8 });
  return found.filter((code) => code.isValid).map((code) => ({ format: code.format, text: code.text }));
}
