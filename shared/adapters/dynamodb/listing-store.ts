import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../domain/errors';
import { LISTING_STATES, type Listing, type ListingState, type PendingLineRefund, SALES_CHANNELS, type SalesChannelName } from '../../domain/listings';
import { queryAll } from './query-all';
import {
  brandListingKey,
  brandListingsPartition,
  channelOrderKey,
  LISTING_PREFIX,
  listingKey,
  orderCursorKey,
  PENDING_REFUND_PREFIX,
  pendingRefundKey,
  RESALE_BRANDS_PARTITION,
  resaleBrandKey,
} from './keys';
import type { TransactItem } from './passport-store';
import { withoutKeys } from './stored-item';

type Item = Record<string, unknown>;
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * Listings, sales bookkeeping and order cursors on the single table (DESIGN.md §5). Writes that
 * must commit with a passport's move (listing it, selling it) are handed out as transaction items
 * for `PassportStore.transition`, so the passport's state and its listings never disagree.
 */
export class DynamoDbListingStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(private readonly tableName: string, client: DynamoDBClient) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  /** The write of a listing as it is now, for a transaction. */
  put(listing: Listing): TransactItem {
    return { Update: this.write(listing) };
  }

  /** The move of a listing from `from` to `to`, for a transaction; it fails unless the listing is still `from`. */
  move(listing: Listing, from: ListingState, to: ListingState, at: string): TransactItem {
    return { Update: this.write({ ...listing, state: to, updatedAt: at }, from) };
  }

  /**
   * The mark that an order line was handled, for a transaction; it fails when it was handled before. A line cancelled
   * because a person had withdrawn its listing and the item was on sale nowhere else is marked `listingWithdrawn`, so
   * that a repeat tells the channel the same reason.
   */
  orderHandled(passportId: string, channel: SalesChannelName, orderId: string, lineId: string, outcome: 'SOLD' | 'CANCELLED', at: string, listingWithdrawn = false): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...channelOrderKey(passportId, channel, orderId, lineId), entity: 'ChannelOrder', outcome, at, ...(listingWithdrawn ? { listingWithdrawn: true } : {}) },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
  }

  async orderOutcome(passportId: string, channel: SalesChannelName, orderId: string, lineId: string): Promise<'SOLD' | 'CANCELLED' | undefined> {
    return (await this.handledOrder(passportId, channel, orderId, lineId))?.outcome;
  }

  /**
   * How an order line was handled, if it was: its outcome, whether it was cancelled for its listing's withdrawal, and
   * whether its channel's refusal to cancel it was left to a person.
   */
  async handledOrder(
    passportId: string,
    channel: SalesChannelName,
    orderId: string,
    lineId: string,
  ): Promise<{ outcome: 'SOLD' | 'CANCELLED'; listingWithdrawn: boolean; cancellationRefused: boolean } | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: channelOrderKey(passportId, channel, orderId, lineId), ConsistentRead: true }));
    if (!Item) return undefined;
    return { outcome: Item.outcome as 'SOLD' | 'CANCELLED', listingWithdrawn: Item.listingWithdrawn === true, cancellationRefused: Item.refusedAt !== undefined };
  }

  /**
   * The mark on a handled order line that its channel's refusal to cancel it was recorded, for a transaction with the
   * refusal's event: it fails when the line has the mark already, so a person is asked once per order line.
   */
  cancellationRefused(passportId: string, channel: SalesChannelName, orderId: string, lineId: string, at: string): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: channelOrderKey(passportId, channel, orderId, lineId),
        UpdateExpression: 'SET refusedAt = :at',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(refusedAt)',
        ExpressionAttributeValues: { ':at': at },
      },
    };
  }

  /** Whether the order line's cancellation was refused and left to a person (its mark says so). */
  async isCancellationRefused(passportId: string, channel: SalesChannelName, orderId: string, lineId: string): Promise<boolean> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: channelOrderKey(passportId, channel, orderId, lineId), ConsistentRead: true }));
    return Item?.refusedAt !== undefined;
  }

  /** Keeps a refund its channel settles later until it is settled; a later refund of the same line replaces it. */
  async keepPendingRefund(refund: PendingLineRefund): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...pendingRefundKey(refund.brand, refund.channel, refund.orderId, refund.lineId), entity: 'PendingRefund', ...refund } }));
  }

  /** The brand's refunds on `channel` that the channel has yet to settle. */
  async pendingRefunds(brand: string, channel: SalesChannelName): Promise<PendingLineRefund[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': pendingRefundKey(brand, channel, '', '').PK, ':prefix': `${PENDING_REFUND_PREFIX}${channel}#` },
      ConsistentRead: true,
    });
    return items.map((item) => pendingRefundOf(channel, item));
  }

  /** The order line's refund that its channel has yet to settle, if one is kept. */
  async pendingRefund(brand: string, channel: SalesChannelName, orderId: string, lineId: string): Promise<PendingLineRefund | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: pendingRefundKey(brand, channel, orderId, lineId), ConsistentRead: true }));
    return Item ? pendingRefundOf(channel, Item) : undefined;
  }

  /** The removal of a settled refund, for a transaction; it fails unless the line's pending refund is still this one. */
  refundSettled(refund: PendingLineRefund): TransactItem {
    return { Delete: this.pendingRefundDelete(refund) };
  }

  /** Forgets a settled refund; nothing when it is gone already or a later refund of the line replaced it. */
  async forgetPendingRefund(refund: PendingLineRefund): Promise<void> {
    try {
      await this.doc.send(new DeleteCommand(this.pendingRefundDelete(refund)));
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  private pendingRefundDelete(refund: PendingLineRefund): NonNullable<TransactItem['Delete']> {
    return {
      TableName: this.tableName,
      Key: pendingRefundKey(refund.brand, refund.channel, refund.orderId, refund.lineId),
      ConditionExpression: 'refundId = :refundId',
      ExpressionAttributeValues: { ':refundId': refund.refundId },
    };
  }

  async save(listing: Listing): Promise<void> {
    await this.doc.send(new UpdateCommand(this.write(listing)));
  }

  /**
   * The listing's attributes set one by one rather than the item replaced, so that a channel id
   * recorded after `listing` was read (`recordListingId`, by a sync running at the same moment) is
   * kept when `listing` has none; the listing's other fields are always all present. With `from`,
   * it holds only while the stored listing is still in that state.
   */
  private write(listing: Listing, from?: ListingState): NonNullable<TransactItem['Update']> {
    const { PK, SK, ...attributes } = listingItem(listing);
    const present = Object.entries(attributes).filter(([, value]) => value !== undefined);
    const names: Record<string, string> = Object.fromEntries(present.map(([name], index) => [`#a${index}`, name]));
    const values: Record<string, unknown> = Object.fromEntries(present.map(([, value], index) => [`:a${index}`, value]));
    return {
      TableName: this.tableName,
      Key: { PK, SK },
      UpdateExpression: `SET ${present.map((_, index) => `#a${index} = :a${index}`).join(', ')}`,
      ...(from ? { ConditionExpression: '#state = :from' } : {}),
      ExpressionAttributeNames: { ...names, ...(from ? { '#state': 'state' } : {}) },
      ExpressionAttributeValues: { ...values, ...(from ? { ':from': from } : {}) },
    };
  }

  /** Records the channel's id of a listing, whatever its state. */
  async recordListingId(passportId: string, channel: SalesChannelName, listingId: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: listingKey(passportId, channel),
        UpdateExpression: 'SET listingId = :id',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':id': listingId },
      }),
    );
  }

  async get(passportId: string, channel: SalesChannelName): Promise<Listing | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: listingKey(passportId, channel), ConsistentRead: true }));
    return Item ? (withoutKeys(Item) as unknown as Listing) : undefined;
  }

  async listingsOf(passportId: string): Promise<Listing[]> {
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': `P#${passportId}`, ':prefix': LISTING_PREFIX },
        ConsistentRead: true,
      }),
    );
    return (page.Items ?? []).map((item) => withoutKeys(item) as unknown as Listing);
  }

  /**
   * A page of a brand's listings in one state, optionally on one channel, by channel and passport.
   * @throws ValidationError for a cursor this list did not give out, and for one of another channel's pages.
   */
  async page(brand: string, state: ListingState, channel: SalesChannelName | undefined, limit: number, cursor?: string): Promise<{ listings: Listing[]; nextCursor?: string }> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    // A position on another channel lies outside the channel's key range, which DynamoDB refuses as a start key.
    if (after && channel && after.channel !== channel) {
      throw new ValidationError(`The cursor is one of the ${after.channel} listings, not of ${channel}.`, [
        { in: 'query', path: ['cursor'], message: 'must be the nextCursor of a previous page of the same channel' },
      ]);
    }
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: channel ? 'GSI1PK = :pk AND begins_with(GSI1SK, :channel)' : 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': brandListingsPartition(brand, state), ...(channel ? { ':channel': `${channel}#` } : {}) },
        Limit: limit + 1,
        ...(after ? { ExclusiveStartKey: { ...listingKey(after.passportId, after.channel), ...brandListingKey(brand, state, after.channel, after.passportId) } } : {}),
      }),
    );
    const items = page.Items ?? [];
    const listings = items.slice(0, limit).map((item) => withoutKeys(item) as unknown as Listing);
    const last = listings.at(-1);
    return { listings, ...(items.length > limit && last ? { nextCursor: encodeCursor(last) } : {}) };
  }

  /** Whether the brand has a listing on `channel`, in any state: one page of one item per state at most. */
  async hasListingOn(brand: string, channel: SalesChannelName): Promise<boolean> {
    for (const state of LISTING_STATES) {
      if ((await this.page(brand, state, channel, 1)).listings.length > 0) return true;
    }
    return false;
  }

  /** Every listing of a brand in one state (the reconciliation's view). */
  async allInState(brand: string, state: ListingState): Promise<Listing[]> {
    const listings: Listing[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.page(brand, state, undefined, 100, cursor);
      listings.push(...page.listings);
      cursor = page.nextCursor;
    } while (cursor);
    return listings;
  }

  async orderCursor(brand: string, channel: SalesChannelName): Promise<string | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: orderCursorKey(brand, channel), ConsistentRead: true }));
    return Item?.cursor as string | undefined;
  }

  async saveOrderCursor(brand: string, channel: SalesChannelName, cursor: string): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...orderCursorKey(brand, channel), entity: 'OrderCursor', cursor } }));
  }

  /** Registers a brand as selling on channels (idempotent). */
  async registerBrand(brand: string): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...resaleBrandKey(brand), entity: 'ResaleBrand', brand } }));
  }

  async brands(): Promise<string[]> {
    const page = await this.doc.send(
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': RESALE_BRANDS_PARTITION } }),
    );
    return (page.Items ?? []).map((item) => item.brand as string);
  }
}

function encodeCursor(listing: Pick<Listing, 'channel' | 'passportId'>): string {
  return Buffer.from(JSON.stringify([listing.channel, listing.passportId])).toString('base64url');
}

function decodeCursor(cursor: string): { channel: SalesChannelName; passportId: string } {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (Array.isArray(decoded) && decoded.length === 2 && SALES_CHANNELS.includes(decoded[0]) && typeof decoded[1] === 'string' && ULID.test(decoded[1])) {
    return { channel: decoded[0] as SalesChannelName, passportId: decoded[1] };
  }
  throw new ValidationError('The cursor is not one this list gave out.', [{ in: 'query', path: ['cursor'], message: 'must be the nextCursor of a previous page' }]);
}

function listingItem(listing: Listing): Item {
  return {
    ...listingKey(listing.passportId, listing.channel),
    ...brandListingKey(listing.brand, listing.state, listing.channel, listing.passportId),
    entity: 'Listing',
    ...listing,
  };
}

function pendingRefundOf(channel: SalesChannelName, item: Record<string, unknown>): PendingLineRefund {
  return {
    brand: String(item.brand),
    passportId: String(item.passportId),
    channel,
    orderId: String(item.orderId),
    lineId: String(item.lineId),
    refundId: String(item.refundId),
    at: String(item.at),
  };
}
