import { randomInt } from 'node:crypto';

/** DHL's sandbox number range is `99999XXXXXXC`: a prefix, six digits and a check digit. */
const SANDBOX_NUMBER_PREFIX = '99999';

/**
 * A new 12-digit shipment number in DHL's sandbox number range that is not in `issued`. The digits
 * are random rather than counted so that a restarted sandbox does not hand out numbers again that
 * a persisted local cloud still holds.
 */
export function newShipmentNo(issued: ReadonlySet<string>): string {
  for (;;) {
    const body = `${SANDBOX_NUMBER_PREFIX}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
    const shipmentNo = `${body}${identcodeCheckDigit(body)}`;
    if (!issued.has(shipmentNo)) return shipmentNo;
  }
}

/**
 * The check digit of a Deutsche Post / DHL Identcode: digits weighted 4, 9, 4, 9, … from the left,
 * the difference of their sum to the next multiple of ten.
 */
export function identcodeCheckDigit(digits: string): number {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) sum += Number(digits[index]) * (index % 2 === 0 ? 4 : 9);
  return (10 - (sum % 10)) % 10;
}

/**
 * A routing code shaped like DHL's (`40327653113+99000933090010`): the receiver's Leitcode (postal
 * code, street and house number keys) and, after the `+`, the returns product and the shipment.
 */
export function routingCodeFor(receiver: { postalCode: string; houseNumber: string }, shipmentNo: string): string {
  const postalCode = receiver.postalCode.replace(/\D/g, '').padStart(5, '0').slice(0, 5);
  const house = receiver.houseNumber.replace(/\D/g, '').padStart(3, '0').slice(-3);
  return `${postalCode}000${house}+99${shipmentNo}`;
}
