import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, type Answer } from './client';
import { staff } from './warehouse';

/**
 * URLs that must never be saved as a brand's webhook endpoint or a repair partner's job endpoint,
 * with the status that refuses them: 400 when the text alone is wrong, 422 when the host's
 * addresses are (a name that does not resolve, or resolves to an address that is not public).
 */
const REFUSED: readonly (readonly [string, 400 | 422])[] = [
  ['https://localhost./', 400],
  ['https://[::127.0.0.1]/', 400],
  ['https://[64:ff9b::a9fe:a9fe]/', 400],
  ['https://[2002:7f00:1::]/', 400],
  ['https://[fec0::1]/', 400],
  ['https://198.18.0.1/', 400],
  ['https://192.0.0.1/', 400],
  ['https://192.0.2.1/', 400],
  ['https://169.254.169.254/latest/meta-data/', 400],
  ['https://example.com:22/', 400],
  ['https://user:secret@example.com/', 400],
  ['https://example.com/hook\r\nX-Injected: 1', 400],
  ['http://10.0.0.8/jobs', 400],
  // Resolved here they fail, with real DNS they resolve to 169.254.169.254: refused either way.
  ['https://169.254.169.254.nip.io/', 422],
  ['https://metadata.google.internal/computeMetadata/v1/', 422],
];

function isRefusedAt(answer: Answer, status: number, field: string, url: string) {
  expect(answer.status, url).toBe(status);
  expect(answer.headers.get('content-type'), url).toBe('application/problem+json');
  expect(answer.body.errors.map((error: { path: (string | number)[] }) => error.path.join('.')), url).toEqual([field]);
}

describe('URLs a brand gives us are refused unless public https, and none is stored', () => {
  const brand = `urls-${randomUUID().slice(0, 8)}`;
  let admin: Record<string, string>;

  beforeAll(async () => {
    admin = await staff({ brand, roles: ['admin'] });
  });

  it('refuses each as a webhook subscription and subscribes nothing', async () => {
    for (const [url, status] of REFUSED) {
      isRefusedAt(await call('POST', '/v1/webhook-subscriptions', { url, eventTypes: ['Graded'] }, admin), status, 'url', url);
    }
    expect((await call('GET', '/v1/webhook-subscriptions', undefined, admin)).body).toEqual({ subscriptions: [] });
  });

  it("refuses each as a repair partner's job endpoint and saves no partner", async () => {
    for (const [url, status] of REFUSED) {
      const partner = {
        name: 'URL Test Workshop',
        categories: ['smartphone'],
        regions: { countries: ['DE'] },
        capacity: 1,
        labourRatePerHour: { amount: 9_900, currency: 'EUR' },
        targetTurnaroundDays: 10,
        webhookUrl: url,
        active: false,
      };
      isRefusedAt(await call('PUT', '/v1/repair-partners/rp-url-test', partner, admin), status, 'webhookUrl', url);
    }
    expect((await call('GET', '/v1/repair-partners', undefined, admin)).body).toEqual({ partners: [] });
  });
});
