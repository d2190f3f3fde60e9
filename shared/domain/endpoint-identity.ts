/**
 * The one form of an endpoint's URL that its spellings share (what the URL parser makes of it, without a fragment,
 * which is never sent): `https://hooks.example/a/../kreislauf#x` and `https://hooks.example/kreislauf` are one endpoint.
 * Text that does not parse as a URL is its own form.
 *
 * @example
 * endpointIdentity('https://hooks.brand.example/a/../kreislauf#x'); // 'https://hooks.brand.example/kreislauf'
 */
export function endpointIdentity(text: string): string {
  if (!URL.canParse(text)) return text;
  const url = new URL(text);
  url.hash = '';
  return url.href;
}
