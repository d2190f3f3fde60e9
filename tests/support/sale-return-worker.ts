import { DynamoDbListingStore } from '../../shared/adapters/dynamodb/listing-store';
import { DynamoDbPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbPassportRepairRecords } from '../../shared/adapters/dynamodb/repair-network-store';
import type { SaleReturnRequest } from '../../shared/schemas/staff';
import { SaleReturns } from '../../shared/services/sale-returns';
import { WorkQueueService } from '../../shared/services/work-queue-service';
import { localDynamoDb } from './local-dynamodb';
import { runWorker } from './worker-main';

// The staff route that records a buyer's return (`POST /v1/passports/{id}/sale-return`) in a process
// of its own, for `tests/integration/sale-returns.test.ts` to kill with SIGKILL (run by
// `tests/support/kill-harness.ts`, which hands over the config). It records the same return of each
// passport it is given, as the same person asking again after a lost answer would. Exits 0 when done.

export interface SaleReturnWorkerConfig {
  dynamodbEndpoint: string;
  tableName: string;
  passports: string[];
  request: SaleReturnRequest;
}

async function main(config: SaleReturnWorkerConfig): Promise<number> {
  const client = localDynamoDb(config.dynamodbEndpoint);
  const store = new DynamoDbPassportStore(config.tableName, client);
  const passports = new WorkQueueService({ store, network: new DynamoDbPassportRepairRecords(config.tableName, client) });
  const returns = new SaleReturns({ store, listings: new DynamoDbListingStore(config.tableName, client), passports, now: () => new Date() });
  for (const id of config.passports) await returns.recordReturn({ subject: 'ops-1', brand: 'demo', roles: ['ops'] }, id, config.request);
  return 0;
}

runWorker(main);
