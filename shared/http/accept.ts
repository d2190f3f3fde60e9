import { DomainError } from '../domain/errors';

/** None of the media types the client accepts can be answered (406). */
export class NotAcceptableError extends DomainError {
  override readonly name = 'NotAcceptableError';
  readonly status = 406;
  readonly title = 'Not acceptable';
}

/** A quality value as RFC 9110 (section 12.4.2) writes it: `0` to `1`, with at most three decimals. */
const QUALITY = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/**
 * The entries of an `Accept` or `Accept-Language` header, lower-cased, with their quality values and their order in
 * the header. A quality is what RFC 9110 allows, 0 to 1 with up to three decimals; an entry with any other (`q=1e3`,
 * `q=2`, `q=high`) is left out. Until 7 December 2026 `q=1e3` counted as 1000, and outranked every entry of quality 1.
 */
function entries(header: string): { value: string; quality: number; order: number }[] {
  return header
    .split(',')
    .map((part, order) => {
      const [value = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
      const q = parameters.find((parameter) => /^q\s*=/.test(parameter))?.replace(/^q\s*=\s*/, '');
      const quality = q === undefined ? 1 : QUALITY.test(q) ? Number(q) : Number.NaN;
      return { value, quality, order };
    })
    .filter((entry) => entry.value !== '' && !Number.isNaN(entry.quality));
}

/** The acceptable entries (quality above 0), best first: by quality, then the header's order. */
function weighted(header: string): { value: string; quality: number }[] {
  return entries(header)
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.order - b.order);
}

/**
 * The media type to answer with: of those `offered` (the first is the default), the one the
 * `Accept` header prefers, by its quality values and then by the header's order. `*` ranges
 * (`*\/*`, `text/*`) match the first offered type they cover; no header means the default. An
 * entry whose quality is not one (`q=1e3`) is left out.
 *
 * @throws NotAcceptableError when the header accepts none of the offered types.
 * @example
 * preferredMediaType('text/csv;q=0.9, application/json', ['application/json', 'text/csv']); // 'application/json'
 * preferredMediaType(undefined, ['application/json', 'text/csv']); // 'application/json'
 */
export function preferredMediaType<T extends string>(accept: string | undefined, offered: readonly [T, ...T[]]): T {
  if (accept === undefined || accept.trim() === '') return offered[0];
  const ranges = entries(accept);
  let best: { type: T; quality: number; order: number } | undefined;
  for (const type of offered) {
    // RFC 9110 (12.5.1): a type takes the quality of the most specific range that covers it, so `application/json;q=0,
    // */*` refuses JSON though `*/*` covers it. Until 7 December 2026 such a client was answered JSON.
    const range = ranges
      .filter((candidate) => covers(candidate.value, type))
      .sort((a, b) => specificity(b.value) - specificity(a.value) || a.order - b.order)[0];
    if (!range || range.quality === 0) continue;
    if (!best || range.quality > best.quality || (range.quality === best.quality && range.order < best.order)) best = { type, quality: range.quality, order: range.order };
  }
  if (best) return best.type;
  throw new NotAcceptableError(`This resource is available as ${offered.join(', ')}; the Accept header asks for ${accept}.`, { available: [...offered] });
}

/** `type/subtype` 3, `type/*` 2, `*\/*` 1. */
function specificity(range: string): number {
  if (range === '*/*') return 1;
  return range.endsWith('/*') ? 2 : 3;
}

function covers(range: string, type: string): boolean {
  if (range === '*/*') return true;
  if (range.endsWith('/*')) return type.startsWith(range.slice(0, -1));
  return range === type;
}

/**
 * Whether the client asks for a page a person reads: its `Accept` prefers `text/html` to JSON, as a browser does when
 * a link is opened (an e-mail's label link). A program (`application/json`, `application/problem+json`, `*\/*`, none)
 * is answered JSON. Until 7 December 2026 `application/problem+json` was not counted as JSON, and a client preferring
 * it to `text/html;q=0.9` got the page.
 *
 * @example
 * asksForPage('text/html,application/xhtml+xml,*\/*;q=0.8'); // true
 * asksForPage('application/json'); // false
 * asksForPage('text/html;q=0.9, application/problem+json'); // false
 */
export function asksForPage(accept: string | undefined): boolean {
  try {
    return preferredMediaType(accept, ['application/json', 'application/problem+json', 'text/html']) === 'text/html';
  } catch (error) {
    if (error instanceof NotAcceptableError) return false;
    throw error;
  }
}

/**
 * The language to answer in: of those `offered` (the first is the default), the one the `Accept-Language` header
 * prefers by its quality values and then by its order. A tag counts for its primary language (`de-AT` for `de`); `*`
 * and a header naming none of them mean the default.
 *
 * @example
 * preferredLanguage('en;q=0.1, de;q=1', ['en', 'de']); // 'de'
 * preferredLanguage('fr-CH, de;q=0.5', ['en', 'de']); // 'de'
 * preferredLanguage('fr', ['en', 'de']); // 'en'
 */
export function preferredLanguage<T extends string>(acceptLanguage: string | undefined, offered: readonly [T, ...T[]]): T {
  for (const { value } of weighted(acceptLanguage ?? '')) {
    const match = offered.find((language) => value.split('-')[0] === language);
    if (match) return match;
  }
  return offered[0];
}
