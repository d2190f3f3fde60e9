import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { DynamoDbListingStore } from '../../shared/adapters/dynamodb/listing-store';
import { DynamoDbPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { resale } from './resale';
import { FileQueue } from './file-queue';
import { type ChannelApis, sandboxChannels } from './sales-channels';
import { localDynamoDb } from './local-dynamodb';
import { runWorker } from './worker-main';

// The resale platform's listing workflow, order poller and listing-sync consumer in a process of
// their own, for `tests/integration/resale-crash.test.ts` to kill with SIGKILL (run by
// `tests/support/kill-harness.ts`, which hands over the config). It lists the passports it is given as the workflow does (prepare, queue
// the changes, then the step is done: a step a crash cut short runs again), then polls every
// channel for orders and applies the queued listing changes until a round finds nothing to do,
// and exits 0.

export interface ResaleWorkerConfig {
  dynamodbEndpoint: string;
  tableName: string;
  channels: ChannelApis;
  queueFile: string;
  /** Passports to list (prepare their listings and queue them). */
  prepare: string[];
  /** Where the workflow notes the passports whose listings it queued. */
  stepsFile: string;
}

const ROUNDS = 20;

async function main(config: ResaleWorkerConfig): Promise<number> {
  const client = localDynamoDb(config.dynamodbEndpoint);
  const queue = new FileQueue(config.queueFile);
  const service = resale({
    store: new DynamoDbPassportStore(config.tableName, client),
    listings: new DynamoDbListingStore(config.tableName, client),
    queue,
    channelFor: sandboxChannels(config.channels),
    now: () => new Date(),
    log: (message, details) => console.error(message, JSON.stringify(details)),
  });
  const stepsDone = new Set(existsSync(config.stepsFile) ? readFileSync(config.stepsFile, 'utf8').split('\n') : []);
  for (const passportId of config.prepare.filter((id) => !stepsDone.has(id))) {
    await queue.send((await service.prepareListings(passportId)).changes);
    appendFileSync(config.stepsFile, `${passportId}\n`);
  }
  for (let round = 0; round < ROUNDS; round++) {
    const polled = await service.pollOrders();
    const applied = await queue.drain((change) => service.syncListing(change));
    if (polled.orders === 0 && polled.failedChannels.length === 0 && applied === 0) return 0;
  }
  console.error(`the worker still had orders or listing changes after ${ROUNDS} rounds`);
  return 2;
}

runWorker(main);
