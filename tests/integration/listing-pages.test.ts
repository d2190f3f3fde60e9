import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDbListingStore } from '../../shared/adapters/dynamodb/listing-store';
import { ValidationError } from '../../shared/domain/errors';
import type { Listing, SalesChannelName } from '../../shared/domain/listings';
import { newId } from '../../shared/services/tokens';
import { createTableLikeStack, localDynamoDb } from '../support/table';

/** The staff's pages of a brand's listings (`GET /v1/listings`) against DynamoDB Local, by state and channel. */
describe("a brand's listings paged, against DynamoDB Local", () => {
  const tableName = `listing-pages-${newId()}`;
  const client = localDynamoDb(inject('dynamodbEndpoint'));
  const listings = new DynamoDbListingStore(tableName, client);
  const brand = 'demo';

  beforeAll(async () => {
    await createTableLikeStack(client, tableName);
    for (const channel of ['refurbed', 'refurbed', 'backmarket', 'backmarket'] as const) await listings.save(aListing(channel));
  });

  function aListing(channel: SalesChannelName): Listing {
    const passportId = newId();
    const price = { amount: 10_000, currency: 'EUR' as const };
    return { passportId, brand, channel, sku: `${brand}-${passportId}`, price, fee: { amount: 1_000, currency: 'EUR' }, state: 'LISTED', content: {} as Listing['content'], updatedAt: '2026-12-07T10:00:00.000Z' };
  }

  it("pages one channel's listings with the cursor of its own pages", async () => {
    const first = await listings.page(brand, 'LISTED', 'refurbed', 1);
    const second = await listings.page(brand, 'LISTED', 'refurbed', 1, first.nextCursor);

    expect([...first.listings, ...second.listings].map((listing) => listing.channel)).toEqual(['refurbed', 'refurbed']);
    expect(second.nextCursor).toBeUndefined();
  });

  it("refuses the cursor of another channel's pages as a bad cursor (400 at `cursor`), not as DynamoDB's error", async () => {
    const { nextCursor } = await listings.page(brand, 'LISTED', 'refurbed', 1);

    const refused = await listings.page(brand, 'LISTED', 'backmarket', 1, nextCursor).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues).toEqual([{ in: 'query', path: ['cursor'], message: expect.stringContaining('same channel') }]);
  });
});
