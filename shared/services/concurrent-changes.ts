import { ConcurrentChangeError } from '../domain/errors';

/** A few tries are plenty: a passport changes a handful of times a second at the very most. */
const ATTEMPTS = 4;

/**
 * Runs a read-decide-write operation again when it lost a race to another writer (say, an e-mail
 * noted on the passport's timeline between our read and our write). Each run reads afresh and
 * decides again, so a change that does matter (the item was graded meanwhile) is seen and
 * answered as such; only the last lost race reaches the caller.
 *
 * @example
 * return retryingConcurrentChanges(() => this.receiveOnce(staff, id, request));
 */
export async function retryingConcurrentChanges<T>(operation: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!(error instanceof ConcurrentChangeError) || attempt >= ATTEMPTS) throw error;
    }
  }
}
