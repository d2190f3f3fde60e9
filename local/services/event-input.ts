import type { EventEnvelope, EventTarget } from './eventbridge';

/** A target's Input, InputPath or InputTransformer cannot produce its input for an event. */
export class InvalidTargetInputError extends Error {
  override readonly name = 'InvalidTargetInputError';
}

type Segment = { key: string } | { index: number } | { wildcard: true };

const SEGMENT = /\.(\*|[^.[\]]+)|\[(\*|\d+|'[^']*'|"[^"]*")\]/y;

function parsePath(path: string): Segment[] {
  if (!path.startsWith('$')) throw new InvalidTargetInputError(`JSON path ${path} must start with $`);
  const segments: Segment[] = [];
  SEGMENT.lastIndex = 1;
  while (SEGMENT.lastIndex < path.length) {
    const start = SEGMENT.lastIndex;
    const match = SEGMENT.exec(path);
    if (!match) throw new InvalidTargetInputError(`JSON path ${path} is not valid at character ${start}`);
    const part = (match[1] ?? match[2])!;
    if (part === '*') segments.push({ wildcard: true });
    else if (/^\d+$/.test(part) && match[2] !== undefined) segments.push({ index: Number(part) });
    else segments.push({ key: /^['"]/.test(part) ? part.slice(1, -1) : part });
  }
  return segments;
}

function children(node: unknown, segment: Segment): unknown[] {
  if (typeof node !== 'object' || node === null) return [];
  if ('wildcard' in segment) return Object.values(node);
  if ('index' in segment) return Array.isArray(node) && segment.index < node.length ? [node[segment.index]] : [];
  return !Array.isArray(node) && Object.hasOwn(node, segment.key) ? [(node as Record<string, unknown>)[segment.key]] : [];
}

/**
 * Selects from a document with the JSON path subset EventBridge supports: `$`, dot and bracket
 * member names, array indices and `*`. A path with `*` yields the list of everything it found;
 * any other path yields the value, or `undefined` when there is none.
 *
 * @example
 * selectJsonPath({ detail: { items: [{ sku: 'a' }] } }, '$.detail.items[0].sku'); // 'a'
 */
export function selectJsonPath(document: unknown, path: string): unknown {
  const segments = parsePath(path);
  let nodes = [document];
  for (const segment of segments) nodes = nodes.flatMap((node) => children(node, segment));
  return segments.some((segment) => 'wildcard' in segment) ? nodes : nodes[0];
}

const PLACEHOLDER = /<([A-Za-z0-9_.-]+)>/y;

/**
 * Fills `<name>` placeholders the way EventBridge does: outside a JSON string a value is written
 * as JSON, inside one it is written as string content. Unknown names stay as they are, so HTML in
 * a template survives.
 */
function fillTemplate(template: string, variables: Map<string, unknown>, asJson: boolean): string {
  let output = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const char = template[i]!;
    if (asJson && inString && char === '\\') {
      output += char + (template[i + 1] ?? '');
      i++;
      continue;
    }
    if (asJson && char === '"') inString = !inString;
    if (char === '<') {
      PLACEHOLDER.lastIndex = i;
      const match = PLACEHOLDER.exec(template);
      if (match && variables.has(match[1]!)) {
        output += placeholderText(variables.get(match[1]!), asJson && !inString, asJson && inString);
        i = PLACEHOLDER.lastIndex - 1;
        continue;
      }
    }
    output += char;
  }
  return output;
}

function placeholderText(value: unknown, jsonValue: boolean, jsonStringContent: boolean): string {
  if (jsonValue) return value === undefined ? 'null' : JSON.stringify(value);
  const text = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return jsonStringContent ? JSON.stringify(text).slice(1, -1) : text;
}

/** What a rule tells its targets about itself, for the predefined `aws.events.*` variables. */
export interface RuleContext {
  ruleName: string;
  ruleArn: string;
  ingestionTime: string;
}

function transform(
  transformer: NonNullable<EventTarget['inputTransformer']>,
  event: EventEnvelope,
  rule: RuleContext,
): unknown {
  const { detail: _detail, ...withoutDetail } = event;
  const variables = new Map<string, unknown>([
    ['aws.events.rule-name', rule.ruleName],
    ['aws.events.rule-arn', rule.ruleArn],
    ['aws.events.event.ingestion-time', rule.ingestionTime],
    ['aws.events.event', withoutDetail],
    ['aws.events.event.json', event],
  ]);
  for (const [name, path] of Object.entries(transformer.inputPathsMap ?? {})) {
    variables.set(name, selectJsonPath(event, path));
  }

  const template = transformer.inputTemplate;
  const asJson = fillTemplate(template, variables, true);
  try {
    return JSON.parse(asJson);
  } catch {
    // A template that is meant to be JSON must stay JSON; anything else is a text template, sent as a string.
    if (/^\s*[{[]/.test(template)) {
      throw new InvalidTargetInputError(`The input template does not give valid JSON: ${asJson}`);
    }
    return fillTemplate(template, variables, false);
  }
}

/**
 * The input a target receives for an event, as EventBridge computes it: the constant `input`
 * (JSON text), the part of the event at `inputPath`, the `inputTransformer`'s filled template, or
 * the whole event.
 *
 * @throws InvalidTargetInputError when the target's settings cannot produce an input.
 * @example
 * targetInput({ id: 't', arn, inputPath: '$.detail' }, event, rule); // event.detail
 */
export function targetInput(target: EventTarget, event: EventEnvelope, rule: RuleContext): unknown {
  if (target.input !== undefined) {
    try {
      return JSON.parse(target.input);
    } catch {
      throw new InvalidTargetInputError(`The constant input of target ${target.id} is not valid JSON`);
    }
  }
  if (target.inputPath !== undefined) return selectJsonPath(event, target.inputPath) ?? null;
  if (target.inputTransformer !== undefined) return transform(target.inputTransformer, event, rule);
  return event;
}
