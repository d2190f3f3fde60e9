import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
type Item = Record<string, unknown>;

const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'entity'];

/**
 * A stored item without the table's key and index attributes (and the `more` its kind has, such as
 * a quote's `ttl`): the record as the port knows it.
 */
export function withoutKeys(item: Item, ...more: string[]): Item {
  const copy = { ...item };
  for (const key of [...KEY_ATTRIBUTES, ...more]) delete copy[key];
  return copy;
}

/**
 * What is wrong with a stored item that did not parse, one line per failing field, as an operator reads it in the log.
 *
 * @example
 * problemsOf(StoredApiKeySchema.safeParse(item).error!); // ['brand: must be a brand slug (a-z, 0-9, -)']
 */
export function problemsOf(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string[] {
  return error.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`);
}

/**
 * Waits before the next attempt of a write another writer got in before: longer with each attempt, and by a random
 * share, so that writers that collided do not collide again at once.
 */
export function pauseBeforeAttempt(attempt: number, atLeastMs: number, spreadMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, attempt * (atLeastMs + Math.random() * spreadMs)));
}

/**
 * Whether a conditional write was made: `false` when DynamoDB refused it because its condition did not hold (another
 * writer got there first, the item is gone), any other failure thrown.
 *
 * @example
 * if (!(await conditionHeld(doc.send(new DeleteCommand({ ..., ConditionExpression: 'attribute_exists(PK)' }))))) throw new NotFoundError('…');
 */
export async function conditionHeld(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
