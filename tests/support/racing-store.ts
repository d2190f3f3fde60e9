import type { DynamoDbPassportStore } from '../../shared/adapters/dynamodb/passport-store';

type AsyncMethod<T> = { [K in keyof T]: T[K] extends (...args: never[]) => Promise<unknown> ? K : never }[keyof T];

/**
 * `target`, except that the first call of its `method` (with arguments `only` accepts, where it is
 * given) is followed by `meanwhile` (given the call's arguments) before the call's answer is handed
 * back: the change lands between a service's read and its write, as a concurrent one would. Later
 * calls are the target's own. `changed()` tells whether it ran.
 *
 * @example
 * const { racing: racingListings } = changedAfterFirstCall(listings, 'listingsOf', (id) => relist(id));
 */
export function changedAfterFirstCall<T extends object, K extends AsyncMethod<T>>(
  target: T,
  method: K,
  meanwhile: (...args: Parameters<Extract<T[K], (...args: never[]) => unknown>>) => Promise<unknown>,
  only: (...args: Parameters<typeof meanwhile>) => boolean = () => true,
): { racing: T; changed: () => boolean } {
  let changed = false;
  const original = target[method] as (...args: unknown[]) => Promise<unknown>;
  const racing = Object.create(target) as T;
  Object.defineProperty(racing, method, {
    value: async (...args: Parameters<typeof meanwhile>) => {
      const answer = await original.apply(target, args);
      if (!changed && only(...args)) {
        changed = true;
        await meanwhile(...args);
      }
      return answer;
    },
  });
  return { racing, changed: () => changed };
}

/**
 * The store, except that the first passport it reads is changed by `meanwhile` right after the
 * read: the change lands between a service's read and its write, as a concurrent one would.
 * `changed()` tells whether it ran.
 */
export function changedAfterFirstRead(
  store: DynamoDbPassportStore,
  meanwhile: (passportId: string) => Promise<unknown>,
): { store: DynamoDbPassportStore; changed: () => boolean } {
  const { racing, changed } = changedAfterFirstCall(store, 'getPassport', meanwhile);
  return { store: racing, changed };
}
