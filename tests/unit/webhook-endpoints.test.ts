import { describe, expect, it } from 'vitest';
import { webhookEndpointProblem } from '../../shared/domain/webhook-endpoints';
import { retryDelaySeconds } from '../../shared/services/brand-webhooks';

const strict = { allowLocalHttp: false };
const local = { allowLocalHttp: true };

describe('webhookEndpointProblem', () => {
  it('accepts a public https URL', () => {
    expect(webhookEndpointProblem('https://hooks.brand.example/kreislauf?tenant=1', strict)).toBeUndefined();
  });

  it('refuses plain http, and anything that is not a URL', () => {
    expect(webhookEndpointProblem('http://hooks.brand.example/', strict)).toBe('must be an https:// URL');
    expect(webhookEndpointProblem('ftp://hooks.brand.example/', strict)).toBe('must be an https:// URL');
    expect(webhookEndpointProblem('not a url', strict)).toBe('must be an absolute URL');
  });

  it.each(['https://localhost/', 'https://127.0.0.1/', 'https://10.0.0.5/', 'https://172.20.1.1/', 'https://192.168.1.1/', 'https://169.254.169.254/latest', 'https://[::1]/', 'https://[fd00::1]/', 'https://0.0.0.0/'])(
    'refuses %s, which is not a public address',
    (url) => {
      expect(webhookEndpointProblem(url, strict)).toMatch(/^must be a public address/);
    },
  );

  it('refuses credentials in the URL', () => {
    expect(webhookEndpointProblem('https://user:pass@hooks.brand.example/', strict)).toMatch(/credentials/);
  });

  it('lets plain http to this machine through only where the local cloud allows it', () => {
    expect(webhookEndpointProblem('http://127.0.0.1:4567/hook', local)).toBeUndefined();
    expect(webhookEndpointProblem('http://localhost:4567/hook', local)).toBeUndefined();
    expect(webhookEndpointProblem('http://127.0.0.1:4567/hook', strict)).toBe('must be an https:// URL');
    expect(webhookEndpointProblem('http://hooks.brand.example/', local)).toBe('must be an https:// URL');
  });
});

describe('retryDelaySeconds', () => {
  it('waits 30 seconds after the first failure and doubles up to a quarter of an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(retryDelaySeconds)).toEqual([30, 60, 120, 240, 480, 900, 900]);
  });
});
