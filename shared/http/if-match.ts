import { ValidationError } from '../domain/errors';

/**
 * One element of an `If-Match` list (RFC 9110 §5.6.1, §8.8.3): optional whitespace, an entity tag
 * (`W/` makes it weak; `etagc` is any visible character but `"`, or obs-text), optional whitespace,
 * then a comma or the end. The tag may be absent: a list may hold empty elements (`"v1", , "v2"`),
 * which a recipient must skip. A comma inside the quotes belongs to the tag.
 */
const LIST_ELEMENT = /[ \t]*(?:(W\/)?("[\x21\x23-\x7E\x80-\xFF]*"))?[ \t]*(,|$)/y;

/**
 * What an `If-Match` header asks for (RFC 9110 §13.1.1): `'*'`, any current representation, or the
 * strong entity tags it lists, each as sent (quotes included). The weak ones are left out: If-Match
 * compares strongly, so a weak tag never matches. An empty list matches nothing. API Gateway (and
 * Node) join repeated `If-Match` headers with commas, so they are one list here too.
 *
 * @throws ValidationError (400, at the header) when the value is neither `*` nor a list of entity tags,
 *   e.g. an unquoted `v7`, a lower-case `w/"v7"`, or `*` beside a tag: such a header is a client's mistake,
 *   not a version that changed meanwhile.
 * @example
 * ifMatchTags('"v7"'); // ['"v7"']
 * ifMatchTags('W/"v6", "v7" ,"v8"'); // ['"v7"', '"v8"']
 * ifMatchTags('*'); // '*'
 */
export function ifMatchTags(header: string): '*' | string[] {
  if (header.trim() === '*') return '*';
  const strong: string[] = [];
  for (let at = 0; ; ) {
    LIST_ELEMENT.lastIndex = at;
    const element = LIST_ELEMENT.exec(header);
    if (!element) {
      throw new ValidationError('If-Match must be * or a comma-separated list of entity tags, each in double quotes, e.g. "v7".', [
        { in: 'header', path: ['If-Match'], message: `is not * or a list of entity tags from character ${at + 1} on` },
      ]);
    }
    const [, weak, tag, separator] = element;
    if (tag !== undefined && weak === undefined) strong.push(tag);
    if (separator === '') return strong;
    at = LIST_ELEMENT.lastIndex;
  }
}
