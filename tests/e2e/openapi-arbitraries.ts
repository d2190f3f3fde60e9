import fc from 'fast-check';

// Values for the fuzzing of the API: well-formed ones drawn from the OpenAPI document's JSON
// schemas, and hostile ones a client may send whatever the document says.

/** The subset of JSON Schema the generated OpenAPI document uses. */
export interface JsonSchema {
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  $ref?: string;
}

/** Keys a plain object inherits or treats specially. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Sets an own, enumerable property even for `__proto__`, so JSON.stringify sends it. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function stringOf(schema: JsonSchema): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'email':
      return fc.emailAddress();
    case 'uri':
      return fc.webUrl();
    case 'date-time':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'date':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    default:
      if (schema.pattern) {
        const max = schema.maxLength ?? 64;
        return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= (schema.minLength ?? 0) && s.length <= max);
      }
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 80), unit: 'grapheme' });
  }
}

/**
 * A value the schema describes (as far as its syntax goes: ids need not exist).
 *
 * @example
 * fc.sample(fromSchema({ type: 'integer', minimum: 1, maximum: 3 }, {}), 2); // e.g. [2, 1]
 */
export function fromSchema(schema: JsonSchema, definitions: Record<string, JsonSchema>): fc.Arbitrary<unknown> {
  if (schema.$ref) return fromSchema(definitions[schema.$ref.split('/').pop()!]!, definitions);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return fc.oneof(...choices.map((choice) => fromSchema(choice, definitions)));
  switch (schema.type) {
    case 'string':
      return stringOf(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(fromSchema(schema.items ?? {}, definitions), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 5, 5) });
    case 'object': {
      const properties = schema.properties ?? {};
      const known = fc.record(
        Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, fromSchema(property, definitions)])),
        { requiredKeys: (schema.required ?? []).filter((name) => name in properties) },
      );
      const additional = schema.additionalProperties;
      if (typeof additional !== 'object') return known;
      const extra = fc.dictionary(stringOf(schema.propertyNames ?? { type: 'string', minLength: 1, maxLength: 20 }), fromSchema(additional, definitions), { maxKeys: 4 });
      return fc.tuple(known, extra).map(([k, e]) => ({ ...e, ...k }));
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Strings that have broken parsers, look-ups and stores before. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...PROTOTYPE_KEYS, 'toString', 'hasOwnProperty', 'valueOf', '', ' ', '\u0000', '\uD800', '\u202Eevil', '../../etc/passwd', '%00', '${x}', "'; DROP TABLE", '😀'.repeat(300)),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.integer({ min: 10_000, max: 500_000 }).map((length) => 'a'.repeat(length)),
);

/** Any JSON value of a wrong type, size or shape, including objects with prototype-named keys. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, [], {}),
  fc.constantFrom(...PROTOTYPE_KEYS).map((key) => {
    const object: Record<string, unknown> = {};
    setOwn(object, key, { polluted: true });
    return object;
  }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 1, maxLength: 3 }),
  fc.integer({ min: 100, max: 2_000 }).map((depth) => {
    let nested: unknown = 'deep';
    for (let level = 0; level < depth; level += 1) nested = level % 2 === 0 ? [nested] : { a: nested };
    return nested;
  }),
);

type JsonPath = (string | number)[];

/** Every path to a value inside `value`, the root (`[]`) first. */
function pathsOf(value: unknown, at: JsonPath = []): JsonPath[] {
  const inner =
    typeof value === 'object' && value !== null
      ? Object.entries(value).flatMap(([key, child]) => pathsOf(child, [...at, Array.isArray(value) ? Number(key) : key]))
      : [];
  return [at, ...inner];
}

function clone(value: unknown): any {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function parentOf(root: any, path: JsonPath): { parent: any; key: string | number } | undefined {
  if (path.length === 0) return undefined;
  let parent = root;
  for (const segment of path.slice(0, -1)) parent = parent[segment];
  return { parent, key: path.at(-1)! };
}

export type Mutation =
  | { kind: 'prototype-key'; at: number; key: (typeof PROTOTYPE_KEYS)[number]; value: unknown }
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'remove'; at: number }
  | { kind: 'extra-field'; at: number; key: string; value: unknown };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('prototype-key' as const), at: fc.nat(), key: fc.constantFrom(...PROTOTYPE_KEYS), value: fc.oneof(fc.jsonValue({ maxDepth: 1 }), hostileValue) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hostileValue }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('extra-field' as const), at: fc.nat(), key: hostileString, value: hostileValue }),
);

/**
 * A copy of a well-formed body with one hostile change at one of its levels, picked by `at`.
 *
 * @example
 * mutate({ grade: 'GOOD', checks: { a: 1 } }, { kind: 'prototype-key', at: 1, key: 'constructor', value: 1 });
 * // { grade: 'GOOD', checks: { a: 1, constructor: 1 } }  (`at` 1 is `checks`, the first object below the root)
 */
export function mutate(body: unknown, change: Mutation): unknown {
  const root = clone(body);
  const paths = pathsOf(root);
  if (change.kind === 'prototype-key' || change.kind === 'extra-field') {
    const objects = paths.filter((path) => {
      const target = path.reduce((node: any, segment) => node[segment], root);
      return typeof target === 'object' && target !== null && !Array.isArray(target);
    });
    if (objects.length === 0) return root;
    const path = objects[change.at % objects.length]!;
    setOwn(path.reduce((node: any, segment) => node[segment], root), change.key, clone(change.value) ?? null);
    return root;
  }
  const path = paths[change.at % paths.length]!;
  const located = parentOf(root, path);
  if (!located) return change.kind === 'replace' ? change.value : undefined;
  if (change.kind === 'replace') located.parent[located.key] = change.value;
  else if (Array.isArray(located.parent)) located.parent.splice(Number(located.key), 1);
  else delete located.parent[located.key];
  return root;
}
