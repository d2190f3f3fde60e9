import type * as z from 'zod/mini';

/** What a size is counted in, by the kind of value checked (the contract sizes strings and lists only). */
const UNITS: Record<string, string> = { string: 'character', array: 'item' };
/** The formats the contract uses, as a client reads them; another format is named as zod names it. */
const FORMATS: Record<string, string> = { email: 'an e-mail address', url: 'a URL', datetime: 'an ISO 8601 date and time', date: 'an ISO 8601 date' };

const shown = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : String(value));

function size(issue: { origin: string; inclusive?: boolean; exact?: boolean }, bound: number | bigint, least: boolean): string {
  const unit = UNITS[issue.origin];
  const how = issue.exact ? 'exactly' : issue.inclusive === false ? (least ? 'more than' : unit ? 'fewer than' : 'less than') : least ? 'at least' : 'at most';
  return unit ? `must have ${how} ${bound} ${unit}${Number(bound) === 1 ? '' : 's'}` : `must be ${how} ${bound}`;
}

/**
 * The API's words for zod's built-in checks, for each failing field of a request. zod/mini carries no locale (the
 * English one would add about 3 KB to every function), so without this every such field said only "Invalid input".
 * A schema's own message (e.g. a `z.regex` with one) comes first; what is not worded here stays zod's.
 *
 * @example
 * RequestSchema.safeParse(body, { error: issueWords });
 */
export const issueWords: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${issue.expected === 'int' ? 'a whole number' : `of type ${issue.expected}`}`;
    case 'too_small':
      return size(issue, issue.minimum, true);
    case 'too_big':
      return size(issue, issue.maximum, false);
    case 'invalid_format':
      return issue.format === 'regex' ? 'is not in the form this field takes' : `must be ${FORMATS[issue.format] ?? `a valid ${issue.format}`}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${shown(issue.values[0])}` : `must be one of ${issue.values.map(shown).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'invalid_union':
      return 'matches none of the forms this field takes';
    default:
      return undefined;
  }
};
