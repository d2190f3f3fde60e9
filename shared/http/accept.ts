import { DomainError } from '../domain/errors';

/** None of the media types the client accepts can be answered (406). */
export class NotAcceptableError extends DomainError {
  override readonly name = 'NotAcceptableError';
  readonly status = 406;
  readonly title = 'Not acceptable';
}

/**
 * The media type to answer with: of those `offered` (the first is the default), the one the
 * `Accept` header prefers, by its quality values and then by the header's order. `*` ranges
 * (`*\/*`, `text/*`) match the first offered type they cover; no header means the default.
 *
 * @throws NotAcceptableError when the header accepts none of the offered types.
 * @example
 * preferredMediaType('text/csv;q=0.9, application/json', ['application/json', 'text/csv']); // 'application/json'
 * preferredMediaType(undefined, ['application/json', 'text/csv']); // 'application/json'
 */
export function preferredMediaType<T extends string>(accept: string | undefined, offered: readonly [T, ...T[]]): T {
  if (accept === undefined || accept.trim() === '') return offered[0];
  const ranges = accept
    .split(',')
    .map((part, order) => {
      const [range = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
      const q = parameters.find((parameter) => parameter.startsWith('q='));
      const quality = q === undefined ? 1 : Number(q.slice(2));
      return { range, quality: Number.isFinite(quality) ? quality : 0, order };
    })
    .filter((entry) => entry.range !== '' && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.order - b.order);
  for (const { range } of ranges) {
    const match = offered.find((type) => covers(range, type));
    if (match) return match;
  }
  throw new NotAcceptableError(`This resource is available as ${offered.join(', ')}; the Accept header asks for ${accept}.`, { available: [...offered] });
}

function covers(range: string, type: string): boolean {
  if (range === '*/*') return true;
  if (range.endsWith('/*')) return type.startsWith(range.slice(0, -1));
  return range === type;
}

/**
 * Whether the client asks for a page a person reads: its `Accept` prefers `text/html` to JSON, as a browser does when
 * a link is opened (an e-mail's label link). A program (`application/json`, `*\/*`, none) is answered JSON.
 *
 * @example
 * asksForPage('text/html,application/xhtml+xml,*\/*;q=0.8'); // true
 * asksForPage('application/json'); // false
 */
export function asksForPage(accept: string | undefined): boolean {
  try {
    return preferredMediaType(accept, ['application/json', 'text/html']) === 'text/html';
  } catch (error) {
    if (error instanceof NotAcceptableError) return false;
    throw error;
  }
}
