/** The characters RFC 3986 calls unreserved (§2.3): percent-encoded or not, they are the same URI. */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/u;

/**
 * The one form of an endpoint's URL that its spellings share: the request the platform would send to it. That is what
 * the URL parser makes of it (scheme and host in lower case, the default port left out, dot segments resolved), less
 * what the HTTP client never sends (the fragment, and an empty query: Node sends `/hook` for `/hook?`), normalised as
 * RFC 3986 §6.2.2 says: percent-encodings in upper case, and those of unreserved characters decoded, since a server
 * reads `/%68ook` as `/hook`. Anything else (another path, another query, `%2F` for a slash) is another endpoint.
 * Text that does not parse as a URL is its own form.
 *
 * @example
 * endpointIdentity('https://hooks.brand.example/a/../kreislauf#x'); // 'https://hooks.brand.example/kreislauf'
 * endpointIdentity('https://HOOKS.brand.example/%6breislauf?'); // 'https://hooks.brand.example/kreislauf'
 * endpointIdentity('https://hooks.brand.example/a%2fb?q=%7e'); // 'https://hooks.brand.example/a%2Fb?q=~'
 */
export function endpointIdentity(text: string): string {
  if (!URL.canParse(text)) return text;
  const url = new URL(text);
  url.hash = '';
  // The parser keeps an empty query as `?`; setting it empty removes it, as the HTTP client leaves it out.
  if (url.search === '') url.search = '';
  return url.href.replace(/%[\dA-Fa-f]{2}/gu, (encoded) => {
    const character = String.fromCharCode(Number.parseInt(encoded.slice(1), 16));
    return UNRESERVED.test(character) ? character : encoded.toUpperCase();
  });
}
