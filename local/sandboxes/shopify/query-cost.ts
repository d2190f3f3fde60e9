/**
 * The requested cost of an Admin GraphQL query, counted as Shopify documents it ("GraphQL Admin API
 * rate limits"): a scalar or an enum costs 0, an object 1, and a connection 2 plus, for each of the
 * `first` (or `last`) nodes it may return, the node (1) and what is selected in it. Shopify refuses a
 * query whose requested cost is above 1,000 before running it (`MAX_COST_EXCEEDED`), whatever the
 * shop holds, so a query that nests a connection in a connection is refused on a real shop while an
 * empty sandbox would have answered it.
 *
 * The sandbox reads only the shapes the adapters send: fields, arguments, nested selections, inline
 * fragments (`... on Type`, counted as if selected directly) and `$variables` for `first`/`last`.
 * Mutations are not counted (Shopify charges them 10).
 */
export const MAX_QUERY_COST = 1_000;

interface Field {
  name: string;
  /** `first` or `last`, when the field is a connection. */
  size?: number;
  children: Field[];
}

/** The requested cost of `query`, or `undefined` for a mutation or text the sandbox cannot read. */
export function requestedQueryCost(query: string, variables: Record<string, unknown>): number | undefined {
  if (/^\s*mutation\b/.test(query)) return undefined;
  const tokens: string[] = query.match(/\.\.\.|[A-Za-z_][A-Za-z0-9_]*|\$[A-Za-z_][A-Za-z0-9_]*|-?\d+|"(?:[^"\\]|\\.)*"|[{}():!,=[\]]/g) ?? [];
  const open = tokens.indexOf('{');
  if (open < 0) return undefined;
  let position = open + 1;

  const selection = (): Field[] => {
    const fields: Field[] = [];
    while (position < tokens.length && tokens[position] !== '}') {
      const token = tokens[position++]!;
      if (token === '...') {
        // `... on Type { … }`: what it selects counts as selected here.
        if (tokens[position] === 'on') position += 2;
        if (tokens[position] === '{') {
          position++;
          fields.push(...selection());
        }
        continue;
      }
      const field: Field = { name: token, children: [] };
      // An alias (`alias: field`) names the same field.
      if (tokens[position] === ':') {
        field.name = tokens[position + 1] ?? token;
        position += 2;
      }
      if (tokens[position] === '(') field.size = argumentsSize();
      if (tokens[position] === '{') {
        position++;
        field.children = selection();
      }
      fields.push(field);
    }
    position++;
    return fields;
  };

  /** Reads `( … )`, returning its `first` or `last` as a number. */
  const argumentsSize = (): number | undefined => {
    let size: number | undefined;
    position++;
    while (position < tokens.length && tokens[position] !== ')') {
      const name = tokens[position];
      if ((name === 'first' || name === 'last') && tokens[position + 1] === ':') {
        const value = tokens[position + 2] ?? '';
        size = value.startsWith('$') ? Number(variables[value.slice(1)] ?? 0) : Number(value);
        position += 3;
        continue;
      }
      position++;
    }
    position++;
    return size;
  };

  return cost(selection());
}

function cost(fields: readonly Field[]): number {
  return fields.reduce((sum, field) => sum + fieldCost(field), 0);
}

function fieldCost(field: Field): number {
  if (field.children.length === 0) return 0;
  if (field.size === undefined) return 1 + cost(field.children);
  // A connection: 2 for itself and its page info, then each node and what it selects.
  const perNode = 1 + cost(nodeSelection(field.children));
  return 2 + field.size * perNode;
}

/** What one node of a connection selects: inside `nodes { … }` or `edges { node { … } }`. */
function nodeSelection(children: readonly Field[]): Field[] {
  return children.flatMap((child) => {
    if (child.name === 'nodes') return child.children;
    if (child.name === 'edges') return child.children.flatMap((edge) => (edge.name === 'node' ? edge.children : []));
    return [];
  });
}
