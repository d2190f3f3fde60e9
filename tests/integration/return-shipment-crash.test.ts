import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { type DhlSandbox, startDhlSandbox } from '../../local/sandboxes/dhl';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import { newId } from '../../shared/services/tokens';
import { aPassport, aQuote } from '../support/fixtures';
import { type KillHarness, startKillHarness } from '../support/kill-harness';
import type { ReturnShipmentWorkerConfig } from '../support/return-shipment-worker';
import { createTableLikeStack, localDynamoDb } from '../support/table';

const ROOT = new URL('../..', import.meta.url).pathname;
const ITEMS = 3;

// An item's parcel back to its customer under kill -9 (DESIGN.md §9), with
// `tests/support/kill-harness.ts`: the staff route's service runs in a worker process
// (`tests/support/return-shipment-worker.ts`) that is killed with SIGKILL at the answer of its n-th
// write, to DynamoDB Local or DHL's sandbox, again and again, until a worker finishes. A worker
// killed when DHL has answered leaves a label made and recorded nowhere, and its claim to the lease.
describe('the parcel back to a customer when its request is killed with SIGKILL again and again', () => {
  const tableName = `return-crash-${newId()}`;
  const dynamodbEndpoint = inject('dynamodbEndpoint');
  const client = localDynamoDb(dynamodbEndpoint);
  const store = new DynamoDbSeedingPassportStore(tableName, client);
  const network = new DynamoDbRepairNetworkStore(tableName, store, client);
  let harness: KillHarness;
  let sandbox: DhlSandbox;

  beforeAll(async () => {
    [harness, sandbox] = await Promise.all([startKillHarness(join(ROOT, 'tests/support/return-shipment-worker.ts')), startDhlSandbox({ port: 0 })]);
    await createTableLikeStack(client, tableName);
    await store.putCatalog(demoBrand);
  });
  afterAll(async () => {
    await Promise.all([harness?.stop(), sandbox?.stop()]);
  });

  it('sends each item back once, records one label each, books each parcel once, and keeps each label', async () => {
    const ids: string[] = [];
    for (let index = 0; index < ITEMS; index++) {
      const quote = aQuote();
      await store.saveQuote(quote);
      const passport = aPassport(quote, { state: 'RETURN_TO_CUSTOMER' });
      await store.createPassport(passport, { type: 'TakeBackRequested', data: {} });
      ids.push(passport.id);
    }
    const folder = join(harness.home, 'blobs');
    const config: ReturnShipmentWorkerConfig = {
      dynamodbEndpoint: await harness.proxyTo(dynamodbEndpoint, 'DynamoDB'),
      tableName,
      dhlShippingApiUrl: `${await harness.proxyTo(new URL(sandbox.shippingBaseUrl).origin, 'dhl')}${new URL(sandbox.shippingBaseUrl).pathname}`,
      ship: ids,
      folder,
    };

    const kills = await harness.killedUntilFinished(config);

    // The kills hit the claims, DHL's labels and the moves' transactions.
    expect(kills, kills.join(', ')).toContain('DynamoDB TransactWriteItems');
    expect(kills.some((at) => at.startsWith('dhl POST')), kills.join(', ')).toBe(true);
    for (const id of ids) {
      const passport = await store.getPassport(id);
      const made = sandbox.shipments().filter((shipment) => shipment.refNo === id).map((shipment) => shipment.shipmentNo);
      expect(passport?.state).toBe('RETURNED');
      // DHL may have made more labels (a worker killed at DHL's answer): one of them is the passport's, and only that one counts.
      expect(made).toContain(passport!.returnShipment!.shipmentNo);
      const events = (await store.getTimeline(id)).filter((event) => event.type === 'ReturnedToCustomer');
      expect(events.map((event) => event.data.shipmentNo)).toEqual([passport!.returnShipment!.shipmentNo]);
      expect((await network.ledgerOf(id)).map((entry) => entry.entryId)).toEqual([`RETURN#${passport!.returnShipment!.shipmentNo}`]);
      expect(readFileSync(join(folder, passport!.returnShipment!.pdfKey)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }
  });
});
