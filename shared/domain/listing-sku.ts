/**
 * The SKU an item is listed under on every channel. It must be stable (a retry, a relist and a
 * reconciliation all find the same listing by it) and valid on the strictest channel: eBay takes
 * at most 50 characters, and letters and digits are safe everywhere. The passport's ULID (26
 * characters) makes it unique; up to 24 letters and digits of the brand's slug in front make it
 * readable in the seller's back office.
 */
const MAX_SKU_LENGTH = 50;
const ULID_LENGTH = 26;
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * The SKU of a passport's listings.
 *
 * @throws RangeError when the passport id is not a ULID (a programmer error: ids are ULIDs).
 * @example
 * listingSku('demo-outdoor', '01JD3V6Q8Z5W4X2Y1T0S9R8P7N'); // 'DEMOOUTDOOR01JD3V6Q8Z5W4X2Y1T0S9R8P7N'
 */
export function listingSku(brand: string, passportId: string): string {
  if (!ULID.test(passportId)) throw new RangeError(`A passport id is a ULID, not "${passportId}"`);
  const brandPart = brand.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, MAX_SKU_LENGTH - ULID_LENGTH);
  return brandPart + passportId;
}

/**
 * The passport a SKU of ours belongs to, or `undefined` for a SKU we did not make (an order of
 * something else the seller sells on the same account).
 *
 * @example
 * passportIdOfSku('DEMOOUTDOOR01JD3V6Q8Z5W4X2Y1T0S9R8P7N'); // '01JD3V6Q8Z5W4X2Y1T0S9R8P7N'
 * passportIdOfSku('TSHIRT-RED-M'); // undefined
 */
export function passportIdOfSku(sku: string): string | undefined {
  if (sku.length > MAX_SKU_LENGTH || !/^[A-Z0-9]+$/.test(sku)) return undefined;
  const passportId = sku.slice(-ULID_LENGTH);
  return ULID.test(passportId) ? passportId : undefined;
}
