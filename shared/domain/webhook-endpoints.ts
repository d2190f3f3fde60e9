/**
 * Which URLs a brand may subscribe to passport events: public HTTPS endpoints only, so deliveries
 * are encrypted and cannot be pointed at our own network. A local cloud lets plain HTTP to this
 * machine through, for receivers in tests and demos.
 */

const MAX_URL_LENGTH = 2_048;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface EndpointPolicy {
  /** Only where the local cloud says so: `http://localhost`, `127.0.0.1` or `[::1]`. */
  allowLocalHttp: boolean;
}

/**
 * Why a URL cannot receive webhooks, or `undefined` when it can: an HTTPS URL without
 * credentials whose host is a name or a public IP address (not loopback, private, link-local,
 * carrier-grade NAT or unspecified), or, where the policy allows it, plain HTTP to this machine.
 *
 * @example
 * webhookEndpointProblem('https://hooks.brand.example/kreislauf', { allowLocalHttp: false }); // undefined
 * webhookEndpointProblem('http://localhost:8080/hook', { allowLocalHttp: false }); // 'must be an https:// URL'
 * webhookEndpointProblem('https://169.254.169.254/', { allowLocalHttp: false }); // 'must be a public address, not 169.254.169.254'
 */
export function webhookEndpointProblem(text: string, policy: EndpointPolicy): string | undefined {
  if (text.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username !== '' || url.password !== '') return 'must not carry credentials; the signature authenticates us';
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol === 'http:' && local && policy.allowLocalHttp) return undefined;
  if (url.protocol !== 'https:') return 'must be an https:// URL';
  if (local || url.hostname.endsWith('.localhost') || isNonPublicAddress(url.hostname)) {
    return `must be a public address, not ${url.hostname}`;
  }
  return undefined;
}

function isNonPublicAddress(host: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      a >= 224
    );
  }
  if (host.startsWith('[')) {
    const v6 = host.slice(1, -1).toLowerCase();
    // Loopback, unspecified, unique local (fc00::/7), link-local (fe80::/10) and IPv4-mapped addresses.
    return v6 === '::1' || v6 === '::' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || v6.startsWith('::ffff:');
  }
  return false;
}
