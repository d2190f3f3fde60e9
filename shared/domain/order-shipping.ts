/**
 * The shipping of a channel order of several lines. The buyer pays one shipping for the whole order, so each line
 * carries a share of it, not all of it: a sale's ledger books its line's share, and a return refunds no more than it.
 */

/**
 * An order's shipping shared out over its lines, in whole minor units that add up exactly to it: an even split, with
 * the cents left over on the first lines in the order's line order. A single line keeps the whole shipping.
 *
 * @param shipping the order's shipping in minor units.
 * @param lineCount how many lines the order has, ours and the brand's other products alike.
 * @returns one share per line, in line order (none for an order without lines).
 * @example
 * shippingShares(490, 3); // [164, 163, 163]
 * shippingShares(490, 1); // [490]
 */
export function shippingShares(shipping: number, lineCount: number): number[] {
  if (lineCount <= 0) return [];
  // Truncating toward zero keeps the split exact for a negative amount too, which the ledger refuses later.
  const even = Math.trunc(shipping / lineCount);
  const leftOver = shipping - even * lineCount;
  const step = Math.sign(leftOver);
  return Array.from({ length: lineCount }, (_, index) => even + (index < Math.abs(leftOver) ? step : 0));
}
