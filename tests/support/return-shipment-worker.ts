import { mkdirSync } from 'node:fs';
import { SANDBOX_CREDENTIALS } from '../../local/sandboxes/dhl/sandbox';
import { DhlParcelCarrier } from '../../shared/adapters/dhl/dhl-parcel-carrier';
import { DynamoDbPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbPassportRepairRecords } from '../../shared/adapters/dynamodb/repair-network-store';
import { ReturnShipments } from '../../shared/services/return-shipments';
import { WorkQueueService } from '../../shared/services/work-queue-service';
import { localDynamoDb } from './local-dynamodb';
import { folderBlobs, workerClock } from './worker-folder';
import { runWorker } from './worker-main';

// The staff route that sends an item back to its customer (`POST /v1/passports/{id}/return-shipment`)
// in a process of its own, for `tests/integration/return-shipment-crash.test.ts` to kill with SIGKILL
// (run by `tests/support/kill-harness.ts`, which hands over the config). It sends back each passport
// it is given, as staff asking again after a lost answer would, each worker a minute and a second
// after the one before: past the 60 s lease of a claim its predecessor died holding. Exits 0 when done.

export interface ReturnShipmentWorkerConfig {
  dynamodbEndpoint: string;
  tableName: string;
  /** The DHL sandbox's Shipping API, behind the harness's proxy. */
  dhlShippingApiUrl: string;
  ship: string[];
  /** Where the worker keeps the labels (as S3 keeps them) and its clock. */
  folder: string;
}

async function main(config: ReturnShipmentWorkerConfig): Promise<number> {
  mkdirSync(config.folder, { recursive: true });
  const client = localDynamoDb(config.dynamodbEndpoint);
  const store = new DynamoDbPassportStore(config.tableName, client);
  const passports = new WorkQueueService({ store, network: new DynamoDbPassportRepairRecords(config.tableName, client) });
  const carrier = new DhlParcelCarrier({ baseUrl: config.dhlShippingApiUrl, ...SANDBOX_CREDENTIALS });
  const shipments = new ReturnShipments({ store, passports, blobs: folderBlobs(config.folder), carrier: async () => carrier, now: workerClock(config.folder) });
  for (const id of config.ship) await shipments.ship({ subject: 'ops-1', brand: 'demo', roles: ['ops'] }, id, {});
  return 0;
}

runWorker(main);
