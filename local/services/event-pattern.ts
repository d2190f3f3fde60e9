/** An EventBridge event pattern that AWS would refuse (`InvalidEventPatternException`). */
export class InvalidEventPatternError extends Error {
  override readonly name = 'InvalidEventPatternError';
}

/** Decides whether an event (the whole envelope) matches a compiled pattern. */
export type EventMatcher = (event: unknown) => boolean;

type NodeMatcher = (node: unknown) => boolean;

/**
 * A condition on the leaf values found at one path of the event. A path that holds no leaf value
 * at all is accepted only by `exists: false` (`acceptsAbsent`).
 */
type LeafMatcher = { acceptsAbsent: boolean; test: (value: Leaf) => boolean };

type Leaf = string | number | boolean | null;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLeaf(value: unknown): value is Leaf {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** Every leaf value at a path; arrays in the event are flattened, as EventBridge does. */
function leavesOf(value: unknown): Leaf[] {
  if (Array.isArray(value)) return value.flatMap(leavesOf);
  return isLeaf(value) ? [value] : [];
}

function fail(path: string, reason: string): never {
  throw new InvalidEventPatternError(`Event pattern is not valid at ${path || 'the top level'}: ${reason}`);
}

function expectString(value: unknown, path: string, what: string): string {
  if (typeof value !== 'string') fail(path, `${what} must be a string`);
  return value;
}

/** `{ "equals-ignore-case": "x" }` inside prefix/suffix, or a plain string. */
function stringOperand(value: unknown, path: string, operator: string): { text: string; ignoreCase: boolean } {
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length !== 1 || keys[0] !== 'equals-ignore-case') {
      fail(path, `${operator} takes a string or { "equals-ignore-case": string }`);
    }
    return { text: expectString(value['equals-ignore-case'], path, operator).toLowerCase(), ignoreCase: true };
  }
  return { text: expectString(value, path, operator), ignoreCase: false };
}

function wildcardRegExp(pattern: string, path: string): RegExp {
  if (pattern.includes('**')) fail(path, 'wildcard must not contain consecutive *');
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '\\')) {
      source += `\\${pattern[++i]}`;
    } else if (char === '*') {
      source += '.*';
    } else {
      source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 's');
}

function equalsLeaf(expected: Leaf): (value: Leaf) => boolean {
  return (value) => value === expected;
}

const NUMERIC_OPERATORS: Record<string, (value: number, bound: number) => boolean> = {
  '=': (value, bound) => value === bound,
  '<': (value, bound) => value < bound,
  '<=': (value, bound) => value <= bound,
  '>': (value, bound) => value > bound,
  '>=': (value, bound) => value >= bound,
};

function numericMatcher(operand: unknown, path: string): (value: Leaf) => boolean {
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) {
    fail(path, 'numeric takes one or two [operator, number] pairs');
  }
  const conditions: ((value: number) => boolean)[] = [];
  for (let i = 0; i < operand.length; i += 2) {
    const operator = operand[i];
    const bound = operand[i + 1];
    const compare = typeof operator === 'string' ? NUMERIC_OPERATORS[operator] : undefined;
    if (!compare) fail(path, `numeric operator ${JSON.stringify(operator)} is not one of = < <= > >=`);
    if (typeof bound !== 'number' || !Number.isFinite(bound)) fail(path, 'numeric bounds must be numbers');
    conditions.push((value) => compare(value, bound));
  }
  if (operand.length === 4 && !(['>', '>='].includes(operand[0] as string) && ['<', '<='].includes(operand[2] as string))) {
    fail(path, 'a numeric range is a lower bound (> or >=) followed by an upper bound (< or <=)');
  }
  return (value) => typeof value === 'number' && conditions.every((condition) => condition(value));
}

function anythingButMatcher(operand: unknown, path: string): (value: Leaf) => boolean {
  if (isPlainObject(operand)) {
    const [operator, ...rest] = Object.keys(operand);
    if (operator === undefined || rest.length > 0) fail(path, 'anything-but takes one operator');
    const inner = operand[operator];
    const texts = Array.isArray(inner) ? inner : [inner];
    if (texts.length === 0) fail(path, `anything-but ${operator} needs a value`);
    switch (operator) {
      case 'prefix': {
        const prefix = expectString(inner, path, 'anything-but prefix');
        return (value) => typeof value === 'string' && !value.startsWith(prefix);
      }
      case 'suffix': {
        const suffix = expectString(inner, path, 'anything-but suffix');
        return (value) => typeof value === 'string' && !value.endsWith(suffix);
      }
      case 'equals-ignore-case': {
        const lowered = texts.map((text) => expectString(text, path, 'anything-but equals-ignore-case').toLowerCase());
        return (value) => typeof value === 'string' && !lowered.includes(value.toLowerCase());
      }
      case 'wildcard': {
        const patterns = texts.map((text) => wildcardRegExp(expectString(text, path, 'anything-but wildcard'), path));
        return (value) => typeof value === 'string' && !patterns.some((pattern) => pattern.test(value));
      }
      default:
        fail(path, `anything-but does not take ${operator}`);
    }
  }
  const excluded = Array.isArray(operand) ? operand : [operand];
  if (excluded.length === 0 || !excluded.every((item) => typeof item === 'string' || typeof item === 'number')) {
    fail(path, 'anything-but takes a string, a number, a list of them, or { prefix | suffix | equals-ignore-case | wildcard }');
  }
  return (value) => !excluded.includes(value as string | number);
}

function leafMatcher(item: unknown, path: string): LeafMatcher {
  if (isLeaf(item)) return { acceptsAbsent: false, test: equalsLeaf(item) };
  if (!isPlainObject(item)) fail(path, 'a pattern value must be a string, number, boolean, null or an operator object');
  const keys = Object.keys(item);
  if (keys.length !== 1) fail(path, `an operator object has exactly one key, found ${JSON.stringify(keys)}`);
  const operator = keys[0]!;
  const operand = item[operator];
  switch (operator) {
    case 'exists':
      if (typeof operand !== 'boolean') fail(path, 'exists takes true or false');
      return operand ? { acceptsAbsent: false, test: () => true } : { acceptsAbsent: true, test: () => false };
    case 'prefix': {
      const { text, ignoreCase } = stringOperand(operand, path, 'prefix');
      return {
        acceptsAbsent: false,
        test: (value) => typeof value === 'string' && (ignoreCase ? value.toLowerCase() : value).startsWith(text),
      };
    }
    case 'suffix': {
      const { text, ignoreCase } = stringOperand(operand, path, 'suffix');
      return {
        acceptsAbsent: false,
        test: (value) => typeof value === 'string' && (ignoreCase ? value.toLowerCase() : value).endsWith(text),
      };
    }
    case 'equals-ignore-case': {
      const text = expectString(operand, path, 'equals-ignore-case').toLowerCase();
      return { acceptsAbsent: false, test: (value) => typeof value === 'string' && value.toLowerCase() === text };
    }
    case 'wildcard': {
      const pattern = wildcardRegExp(expectString(operand, path, 'wildcard'), path);
      return { acceptsAbsent: false, test: (value) => typeof value === 'string' && pattern.test(value) };
    }
    case 'numeric':
      return { acceptsAbsent: false, test: numericMatcher(operand, path) };
    case 'anything-but':
      return { acceptsAbsent: false, test: anythingButMatcher(operand, path) };
    default:
      fail(path, `${operator} is not an operator the local EventBridge knows`);
  }
}

function compileLeaves(items: unknown[], path: string): NodeMatcher {
  if (items.length === 0) fail(path, 'an empty list matches nothing');
  const matchers = items.map((item) => leafMatcher(item, path));
  return (value) => {
    const leaves = leavesOf(value);
    if (leaves.length === 0) return matchers.some((matcher) => matcher.acceptsAbsent);
    return matchers.some((matcher) => !matcher.acceptsAbsent && leaves.some((leaf) => matcher.test(leaf)));
  };
}

function compileObject(pattern: Record<string, unknown>, path: string): NodeMatcher {
  const entries = Object.entries(pattern);
  if (entries.length === 0) fail(path, 'an empty object matches nothing');
  const checks = entries.map(([key, value]): NodeMatcher => {
    const at = path ? `${path}.${key}` : key;
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2 || !value.every(isPlainObject)) {
        fail(at, '$or takes a list of at least two patterns');
      }
      const alternatives = value.map((alternative, index) => compileObject(alternative, `${at}[${index}]`));
      return (node) => alternatives.some((alternative) => alternative(node));
    }
    const field = (node: unknown): unknown => (isPlainObject(node) ? node[key] : undefined);
    if (Array.isArray(value)) {
      const leaves = compileLeaves(value, at);
      return (node) => leaves(field(node));
    }
    if (isPlainObject(value)) {
      const nested = compileObject(value, at);
      // Each element of an array of objects is matched on its own, so that conditions on two
      // fields are met by the same element.
      return (node) => {
        const child = field(node);
        return Array.isArray(child) && child.length > 0 ? child.some(nested) : nested(child);
      };
    }
    fail(at, 'must be a list of values or a nested pattern object');
  });
  return (node) => checks.every((check) => check(node));
}

/**
 * Compiles an EventBridge event pattern (content filtering): exact values (a list means any of
 * them), nested objects, `prefix`, `suffix`, `equals-ignore-case`, `wildcard`, `anything-but`
 * (values, `prefix`, `suffix`, `equals-ignore-case`, `wildcard`), `exists`, `numeric` and `$or`.
 * Arrays in the event match when any of their elements does.
 *
 * @param pattern the pattern as an object or as its JSON text.
 * @throws InvalidEventPatternError for a pattern AWS would refuse, or one using `cidr`, which the
 * local EventBridge does not implement.
 * @example
 * const matches = compileEventPattern({ source: ['kreislauf.passports'], detail: { grade: [{ 'anything-but': 'DEFECTIVE' }] } });
 * matches(envelope); // true or false
 */
export function compileEventPattern(pattern: unknown): EventMatcher {
  let parsed = pattern;
  if (typeof pattern === 'string') {
    try {
      parsed = JSON.parse(pattern);
    } catch {
      throw new InvalidEventPatternError('Event pattern is not valid JSON');
    }
  }
  if (!isPlainObject(parsed)) throw new InvalidEventPatternError('Event pattern must be a JSON object');
  return compileObject(parsed, '');
}
