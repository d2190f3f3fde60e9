import { describe, expect, it } from 'vitest';
import { addressProblem } from '../../shared/domain/url-policy';
import type { HostResolver, ResolvedAddress } from '../../shared/ports/host-resolver';
import { checkOutboundUrl, type OutboundUrlRules } from '../../shared/services/outbound-urls';

const v4 = (address: string): ResolvedAddress => ({ address, family: 4 });
const v6 = (address: string): ResolvedAddress => ({ address, family: 6 });

/** What DNS would answer for the names in the tables; any other name does not resolve. */
const DNS = new Map<string, ResolvedAddress[]>([
  ['example.com', [v4('93.184.215.14')]],
  ['dual-stack.example', [v4('93.184.215.14'), v6('2a00:1450::1')]],
  ['169.254.169.254.nip.io', [v4('169.254.169.254')]],
  ['metadata.google.internal', [v4('169.254.169.254')]],
  ['one-private.example', [v4('93.184.215.14'), v4('10.0.0.1')]],
  ['unique-local.example', [v6('fd00::1')]],
  ['mapped-loopback.example', [v6('::ffff:127.0.0.1')]],
  ['zoned.example', [v6('fe80::1%eth0')]],
  ['nothing.example', []],
  ['localhost', [v4('127.0.0.1'), v6('::1')]],
]);

const resolveHost: HostResolver = async (name) => {
  const found = DNS.get(name);
  if (found) return found;
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
};

const strict: OutboundUrlRules = { allowLocalHttp: false, resolveHost };
const local: OutboundUrlRules = { allowLocalHttp: true, resolveHost };

describe('the outbound URL policy', () => {
  it.each([
    ['https://example.com/hook', [v4('93.184.215.14')]],
    ['https://example.com:443/hook?tenant=1#x', [v4('93.184.215.14')]],
    ['https://dual-stack.example/hook', [v4('93.184.215.14'), v6('2a00:1450::1')]],
    ['https://93.184.215.14/', [v4('93.184.215.14')]],
    ['https://[2a00:1450::1]/', [v6('2a00:1450::1')]],
    ['https://[::ffff:5db8:d70e]/', [v6('::ffff:5db8:d70e')]],
    ['https://[64:ff9b::5db8:d70e]/', [v6('64:ff9b::5db8:d70e')]],
    ['https://[2002:5db8:d70e::1]/', [v6('2002:5db8:d70e::1')]],
  ])('accepts %s, to be sent to its public addresses', async (url, addresses) => {
    expect(await checkOutboundUrl(url, strict)).toEqual({ ok: true, endpoint: { url, addresses } });
  });

  it.each([
    ['https://Example.COM/Hook?Tenant=A', 'https://example.com/Hook?Tenant=A'],
    ['HTTPS://EXAMPLE.COM', 'https://example.com'],
    ['https://[2A00:1450::1]/Hook', 'https://[2a00:1450::1]/Hook'],
  ])('accepts %s, a host in upper case, as %s: the name in lower case, the rest as written', async (url, stored) => {
    expect(await checkOutboundUrl(url, strict)).toMatchObject({ ok: true, endpoint: { url: stored } });
  });

  it.each([
    // Form
    ['not-a-url', /^must be an absolute URL$/],
    ['https:example.com/hook', /^must be an absolute URL$/],
    ['http://example.com/hook', /^must be an https:\/\/ URL$/],
    ['ftp://example.com/hook', /^must be an https:\/\/ URL$/],
    ['file:///etc/passwd', /^must be an https:\/\/ URL$/],
    ['https://example.com:22/', /^must use the default port of https, not 22$/],
    ['https://example.com:8443/hook', /default port/],
    ['https://user:pass@example.com/', /credentials/],
    ['https://user@example.com/', /credentials/],
    ['https://@example.com/', /credentials/],
    ['https://example.com/hook\r\nX-Injected: 1', /control characters/],
    ['https://example.com/\thook', /control characters/],
    [' https://example.com/hook', /control characters/],
    ['https://example.com/hook\u0000', /control characters/],
    ['https://example.com/hook\u0085', /control characters/],
    ['https://exam\u00a0ple.com/', /control characters/],
    ['https://example.com\\@evil.example/', /backslashes/],
    [`https://example.com/${'a'.repeat(2_048)}`, /at most 2048 characters/],
    ['https://localhost./', /^must not end its host name with a dot$/],
    ['https://example.com./hook', /with a dot/],
    ['https://ex%61mple.com/', /canonical form \(example\.com\), not ex%61mple\.com/],
    ['https://bücher.example/', /canonical form \(xn--bcher-kva\.example\)/],
    ['https://0x5db8d70e/', /canonical form \(93\.184\.215\.14\)/],
    ['https://[2a00:1450:0:0:0:0:0:1]/', /canonical form \(\[2a00:1450::1\]\)/],
    ['https://intranet/hook', /fully qualified host, not intranet/],
    // Names of this machine
    ['https://localhost/', /public address, not localhost$/],
    ['https://api.localhost/', /public address, not api\.localhost$/],
    // IPv4 addresses that are not public
    ['https://0.0.0.0/', /\(unspecified\)/],
    ['https://0.1.2.3/', /\(unspecified\)/],
    ['https://127.0.0.1/', /\(loopback\)/],
    ['https://127.1.2.3/', /\(loopback\)/],
    ['https://0x7f.1/', /not 127\.0\.0\.1 \(loopback\)/],
    ['https://2130706433/', /not 127\.0\.0\.1 \(loopback\)/],
    ['https://10.0.0.5/', /\(private\)/],
    ['https://172.16.0.1/', /\(private\)/],
    ['https://172.31.255.255/', /\(private\)/],
    ['https://192.168.1.1/', /\(private\)/],
    ['https://169.254.169.254/latest/meta-data/', /\(link-local\)/],
    ['https://100.64.0.1/', /\(carrier-grade NAT\)/],
    ['https://100.127.255.254/', /\(carrier-grade NAT\)/],
    ['https://192.0.0.1/', /\(IETF protocol assignments\)/],
    ['https://192.0.2.1/', /\(documentation\)/],
    ['https://198.51.100.7/', /\(documentation\)/],
    ['https://203.0.113.9/', /\(documentation\)/],
    ['https://198.18.0.1/', /\(benchmarking\)/],
    ['https://198.19.255.255/', /\(benchmarking\)/],
    ['https://192.88.99.1/', /\(6to4 relay\)/],
    ['https://224.0.0.1/', /\(multicast\)/],
    ['https://239.255.255.250/', /\(multicast\)/],
    ['https://240.0.0.1/', /\(reserved\)/],
    ['https://255.255.255.255/', /\(reserved\)/],
    // IPv6 addresses that are not public, and IPv6 forms of IPv4 ones
    ['https://[::]/', /\(unspecified\)/],
    ['https://[::1]/', /\(loopback\)/],
    ['https://[0:0:0:0:0:0:0:1]/', /\(loopback\)/],
    ['https://[::127.0.0.1]/', /not ::7f00:1 \(IPv4-compatible, deprecated\)/],
    ['https://[::5db8:d70e]/', /\(IPv4-compatible, deprecated\)/],
    ['https://[::ffff:127.0.0.1]/', /\(loopback, as IPv4-mapped of 127\.0\.0\.1\)/],
    ['https://[::ffff:169.254.169.254]/', /\(link-local, as IPv4-mapped of 169\.254\.169\.254\)/],
    ['https://[64:ff9b::a9fe:a9fe]/', /\(link-local, as NAT64 of 169\.254\.169\.254\)/],
    ['https://[64:ff9b::10.0.0.1]/', /\(private, as NAT64 of 10\.0\.0\.1\)/],
    ['https://[64:ff9b:1::5db8:d70e]/', /\(local-use NAT64\)/],
    ['https://[2002:7f00:1::]/', /\(loopback, as 6to4 of 127\.0\.0\.1\)/],
    ['https://[2002:c612:1::1]/', /\(benchmarking, as 6to4 of 198\.18\.0\.1\)/],
    ['https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', /\(Teredo\)/],
    ['https://[fc00::1]/', /\(private\)/],
    ['https://[fd12:3456::1]/', /\(private\)/],
    ['https://[fe80::1]/', /\(link-local\)/],
    ['https://[febf::1]/', /\(link-local\)/],
    ['https://[fec0::1]/', /\(site-local\)/],
    ['https://[ff02::1]/', /\(multicast\)/],
    ['https://[2001:2::1]/', /\(benchmarking\)/],
    ['https://[2001:db8::1]/', /\(documentation\)/],
    ['https://[3fff::1]/', /\(documentation\)/],
    ['https://[2001:20::1]/', /\(IETF protocol assignments\)/],
    ['https://[100::1]/', /\(reserved\)/],
    ['https://[::ffff:0:7f00:1]/', /\(reserved\)/],
  ])('refuses %j by its text', async (url, reason) => {
    const check = await checkOutboundUrl(url, strict);
    expect(check).toMatchObject({ ok: false, kind: 'form' });
    expect(check.ok || check.problem).toMatch(reason);
  });

  it.each([
    ['https://169.254.169.254.nip.io/', /^must resolve to public addresses only; 169\.254\.169\.254\.nip\.io resolves to 169\.254\.169\.254 \(link-local\)$/],
    ['https://metadata.google.internal/computeMetadata/v1/', /resolves to 169\.254\.169\.254 \(link-local\)/],
    ['https://one-private.example/', /resolves to 10\.0\.0\.1 \(private\)/],
    ['https://unique-local.example/', /resolves to fd00::1 \(private\)/],
    ['https://mapped-loopback.example/', /resolves to ::ffff:127\.0\.0\.1 \(loopback, as IPv4-mapped of 127\.0\.0\.1\)/],
    ['https://zoned.example/', /resolves to fe80::1%eth0 \(link-local\)/],
    ['https://unknown.example/', /^could not be resolved: unknown\.example has no address \(ENOTFOUND\)$/],
    ['https://nothing.example/', /^could not be resolved: nothing\.example has no address$/],
  ])('refuses %s by the addresses its host resolves to', async (url, reason) => {
    const check = await checkOutboundUrl(url, strict);
    expect(check).toMatchObject({ ok: false, kind: 'addresses' });
    expect(check.ok || check.problem).toMatch(reason);
  });

  it('lets plain http to this machine through, on any port, only where the local cloud allows it', async () => {
    expect(await checkOutboundUrl('http://127.0.0.1:4567/hook', local)).toEqual({ ok: true, endpoint: { url: 'http://127.0.0.1:4567/hook', addresses: [v4('127.0.0.1')] } });
    expect(await checkOutboundUrl('http://[::1]:4567/hook', local)).toMatchObject({ ok: true });
    expect(await checkOutboundUrl('http://LOCALHOST:3199/X', local)).toMatchObject({ ok: true, endpoint: { url: 'http://localhost:3199/X' } });
    expect(await checkOutboundUrl('http://localhost:4567/hook', local)).toEqual({ ok: true, endpoint: { url: 'http://localhost:4567/hook', addresses: [v4('127.0.0.1'), v6('::1')] } });
    expect(await checkOutboundUrl('http://127.0.0.1:4567/hook', strict)).toEqual({ ok: false, kind: 'form', problem: 'must be an https:// URL' });
    expect(await checkOutboundUrl('http://example.com/hook', local)).toEqual({ ok: false, kind: 'form', problem: 'must be an https:// URL' });
    expect(await checkOutboundUrl('http://10.0.0.8:4567/hook', local)).toEqual({ ok: false, kind: 'form', problem: 'must be an https:// URL' });
    expect(await checkOutboundUrl('https://127.0.0.1/hook', local)).toMatchObject({ ok: false, kind: 'form', problem: expect.stringMatching(/loopback/) });
    expect(await checkOutboundUrl('http://user:pass@127.0.0.1:4567/', local)).toMatchObject({ ok: false, problem: expect.stringMatching(/credentials/) });
  });

  it('lets plain http through to localhost, 127.0.0.1 and [::1] only, as the docs say, and never to port 0 (until 7 December 2026 any 127.x and *.localhost, and port 0)', async () => {
    expect(await checkOutboundUrl('http://127.0.0.2:3100/', local)).toEqual({ ok: false, kind: 'form', problem: 'must name localhost, 127.0.0.1 or [::1] for plain http, not 127.0.0.2' });
    expect(await checkOutboundUrl('http://api.localhost:3100/', local)).toEqual({ ok: false, kind: 'form', problem: 'must name localhost, 127.0.0.1 or [::1] for plain http, not api.localhost' });
    expect(await checkOutboundUrl('http://localhost:0/', local)).toEqual({ ok: false, kind: 'form', problem: 'must not use port 0' });
    expect(await checkOutboundUrl('http://127.0.0.1:00/hook', local)).toEqual({ ok: false, kind: 'form', problem: 'must not use port 0' });
    expect(await checkOutboundUrl('https://example.com:0/', strict)).toEqual({ ok: false, kind: 'form', problem: 'must not use port 0' });
    expect(await checkOutboundUrl('http://localhost:65535/hook', local)).toMatchObject({ ok: true });
    expect(await checkOutboundUrl('http://localhost/hook', local)).toMatchObject({ ok: true });
  });

  it('keeps a bidi control or an invisible character in the path percent-encoded, as it is sent, never as given (until 7 December 2026 stored and listed unescaped)', async () => {
    expect(await checkOutboundUrl('https://example.com/hook\u202egnp.exe', strict)).toMatchObject({ ok: true, endpoint: { url: 'https://example.com/hook%E2%80%AEgnp.exe' } });
    expect(await checkOutboundUrl('https://example.com/a\u200bb?x=\u2066y#\u200d', strict)).toMatchObject({ ok: true, endpoint: { url: 'https://example.com/a%E2%80%8Bb?x=%E2%81%A6y#%E2%80%8D' } });
    expect(await checkOutboundUrl('https://example.com/h\ud800ook', strict)).toMatchObject({ ok: true, endpoint: { url: 'https://example.com/h%EF%BF%BDook' } });
    // Letters of other scripts are seen, and stay as written.
    expect(await checkOutboundUrl('https://example.com/hök/שלום', strict)).toMatchObject({ ok: true, endpoint: { url: 'https://example.com/hök/שלום' } });
  });

  it('refuses a local name that resolves anywhere but this machine', async () => {
    const pointedAway: OutboundUrlRules = { allowLocalHttp: true, resolveHost: async () => [v4('127.0.0.1'), v4('10.0.0.8')] };
    expect(await checkOutboundUrl('http://localhost:4567/hook', pointedAway)).toEqual({
      ok: false,
      kind: 'addresses',
      problem: 'must name this machine; localhost resolves to 10.0.0.8',
    });
  });
});

describe('addressProblem', () => {
  it.each(['93.184.215.14', '8.8.8.8', '1.1.1.1', '2a00:1450::1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'])(
    'finds nothing wrong with the public address %s',
    (address) => {
      expect(addressProblem(address)).toBeUndefined();
    },
  );

  it('judges an IPv6 form of an IPv4 address by the IPv4 address it carries', () => {
    expect(addressProblem('::ffff:c0a8:101')).toBe('private, as IPv4-mapped of 192.168.1.1');
    expect(addressProblem('64:ff9b::6440:1')).toBe('carrier-grade NAT, as NAT64 of 100.64.0.1');
    expect(addressProblem('2002:c000:201::')).toBe('documentation, as 6to4 of 192.0.2.1');
  });
});
