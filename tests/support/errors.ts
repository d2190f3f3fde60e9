/** The error of kind `kind` that `act` throws; fails the test when it throws nothing or something else. */
export function errorOf<E extends Error>(kind: new (...args: never[]) => E, act: () => unknown): E {
  try {
    act();
  } catch (error) {
    if (error instanceof kind) return error;
    throw error;
  }
  throw new Error(`expected a ${kind.name}`);
}
