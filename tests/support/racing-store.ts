import type { DynamoDbPassportStore } from '../../shared/adapters/dynamodb/passport-store';

/**
 * The store, except that the first passport it reads is changed by `meanwhile` right after the
 * read: the change lands between a service's read and its write, as a concurrent one would.
 * `changed()` tells whether it ran.
 */
export function changedAfterFirstRead(
  store: DynamoDbPassportStore,
  meanwhile: (passportId: string) => Promise<unknown>,
): { store: DynamoDbPassportStore; changed: () => boolean } {
  let changed = false;
  const racing = Object.create(store) as DynamoDbPassportStore;
  racing.getPassport = async (passportId: string) => {
    const read = await store.getPassport(passportId);
    if (!changed) {
      changed = true;
      await meanwhile(passportId);
    }
    return read;
  };
  return { store: racing, changed: () => changed };
}
