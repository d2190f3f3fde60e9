import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { type DhlSandbox, startDhlSandbox } from '../../local/sandboxes/dhl';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import { takeBackLabelKeys } from '../../shared/domain/label-files';
import type { Staff } from '../../shared/http/staff';
import { Receipts } from '../../shared/services/receipt-and-grading-service';
import { TakeBackCancellation } from '../../shared/services/take-back-cancellation';
import { newId, trackingTokenFor } from '../../shared/services/tokens';
import { WorkQueueService } from '../../shared/services/work-queue-service';
import { aRequestedPassport } from '../support/fixtures';
import { type KillHarness, startKillHarness } from '../support/kill-harness';
import type { LabelWorkerConfig } from '../support/label-worker';
import { aLocalBucket, type LocalBucket } from '../support/local-bucket';
import { createTableLikeStack, localDynamoDb } from '../support/table';

const ROOT = new URL('../..', import.meta.url).pathname;
const TRACKING_SECRET = 'the-tracking-secret-of-the-label-crash-test';
const ops: Staff = { subject: 'ops-1', brand: 'demo', roles: ['ops'] };

// The TakeBackWorkflow's label step under kill -9 (DESIGN.md §9), with `tests/support/kill-harness.ts`:
// the step runs in a worker process (`tests/support/label-worker.ts`) that is killed with SIGKILL at the
// answer of its n-th write, to DynamoDB Local, DHL's sandbox or the local S3 server, again and again,
// until a worker finishes. Meanwhile two of the take-backs are cancelled by their customers and their
// parcels received (a cancelled take-back's parcel may still come), each right after a kill that left
// its label's files in the bucket: DHL made a label that no step recorded.
describe('the label step when it is killed with SIGKILL again and again, while take-backs are cancelled and received', () => {
  const tableName = `label-crash-${newId()}`;
  const dynamodbEndpoint = inject('dynamodbEndpoint');
  const client = localDynamoDb(dynamodbEndpoint);
  const store = new DynamoDbSeedingPassportStore(tableName, client);
  const network = new DynamoDbRepairNetworkStore(tableName, store, client);
  const now = () => new Date();
  const cancellation = new TakeBackCancellation({ store, trackingSecret: async () => TRACKING_SECRET, now });
  const receipts = new Receipts({ store, passports: new WorkQueueService({ store, network }), now });
  let harness: KillHarness;
  let sandbox: DhlSandbox;
  let bucket: LocalBucket;

  beforeAll(async () => {
    [harness, sandbox, bucket] = await Promise.all([startKillHarness(join(ROOT, 'tests/support/label-worker.ts')), startDhlSandbox({ port: 0 }), aLocalBucket()]);
    await createTableLikeStack(client, tableName);
    await store.putCatalog(demoBrand);
  });
  afterAll(async () => {
    await Promise.all([harness?.stop(), sandbox?.stop(), bucket?.stop()]);
  });

  const filesOf = async (id: string) => (await bucket.blobs.keysUnder(`labels/demo/${id}`)).sort();

  it('records one label per take-back kept, booked once, and none for those cancelled and received meanwhile, whose files it deletes', async () => {
    const kept = [await aRequestedPassport(store), await aRequestedPassport(store)];
    const cancelled = [await aRequestedPassport(store), await aRequestedPassport(store)];
    const config = async (label: string[]): Promise<LabelWorkerConfig> => ({
      dynamodbEndpoint: await harness.proxyTo(dynamodbEndpoint, 'DynamoDB'),
      tableName,
      dhlReturnsApiUrl: `${await harness.proxyTo(new URL(sandbox.baseUrl).origin, 'dhl')}${new URL(sandbox.baseUrl).pathname}`,
      s3Endpoint: await harness.proxyTo(bucket.endpoint, 's3'),
      bucket: bucket.name,
      label,
      folder: join(harness.home, 'clock'),
    });
    const cancelledAfter: Record<string, string> = {};
    /** The customer cancels and the parcel arrives after the first kill at the upload of the label's file `suffix`. */
    const cancelAt = (passportId: string, suffix: string) => async (killedAt: string) => {
      if (cancelledAfter[passportId] || !(killedAt.startsWith('s3 PUT') && killedAt.endsWith(`${passportId}${suffix}`))) return;
      cancelledAfter[passportId] = killedAt;
      await cancellation.cancel(passportId, trackingTokenFor(passportId, TRACKING_SECRET));
      await receipts.receive(ops, passportId, {});
    };

    // Two rounds of workers, each with a cancelled take-back first and a kept one (the kills come later and later
    // in a round, so the first steps of a round are the ones killed at each write). The first take-back is cancelled
    // once its PDF is in the bucket, the second once its QR code is too: DHL has made their labels, and the step
    // died before recording them.
    const kills = [
      ...(await harness.killedUntilFinished(await config([cancelled[0]!.id, kept[0]!.id]), cancelAt(cancelled[0]!.id, '.pdf'))),
      ...(await harness.killedUntilFinished(await config([cancelled[1]!.id, kept[1]!.id]), cancelAt(cancelled[1]!.id, '-qr.png'))),
    ];

    // The kills hit the claims, DHL, both uploads and the label's transaction.
    expect(kills, kills.join(', ')).toContain('DynamoDB TransactWriteItems');
    expect(kills.some((at) => at.startsWith('dhl POST')), kills.join(', ')).toBe(true);
    expect(kills.some((at) => at.startsWith('s3 PUT') && at.endsWith('-qr.png')), kills.join(', ')).toBe(true);
    expect(Object.keys(cancelledAfter).sort(), kills.join(', ')).toEqual(cancelled.map(({ id }) => id).sort());
    for (const passport of kept) {
      const stored = (await store.getPassport(passport.id))!;
      expect(stored.state, passport.id).toBe('LABEL_CREATED');
      // DHL may have made more labels (a worker killed at DHL's answer): the one recorded is one it made, booked once,
      // when its parcel is received (DHL bills the one the customer posts).
      expect(sandbox.orders().filter((order) => order.customerReference === passport.id).map((order) => order.shipmentNo)).toContain(stored.label!.shipmentNo);
      const events = (await store.getTimeline(passport.id)).filter((event) => event.type === 'LabelCreated');
      expect(events.map((event) => event.data.shipmentNo), passport.id).toEqual([stored.label!.shipmentNo]);
      expect(await network.ledgerOf(passport.id), passport.id).toEqual([]);
      await receipts.receive(ops, passport.id, {});
      expect((await network.ledgerOf(passport.id)).map((line) => line.entryId), passport.id).toEqual([`LABEL#${stored.label!.shipmentNo}`]);
      const { pdfKey, qrKey } = takeBackLabelKeys('demo', passport.id);
      expect(await filesOf(passport.id), passport.id).toEqual([pdfKey, qrKey].sort());
      expect(Buffer.from((await bucket.blobs.get(pdfKey))!.body.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    }
    for (const passport of cancelled) {
      const stored = (await store.getPassport(passport.id))!;
      expect(stored, cancelledAfter[passport.id]).toMatchObject({ state: 'RECEIVED', receipt: expect.anything() });
      expect(stored.label).toBeUndefined();
      expect(stored.attention).toBeUndefined();
      expect((await store.getTimeline(passport.id)).map((event) => event.type)).toEqual(['TakeBackRequested', 'TakeBackCancelled', 'ParcelReceived']);
      // DHL made its label, which nothing records or books.
      expect(sandbox.orders().some((order) => order.customerReference === passport.id)).toBe(true);
      expect(await network.ledgerOf(passport.id), passport.id).toEqual([]);
      // The files of the label nothing records, with the customer's name and address, are not kept.
      expect(await filesOf(passport.id), cancelledAfter[passport.id]).toEqual([]);
    }
  });
});
