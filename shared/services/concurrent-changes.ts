import { ConcurrentChangeError } from '../domain/errors';

/**
 * How often an operation runs before its last lost race reaches the caller. A race is lost to another writer's write
 * after our read, and a person's change writes once: of eight changes of one passport at once none loses more than
 * seven races, so all eight are written, however they interleave. Twenty at once are no longer sure to be, but the
 * pauses below spread them out, and a 409 still says to try again.
 */
const ATTEMPTS = 8;

/**
 * The pause after a lost race is a random part of a bound that doubles with each race lost ("full jitter"), from
 * 10 ms up to 200 ms: writers that collided read again at different moments, not in step, and so do not collide again.
 * The bounds add up to 710 ms at most over the seven pauses, far within an API function's time.
 */
const PAUSE_BASE_MS = 10;
const PAUSE_CAP_MS = 200;

export interface RetryTiming {
  /** Waits the milliseconds given; a test's pause records them and returns at once. */
  pause: (ms: number) => Promise<void>;
  /** A number in [0, 1), as `Math.random` gives. */
  random: () => number;
}

const realTiming: RetryTiming = {
  pause: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/**
 * Runs a read-decide-write operation again when it lost a race to another writer (say, an e-mail
 * noted on the passport's timeline between our read and our write), after a short random pause.
 * Each run reads afresh and decides again, so a change that does matter (the item was graded
 * meanwhile) is seen and answered as such; only the last lost race reaches the caller.
 *
 * @example
 * return retryingConcurrentChanges(() => this.receiveOnce(staff, id, request));
 */
export async function retryingConcurrentChanges<T>(operation: () => Promise<T>, timing: RetryTiming = realTiming): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!(error instanceof ConcurrentChangeError) || attempt >= ATTEMPTS) throw error;
    }
    await timing.pause(timing.random() * Math.min(PAUSE_CAP_MS, PAUSE_BASE_MS * 2 ** (attempt - 1)));
  }
}
