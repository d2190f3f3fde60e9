import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isRecord } from './template';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/**
 * A password as Secrets Manager's `GenerateSecretString` makes it (length, excluded characters
 * and character classes, one of each included class), optionally inside `SecretStringTemplate`
 * under `GenerateStringKey`.
 */
function generateSecretString(spec: Record<string, unknown>): string {
  const excluded = new Set(String(spec.ExcludeCharacters ?? ''));
  const classes = [
    spec.ExcludeLowercase === true ? '' : LOWER,
    spec.ExcludeUppercase === true ? '' : UPPER,
    spec.ExcludeNumbers === true ? '' : DIGITS,
    spec.ExcludePunctuation === true ? '' : PUNCTUATION,
    spec.IncludeSpace === true ? ' ' : '',
  ]
    .map((characters) => [...characters].filter((character) => !excluded.has(character)).join(''))
    .filter((characters) => characters.length > 0);
  if (classes.length === 0) throw new Error('GenerateSecretString excludes every character');
  const length = Number(spec.PasswordLength ?? 32);
  const all = classes.join('');
  const pickFrom = (characters: string): string => characters[randomInt(characters.length)] ?? '';
  const required = spec.RequireEachIncludedType === false ? [] : classes.map(pickFrom);
  const characters = [...required, ...Array.from({ length: Math.max(0, length - required.length) }, () => pickFrom(all))];
  for (let index = characters.length - 1; index > 0; index--) {
    const other = randomInt(index + 1);
    [characters[index], characters[other]] = [characters[other] ?? '', characters[index] ?? ''];
  }
  const password = characters.slice(0, length).join('');
  if (typeof spec.SecretStringTemplate !== 'string' || typeof spec.GenerateStringKey !== 'string') return password;
  const template: unknown = JSON.parse(spec.SecretStringTemplate);
  return JSON.stringify({ ...(isRecord(template) ? template : {}), [spec.GenerateStringKey]: password });
}

/** The secrets' values kept in `file` by logical id: the generated ones, and those put through the API since. */
function keptValues(file: string): Record<string, string> {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
}

/** Readable by this user only: the file holds the local platform's keys. */
function writeKeptValues(file: string, values: Record<string, string>): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(values, null, 2), { mode: 0o600 });
}

/**
 * The value of each secret of the template: its `SecretString`, or a generated one that is kept
 * in `file` so it stays the same between runs.
 */
export function secretValues(
  secrets: { logicalId: string; properties: Record<string, unknown> }[],
  file: string,
): Map<string, string> {
  const stored = keptValues(file);
  const values = new Map<string, string>();
  let generated = false;
  for (const { logicalId, properties } of secrets) {
    if (typeof properties.SecretString === 'string') {
      values.set(logicalId, properties.SecretString);
      continue;
    }
    let value = stored[logicalId];
    if (value === undefined) {
      value = generateSecretString(isRecord(properties.GenerateSecretString) ? properties.GenerateSecretString : {});
      stored[logicalId] = value;
      generated = true;
    }
    values.set(logicalId, value);
  }
  if (generated) writeKeptValues(file, stored);
  return values;
}

/**
 * Keeps a generated secret's new value (put with `PutSecretValue`, e.g. the `FieldKey` made a key
 * ring) in `file`, so that the next run starts with it instead of the value generated first.
 */
export function keepSecretValue(file: string, logicalId: string, value: string): void {
  const stored = keptValues(file);
  stored[logicalId] = value;
  writeKeptValues(file, stored);
}
