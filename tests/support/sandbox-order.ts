/** A buyer's order of `sku` on a channel sandbox (`POST /_sandbox/orders`), or of several in one order: 201, or 409 when one is not on sale. */
export async function order(origin: string, sku: string | readonly string[]): Promise<number> {
  const body = typeof sku === 'string' ? { sku } : { skus: sku };
  const response = await fetch(`${origin}/_sandbox/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await response.body?.cancel();
  return response.status;
}
