import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { DynamoDbListingStore } from '../../shared/adapters/dynamodb/listing-store';
import { DynamoDbPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbPassportRepairRecords } from '../../shared/adapters/dynamodb/repair-network-store';
import { ConflictError } from '../../shared/domain/errors';
import type { SalesChannelName } from '../../shared/domain/listings';
import type { Staff } from '../../shared/http/staff';
import { queueListingEvents, resale } from './resale';
import { FileQueue } from './file-queue';
import { type ChannelApis, sandboxChannels } from './sales-channels';
import { localDynamoDb } from './local-dynamodb';
import { runWorker } from './worker-main';

// The resale platform's listing workflow, order poller and listing-sync consumer in a process of
// their own, for `tests/integration/resale-crash.test.ts` to kill with SIGKILL (run by
// `tests/support/kill-harness.ts`, which hands over the config). It lists the passports it is given as the workflow does (prepare, queue
// the changes, then the step is done: a step a crash cut short runs again), makes the people's
// listing changes it is given (one a crash cut short is asked again, as a client repeats a request
// that got no answer), then polls every channel for orders, relays the recorded listing events of the
// passports it is told to (people's changes, sales' withdrawals) to the queue as the table's stream and
// the bus do (from the last event relayed, so at least once), and applies the queued listing changes,
// until a round finds nothing to do, and exits 0.

export interface ResaleWorkerConfig {
  dynamodbEndpoint: string;
  tableName: string;
  channels: ChannelApis;
  queueFile: string;
  /** Passports to list (prepare their listings and queue them). */
  prepare: string[];
  /** People's changes of listings, made in this order. */
  changes?: { passportId: string; channel: SalesChannelName; action: 'withdraw' | 'relist' }[];
  /** The passports whose recorded listing events are relayed to the queue (by default those of `changes`). */
  relay?: string[];
  /** Where the workflow notes the passports whose listings it queued, the changes made and the events relayed. */
  stepsFile: string;
}

const OPS: Staff = { subject: 'ops-crash', brand: 'demo', roles: ['ops'] };
const STATE_AFTER = { withdraw: 'WITHDRAWN', relist: 'LISTED' } as const;

const ROUNDS = 20;

async function main(config: ResaleWorkerConfig): Promise<number> {
  const client = localDynamoDb(config.dynamodbEndpoint);
  const queue = new FileQueue(config.queueFile);
  const store = new DynamoDbPassportStore(config.tableName, client);
  const service = resale({
    store,
    listings: new DynamoDbListingStore(config.tableName, client),
    ledgers: new DynamoDbPassportRepairRecords(config.tableName, client),
    queue,
    channelFor: sandboxChannels(config.channels),
    now: () => new Date(),
    log: (message, details) => console.error(message, JSON.stringify(details)),
  });
  const steps = existsSync(config.stepsFile) ? readFileSync(config.stepsFile, 'utf8').split('\n') : [];
  const stepsDone = new Set(steps);
  for (const passportId of config.prepare.filter((id) => !stepsDone.has(id))) {
    await queue.send((await service.prepareListings(passportId)).changes);
    appendFileSync(config.stepsFile, `${passportId}\n`);
  }
  for (const { passportId, channel, action } of config.changes ?? []) {
    const step = `change:${passportId}:${channel}:${action}`;
    if (stepsDone.has(step)) continue;
    try {
      await service.changeListing(OPS, passportId, channel, { action });
    } catch (error) {
      // The attempt a crash cut short had made it: the repeat is told the state it left.
      if (!(error instanceof ConflictError && error.extensions.currentState === STATE_AFTER[action])) throw error;
    }
    appendFileSync(config.stepsFile, `${step}\n`);
  }
  // How far each passport's events were relayed: the steps file's last note of it.
  const relayed = new Map<string, number>();
  for (const [kind, passportId, count] of steps.map((step) => step.split(':'))) {
    if (kind === 'relayed' && passportId) relayed.set(passportId, Math.max(relayed.get(passportId) ?? 0, Number(count)));
  }
  const relay = async (): Promise<number> => {
    let events = 0;
    for (const passportId of new Set(config.relay ?? (config.changes ?? []).map((change) => change.passportId))) {
      const recorded = (await store.getTimeline(passportId)).length;
      const from = relayed.get(passportId) ?? 0;
      if (recorded === from) continue;
      events += await queueListingEvents(store, passportId, from, queue);
      appendFileSync(config.stepsFile, `relayed:${passportId}:${recorded}\n`);
      relayed.set(passportId, recorded);
    }
    return events;
  };
  for (let round = 0; round < ROUNDS; round++) {
    const polled = await service.pollOrders();
    const events = await relay();
    const applied = await queue.drain((change) => service.syncListing(change));
    if (polled.orders === 0 && polled.failedChannels.length === 0 && events === 0 && applied === 0) return 0;
  }
  console.error(`the worker still had orders or listing changes after ${ROUNDS} rounds`);
  return 2;
}

runWorker(main);
