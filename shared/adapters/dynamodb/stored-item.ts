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
