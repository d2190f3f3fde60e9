/** A buyer's order of `sku` on a channel sandbox (`POST /_sandbox/orders`): 201, or 409 when it is not on sale. */
export async function order(origin: string, sku: string): Promise<number> {
  const response = await fetch(`${origin}/_sandbox/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sku }) });
  await response.body?.cancel();
  return response.status;
}
