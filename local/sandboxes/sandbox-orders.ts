/**
 * A buyer's order line as a channel sandbox shows it to tests (`orders()`): whether the seller
 * cancelled it is what tells a sold item from an oversold one.
 */
export interface SandboxOrderLine {
  orderId: string;
  sku: string;
  /** The line will not be delivered: the seller cancelled it (or refunded it before it shipped), or its whole order. */
  cancelled: boolean;
  /**
   * On the channels that cancel whole orders (Shopify, eBay): whether the line's order was
   * cancelled, rather than the line alone refunded.
   */
  orderCancelled?: boolean;
}

/**
 * The SKUs of a buyer's order placed with `POST /_sandbox/orders`: `{"sku"}` for one item, or
 * `{"skus": [...]}` for a basket of several (each once), on the sandboxes that take baskets.
 *
 * @returns `undefined` when the body is neither.
 * @example
 * skusOfSandboxOrder({ skus: ['DEMO1', 'DEMO2'] }); // ['DEMO1', 'DEMO2']
 */
export function skusOfSandboxOrder(body: unknown): string[] | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  if ('sku' in body) return typeof body.sku === 'string' && body.sku !== '' ? [body.sku] : undefined;
  if (!('skus' in body) || !Array.isArray(body.skus) || body.skus.length === 0) return undefined;
  const skus: unknown[] = body.skus;
  if (!skus.every((sku): sku is string => typeof sku === 'string' && sku !== '')) return undefined;
  return new Set(skus).size === skus.length ? skus : undefined;
}
