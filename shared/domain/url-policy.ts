import { BlockList, isIP } from 'node:net';

/**
 * Which URLs we send to when a brand or partner gives us one (webhook subscriptions, repair-partner
 * job endpoints, channel callbacks): a public HTTPS endpoint on the default port, written plainly.
 * Whoever gives us a URL must not be able to point our requests at our own network, the cloud's
 * metadata service, or anything else that is not on the public internet.
 *
 * The text alone decides the URL's form (`outboundUrlOf`); the addresses its host has decide the
 * rest (`addressProblem`), checked when the URL is saved and again before every request, because
 * a name can be pointed somewhere else at any time.
 *
 * A local cloud lets plain HTTP to this machine through, for receivers in tests and demos: to `localhost`, `127.0.0.1`
 * or `[::1]` exactly, on any port from 1 to 65535. Until 7 December 2026 it let any 127.x.y.z and any `*.localhost`
 * name through, and port 0, where nothing listens, while the docs named only these three.
 */

const MAX_URL_LENGTH = 2_048;

export interface UrlPolicy {
  /** Only where the local cloud says so: `http://localhost`, `127.0.0.1` or `[::1]` on any port but 0. */
  allowLocalHttp: boolean;
}

/** A URL whose form is acceptable; its host's addresses are still to be checked. */
export interface OutboundUrl {
  url: URL;
  /**
   * The URL as given, its scheme and host in lower case (`HTTPS://Hooks.Brand.example/K` is
   * `https://hooks.brand.example/K`): the form to store, since names are case-insensitive and the
   * rest of the URL is the endpoint's to read as it will.
   */
  text: string;
  /** The IP address the URL names, or `undefined` when it names a host to resolve. */
  literal: { address: string; family: 4 | 6 } | undefined;
  /** Plain HTTP to this machine, let through by the policy: every address must then be loopback. */
  local: boolean;
}

// Whitespace and control characters (C0, DEL, C1): the URL parser would drop or encode them, so
// what we stored would not be what we send. A backslash is read as a slash by the parser.
const UNWRITTEN = /[\s\u0000-\u001f\u007f-\u009f\\]/u;
const AUTHORITY = /^[a-z][a-z\d+.-]*:\/\/([^/?#]*)/iu;
const LOOPBACK_NAME = /(^|\.)localhost$/u;
/** The hosts the local cloud lets plain HTTP through to, as the URL parser writes them. */
const LOCAL_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);
// What a reader does not see in a URL, or sees turned around: format characters (the bidi controls U+202A–U+202E,
// U+2066–U+2069, U+200E, U+200F and U+061C, zero-width spaces and joiners, the soft hyphen, a byte order mark, tags),
// the combining grapheme joiner and the variation selectors, the blank Hangul fillers and Braille pattern, and a lone
// surrogate. `/hook\u202e1/gnp.exe` reads as `/hookexe.png/1` in a list. The URL parser percent-encodes them in what
// it sends, so the URL is stored and listed that way too.
const UNSEEN = /[\p{Cf}\p{Cs}\u034f\u115f\u1160\u2800\u3164\ufe00-\ufe0f\uffa0\u{e0100}-\u{e01ef}]/gu;

/**
 * The URL text with each character a reader does not see, or that turns the text around it, percent-encoded in UTF-8
 * as the URL parser sends it (a lone surrogate as U+FFFD, as the parser does): the form to store and to list.
 *
 * @example
 * withUnseenEncoded('https://hooks.brand.example/hook\u202egnp.exe'); // 'https://hooks.brand.example/hook%E2%80%AEgnp.exe'
 */
export function withUnseenEncoded(text: string): string {
  return text.replace(UNSEEN, (character) => (/\p{Cs}/u.test(character) ? '%EF%BF%BD' : encodeURIComponent(character)));
}

/**
 * The URL, or why we will not send to it: not an absolute `https://` URL, credentials in it, a
 * port other than the default, whitespace or control characters, a host not in canonical form
 * (an ASCII name, `127.0.0.1` rather than `0x7f.1`, `[::7f00:1]` rather than `[::127.0.0.1]`),
 * a trailing dot, a name of one label, or an IP address that is not public. A name in upper case
 * is the same name (DNS ignores case): it is taken, and `text` writes it in lower case, with the characters a reader
 * does not see (bidi controls, zero-width characters) percent-encoded ({@link withUnseenEncoded}).
 *
 * @example
 * outboundUrlOf('https://hooks.brand.example/kreislauf', { allowLocalHttp: false }); // { url, text: 'https://hooks.brand.example/kreislauf', literal: undefined, local: false }
 * outboundUrlOf('https://HOOKS.brand.example/K', { allowLocalHttp: false }).text; // 'https://hooks.brand.example/K'
 * outboundUrlOf('https://hooks.brand.example:8443/', { allowLocalHttp: false }); // 'must use the default port of https, not 8443'
 * outboundUrlOf('https://169.254.169.254/', { allowLocalHttp: false }); // 'must be a public address, not 169.254.169.254 (link-local)'
 * outboundUrlOf('http://127.0.0.2:3100/', { allowLocalHttp: true }); // 'must name localhost, 127.0.0.1 or [::1] for plain http, not 127.0.0.2'
 */
export function outboundUrlOf(text: string, policy: UrlPolicy): OutboundUrl | string {
  if (text.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  if (UNWRITTEN.test(text)) return 'must not contain whitespace, control characters or backslashes';
  const authority = AUTHORITY.exec(text)?.[1];
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be an absolute URL';
  }
  if (authority === undefined) return 'must be an absolute URL';
  if (url.username !== '' || url.password !== '' || authority.includes('@')) return 'must not carry credentials; the signature authenticates us';

  const literal = literalAddress(url.hostname);
  const loopbackHost = literal === undefined ? LOOPBACK_NAME.test(url.hostname) : addressProblem(literal.address) === 'loopback';
  const localHttp = policy.allowLocalHttp && url.protocol === 'http:';
  if (localHttp && loopbackHost && !LOCAL_HOSTS.has(url.hostname)) return `must name localhost, 127.0.0.1 or [::1] for plain http, not ${url.hostname}`;
  const local = localHttp && LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !local) return 'must be an https:// URL';
  // Port 0 is no port: nothing listens on it, and a connection to it fails.
  if (url.port === '0') return 'must not use port 0';
  if (url.port !== '' && !local) return `must use the default port of https, not ${url.port}`;

  if (url.hostname.endsWith('.')) return 'must not end its host name with a dot';
  if (literal !== undefined && !local) {
    const problem = addressProblem(literal.address);
    if (problem) return `must be a public address, not ${literal.address} (${problem})`;
  }
  if (loopbackHost && !local) return `must be a public address, not ${url.hostname}`;
  const rawHost = authority.startsWith('[') ? authority.slice(0, authority.indexOf(']') + 1) : authority.replace(/:\d*$/u, '');
  if (rawHost.toLowerCase() !== url.hostname) return `must name its host in canonical form (${url.hostname}), not ${rawHost}`;
  if (literal === undefined && !url.hostname.includes('.') && !local) return `must name a fully qualified host, not ${url.hostname}`;
  // The scheme and the authority (host and port: credentials were refused above) in lower case, the rest as written
  // but for the characters a reader does not see, percent-encoded (until 7 December 2026 they were stored as given).
  const prefix = `${url.protocol}//${authority}`.length;
  return { url, text: `${text.slice(0, prefix).toLowerCase()}${withUnseenEncoded(text.slice(prefix))}`, literal, local };
}

/** The IP address a URL's host names, without the brackets of IPv6. */
function literalAddress(hostname: string): OutboundUrl['literal'] {
  const address = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  const family = isIP(address);
  return family === 0 ? undefined : { address, family: family === 6 ? 6 : 4 };
}

/** Ranges of IPv4 addresses that are not on the public internet (IANA special-purpose registry). */
const IPV4_RANGES: readonly (readonly [string, string[]])[] = [
  ['unspecified', ['0.0.0.0/8']],
  ['loopback', ['127.0.0.0/8']],
  ['private', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']],
  ['link-local', ['169.254.0.0/16']],
  ['carrier-grade NAT', ['100.64.0.0/10']],
  ['IETF protocol assignments', ['192.0.0.0/24']],
  ['documentation', ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24']],
  ['benchmarking', ['198.18.0.0/15']],
  ['6to4 relay', ['192.88.99.0/24']],
  ['multicast', ['224.0.0.0/4']],
  // 240.0.0.0/4 includes the broadcast address 255.255.255.255.
  ['reserved', ['240.0.0.0/4']],
];

/**
 * Ranges of IPv6 addresses that are not on the public internet, in the order they are checked.
 * Anything outside 2000::/3 (global unicast) is refused as reserved, after the ranges that embed
 * an IPv4 address, which are judged by that address instead.
 */
const IPV6_RANGES: readonly (readonly [string, string[]])[] = [
  ['unspecified', ['::/128']],
  ['loopback', ['::1/128']],
  ['IPv4-compatible, deprecated', ['::/96']],
  ['local-use NAT64', ['64:ff9b:1::/48']],
  ['private', ['fc00::/7']],
  ['link-local', ['fe80::/10']],
  ['site-local', ['fec0::/10']],
  ['multicast', ['ff00::/8']],
  ['Teredo', ['2001::/32']],
  ['benchmarking', ['2001:2::/48']],
  ['documentation', ['2001:db8::/32', '3fff::/20']],
  // The rest of 2001::/23: ORCHID, AMT, AS112 and the like, never a web server.
  ['IETF protocol assignments', ['2001::/23']],
];

/** IPv6 forms that carry an IPv4 address, at the 16-bit group where it starts. */
const EMBEDDING_RANGES: readonly (readonly [string, string, number])[] = [
  ['IPv4-mapped', '::ffff:0:0/96', 6],
  ['NAT64', '64:ff9b::/96', 6],
  ['6to4', '2002::/16', 1],
];

function blockListOf(type: 'ipv4' | 'ipv6', ranges: string[]): BlockList {
  const list = new BlockList();
  for (const range of ranges) {
    const [network, prefix] = range.split('/');
    list.addSubnet(network!, Number(prefix), type);
  }
  return list;
}

/**
 * The ranges as node:net block lists, made on the first address checked: a function that imports
 * this module but never checks an address (a list of subscriptions) makes none when it starts.
 */
let blockLists:
  | {
      ipv4: (readonly [string, BlockList])[];
      ipv6: (readonly [string, BlockList])[];
      embedding: (readonly [string, BlockList, number])[];
      globalUnicast: BlockList;
    }
  | undefined;

function checks(): NonNullable<typeof blockLists> {
  blockLists ??= {
    ipv4: IPV4_RANGES.map(([why, ranges]) => [why, blockListOf('ipv4', ranges)] as const),
    ipv6: IPV6_RANGES.map(([why, ranges]) => [why, blockListOf('ipv6', ranges)] as const),
    embedding: EMBEDDING_RANGES.map(([form, range, group]) => [form, blockListOf('ipv6', [range]), group] as const),
    globalUnicast: blockListOf('ipv6', ['2000::/3']),
  };
  return blockLists;
}

/**
 * Why an IP address is not on the public internet, or `undefined` when it is. An IPv6 address
 * that carries an IPv4 address (IPv4-mapped, NAT64, 6to4) is judged by the IPv4 address.
 *
 * @example
 * addressProblem('93.184.215.14'); // undefined
 * addressProblem('198.18.0.1'); // 'benchmarking'
 * addressProblem('64:ff9b::a9fe:a9fe'); // 'link-local, as NAT64 of 169.254.169.254'
 */
export function addressProblem(address: string): string | undefined {
  // A zone index ties the address to one interface of this machine.
  if (address.includes('%')) return 'link-local';
  const family = isIP(address);
  const lists = checks();
  if (family === 4) return lists.ipv4.find(([, list]) => list.check(address, 'ipv4'))?.[0];
  if (family !== 6) return 'not an IP address';
  for (const [form, list, group] of lists.embedding) {
    if (!list.check(address, 'ipv6')) continue;
    const embedded = embeddedIpv4(address, group);
    const problem = addressProblem(embedded);
    return problem === undefined ? undefined : `${problem}, as ${form} of ${embedded}`;
  }
  const range = lists.ipv6.find(([, list]) => list.check(address, 'ipv6'));
  if (range) return range[0];
  return lists.globalUnicast.check(address, 'ipv6') ? undefined : 'reserved';
}

/** The IPv4 address in two 16-bit groups of an IPv6 address, from group `at`. */
function embeddedIpv4(address: string, at: number): string {
  const groups = ipv6Groups(address);
  return [groups[at]! >> 8, groups[at]! & 0xff, groups[at + 1]! >> 8, groups[at + 1]! & 0xff].join('.');
}

/** The eight 16-bit groups of a valid IPv6 address, `::` expanded and a dotted IPv4 tail read as two groups. */
function ipv6Groups(address: string): number[] {
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/u.exec(address);
  const hex = tail ? `${address.slice(0, tail.index)}${((Number(tail[1]) << 8) | Number(tail[2])).toString(16)}:${((Number(tail[3]) << 8) | Number(tail[4])).toString(16)}` : address;
  const [head, rest] = hex.split('::');
  const groupsOf = (part: string | undefined) => (part ? part.split(':').map((group) => Number.parseInt(group, 16)) : []);
  const left = groupsOf(head);
  const right = groupsOf(rest);
  return [...left, ...new Array<number>(rest === undefined ? 0 : 8 - left.length - right.length).fill(0), ...right];
}
