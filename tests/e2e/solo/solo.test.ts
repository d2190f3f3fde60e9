import { afterAll, beforeAll } from 'vitest';
import { useOwnPlatform } from '../platform';
import { startEndToEndPlatform } from '../start-platform';

// The end-to-end tests that need a platform to themselves, because they change what every other
// test would see: they move the platform clock (tokens, idempotency locks, deadlines and retries
// all follow it), set the sandboxes' faults, or compare the whole table before and after a
// request. They run one after another in this one file, on a platform this file starts for
// itself, while the files of the `e2e` project run side by side on theirs.
//
// The fuzzing goes last: it starts by waiting for the table to come to rest after the others.
import './take-back';
import './repair';
import './resale';
import './payouts';
import './counter-offer';
import './field-key';
import './reports';
import './late-photos';
import './fuzz-routes';

let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const platform = await startEndToEndPlatform();
  stop = platform.stop;
  useOwnPlatform(platform.context);
});

afterAll(async () => {
  useOwnPlatform(undefined);
  await stop?.();
});
