import type { Grade } from '../../shared/domain/catalog';
import { listingSku } from '../../shared/domain/listing-sku';
import { listingText } from '../../shared/domain/listing-text';
import type { ListingLanguage, SalesChannelName } from '../../shared/domain/listings';
import type { SandboxOrderLine } from '../../local/sandboxes/sandbox-orders';
import type { ChannelListing, ChannelOrder, SalesChannel } from '../../shared/ports/sales-channel';
import { newId } from '../../shared/services/tokens';

/** A listing of a fresh passport as the domain writes it, for the channel adapters' tests. */
export function aChannelListing(
  channel: SalesChannelName,
  overrides: { grade?: Grade; repaired?: boolean; amount?: number; language?: ListingLanguage } = {},
): ChannelListing {
  const passportId = newId();
  const condition = { grade: overrides.grade ?? 'LIKE_NEW', repaired: overrides.repaired ?? false };
  const language = overrides.language ?? 'de';
  const productName = 'Trailphone X2 128 GB, Graphite';
  const text = listingText({ channel, language, passportId, productName, condition, checks: { 'battery-health': 91, 'screen-ok': true } });
  return {
    passportId,
    sku: listingSku('demo-outdoor', passportId),
    product: { sku: 'DO-PHONE-X2-128', name: productName, category: 'smartphone', gtin: '4006381333931' },
    condition,
    price: { amount: overrides.amount ?? 41_999, currency: 'EUR' },
    language,
    ...text,
    photos: [`https://photos.example.com/${passportId}/front.jpg`],
  };
}

/** The sandbox's `GET /_sandbox/listings`, over HTTP as a test in another process would read it. */
export async function sandboxListings<T extends { sku: string }>(origin: string): Promise<T[]> {
  const response = await fetch(`${origin}/_sandbox/listings`);
  return (await response.json()) as T[];
}

/**
 * A buyer's order on the sandbox: `POST /_sandbox/orders {"sku"}`, or `{"skus"}` for one order of several items; `extra`
 * joins the body (the eBay sandbox's `discount`).
 */
export async function placeSandboxOrder(origin: string, sku: string | readonly string[], extra: object = {}): Promise<{ status: number; body: unknown }> {
  const body = { ...(typeof sku === 'string' ? { sku } : { skus: sku }), ...extra };
  const response = await fetch(`${origin}/_sandbox/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

/** Sets the sandbox's faults with `PUT /_sandbox/faults`. */
export async function putSandboxFaults(origin: string, faults: object): Promise<void> {
  const response = await fetch(`${origin}/_sandbox/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
  if (response.status !== 200) throw new Error(`The sandbox refused the faults: ${response.status} ${await response.text()}`);
}

/**
 * An order of two items listed on `channel` (placed on the sandbox at `origin`), as polling reports its lines, with the
 * sandbox's view of those two lines.
 */
export async function aTwoLineOrder(
  channel: SalesChannel,
  origin: string,
  sandbox: { orders(): SandboxOrderLine[] },
): Promise<{ kept: ChannelOrder; oversold: ChannelOrder; lines: () => SandboxOrderLine[] }> {
  const { nextCursor: start } = await channel.pollOrders(undefined);
  const [kept, oversold] = [aChannelListing(channel.channel), aChannelListing(channel.channel, { amount: 38_999 })];
  await channel.list(kept);
  await channel.list(oversold);
  const placed = await placeSandboxOrder(origin, [kept.sku, oversold.sku]);
  if (placed.status !== 201) throw new Error(`The sandbox refused the order: ${placed.status}`);
  const { orders } = await channel.pollOrders(start);
  const line = (sku: string) => orders.find((candidate) => candidate.sku === sku) ?? expectedLine(sku);
  return { kept: line(kept.sku), oversold: line(oversold.sku), lines: () => sandbox.orders().filter((candidate) => candidate.sku === kept.sku || candidate.sku === oversold.sku) };
}

function expectedLine(sku: string): never {
  throw new Error(`The poll reported no line of ${sku}`);
}

/** Cancels an oversold line as two deliveries of its order at the same moment would (both read the line open), then once more later. */
export async function cancelAtOnceAndAgain(channel: SalesChannel, oversold: ChannelOrder): Promise<void> {
  const reason = 'Sold on another channel first';
  await Promise.all([channel.cancelOrder(oversold, reason), channel.cancelOrder(oversold, reason)]);
  await channel.cancelOrder(oversold, reason);
}

/** The sandbox's lines of a two-line order whose oversold line alone was cancelled: the other still ships, the order stands. */
export function onlyTheOversoldLineCancelled(kept: ChannelOrder, oversold: ChannelOrder): SandboxOrderLine[] {
  return [
    { orderId: kept.orderId, sku: kept.sku, cancelled: false, orderCancelled: false },
    { orderId: kept.orderId, sku: oversold.sku, cancelled: true, orderCancelled: false },
  ];
}
