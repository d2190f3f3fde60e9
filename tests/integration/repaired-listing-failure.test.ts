import { beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { DynamoDbListingStore } from '../../shared/adapters/dynamodb/listing-store';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import type { Staff } from '../../shared/http/staff';
import { ListingFailures } from '../../shared/services/listing-failures';
import { RouteOverrides } from '../../shared/services/receipt-and-grading-service';
import { newId } from '../../shared/services/tokens';
import { WorkQueueService } from '../../shared/services/work-queue-service';
import { aPassportToResell, resale } from '../support/resale';
import { createTableLikeStack, localDynamoDb } from '../support/table';

const ops: Staff = { subject: 'ops-1', brand: 'demo', roles: ['ops'] };
const FAILURE = { error: 'BrandConfigUnreadable', cause: JSON.stringify({ errorType: 'BrandConfigUnreadable', errorMessage: 'The configuration of brand "demo" cannot be read' }) };

describe('a repaired item whose listing failed for good, against DynamoDB Local', () => {
  const tableName = `repaired-listing-${newId()}`;
  const client = localDynamoDb(inject('dynamodbEndpoint'));
  const store = new DynamoDbSeedingPassportStore(tableName, client);
  const listings = new DynamoDbListingStore(tableName, client);
  const network = new DynamoDbRepairNetworkStore(tableName, store, client);
  let clock = Date.parse('2026-11-20T10:00:00.000Z');
  const now = () => new Date((clock += 1_000));
  const service = resale({
    store,
    listings,
    ledgers: network,
    queue: { send: async () => undefined },
    channelFor: async () => {
      throw new Error('no channel is called here');
    },
    now,
  });
  const failures = new ListingFailures({ store, now });
  const receipts = new RouteOverrides({ store, passports: new WorkQueueService({ store, network }), repairs: network, now });

  beforeAll(async () => {
    await createTableLikeStack(client, tableName);
    await store.putCatalog(demoBrand);
  });

  /** A phone graded for repair, its voucher issued, repaired by a partner. */
  async function aRepairedPassport(): Promise<string> {
    const id = await aPassportToResell(store);
    const at = () => now().toISOString();
    await store.amend(id, { in: ['GRADED'], at: at(), set: { route: { route: 'REPAIR', reason: 'A new battery recovers the most', decidedAt: at() } }, event: { type: 'RouteOverridden', data: {} } });
    await store.transition(id, { to: 'IN_REPAIR', at: at(), event: { type: 'RepairAssigned', data: {} } });
    await store.transition(id, { to: 'REPAIRED', at: at(), event: { type: 'Repaired', data: {} } });
    return id;
  }

  const conditions = async (id: string) => (await listings.listingsOf(id)).map((listing) => listing.content.condition);

  it('waits for a person, who routes it to RESELL again once the cause is mended; it is then listed as repaired', async () => {
    const id = await aRepairedPassport();

    expect(await failures.flagListingFailure(id, FAILURE)).toEqual({ flagged: true });
    expect(await store.getPassport(id)).toMatchObject({ state: 'NEEDS_ATTENTION', route: { route: 'REPAIR' } });

    const routed = await receipts.overrideRoute(ops, id, { route: 'RESELL', reason: 'Configuration mended, sell it' });
    expect(routed).toMatchObject({ state: 'GRADED', route: { route: 'RESELL', overriddenBy: 'ops-1' } });
    expect(routed.attention).toBeUndefined();

    expect(await service.prepareListings(id)).toMatchObject({ outcome: 'LISTED' });
    const listed = await conditions(id);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed).toEqual(listed.map(() => ({ grade: 'GOOD', repaired: true })));
  });

  it('lists an item graded for resale and never repaired as not repaired', async () => {
    const id = await aPassportToResell(store);

    expect(await service.prepareListings(id)).toMatchObject({ outcome: 'LISTED' });
    const listed = await conditions(id);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed).toEqual(listed.map(() => ({ grade: 'GOOD', repaired: false })));
  });
});
