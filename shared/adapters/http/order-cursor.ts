import { SalesChannelRejectedError } from '../../ports/sales-channel';

/**
 * Where polling a channel's orders by modification time stands: the latest modification seen, and
 * the orders seen at exactly that instant. The next poll asks from `since` inclusive (channels
 * filter by "modified at or after"), and the orders in `seen` are skipped, so an order modified in
 * the same second as the last one is neither lost nor reported twice.
 */
export interface OrderCursor<Id> {
  since?: string;
  seen: Id[];
}

/** How a channel's orders are read for the cursor. */
export interface OrderClock<Order, Id> {
  modifiedAt(order: Order): string;
  idOf(order: Order): Id;
  /** True when modification `a` is later than `b` in the channel's own notation. */
  isLater(a: string, b: string): boolean;
}

/**
 * The cursor after a page of orders.
 *
 * @example
 * const clock = { modifiedAt: (o) => o.at, idOf: (o) => o.id, isLater: (a, b) => a > b };
 * advanceOrderCursor({ seen: [] }, [{ id: 'A', at: '10:00' }, { id: 'B', at: '10:01' }], clock); // { since: '10:01', seen: ['B'] }
 */
export function advanceOrderCursor<Order, Id>(position: OrderCursor<Id>, fetched: readonly Order[], clock: OrderClock<Order, Id>): OrderCursor<Id> {
  let since = position.since;
  for (const order of fetched) if (!since || clock.isLater(clock.modifiedAt(order), since)) since = clock.modifiedAt(order);
  const atSince = fetched.filter((order) => clock.modifiedAt(order) === since).map(clock.idOf);
  const seen = since === position.since ? [...new Set([...position.seen, ...atSince])] : atSince;
  return since ? { since, seen } : { seen };
}

/** The cursor as the opaque string the order poll stores. */
export function encodeOrderCursor<Id>(cursor: OrderCursor<Id>): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/**
 * The stored string read back; ids of another type are dropped.
 * @throws SalesChannelRejectedError when the string is not a cursor (a person must look).
 */
export function decodeOrderCursor<Id>(cursor: string | undefined, isId: (value: unknown) => value is Id, channelName: string): OrderCursor<Id> {
  if (!cursor) return { seen: [] };
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<OrderCursor<unknown>>;
    return { ...(typeof value.since === 'string' ? { since: value.since } : {}), seen: Array.isArray(value.seen) ? value.seen.filter(isId) : [] };
  } catch {
    throw new SalesChannelRejectedError(`The stored ${channelName} order cursor cannot be read.`);
  }
}
