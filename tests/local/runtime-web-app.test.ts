import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveWebApp } from '../../local/runtime/web-app';

describe('the web app beside the local API', () => {
  let root: string;
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'web-app-'));
    const dist = join(root, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'customer.html'), '<p>customer</p>');
    writeFileSync(join(dist, 'staff.html'), '<p>staff</p>');
    writeFileSync(join(dist, 'assets', 'customer-abc.js'), 'console.log(1)');
    writeFileSync(join(dist, '.kreislauf-web.sha256'), 'key');
    writeFileSync(join(root, 'secret.txt'), 'outside the build');
    const web = serveWebApp({ directory: dist });
    server = createServer(async (request, response) => {
      if (!(await web(request, response))) {
        response.writeHead(404, { 'content-type': 'application/problem+json' });
        response.end('{"title":"the API"}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(root, { recursive: true, force: true });
  });

  const get = (path: string, method = 'GET') => fetch(`${origin}${path}`, { method, redirect: 'manual' });

  it('redirects / to the demo trade-in form', async () => {
    const answer = await get('/');
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe('/trade-in/demo');
  });

  it("answers a page path with its page's HTML, not cached without asking", async () => {
    for (const path of ['/trade-in/demo', '/track/01JQ3W8Z6E5R2T7Y9U1I4O6P8A?token=x']) {
      const answer = await get(path);
      expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(answer.headers.get('cache-control')).toBe('no-cache');
      expect(await answer.text()).toBe('<p>customer</p>');
    }
    expect(await (await get('/staff/queues')).text()).toBe('<p>staff</p>');
  });

  it("answers a page path that does not decode (a bad percent-encoding) with its page's HTML, which says there is no such page", async () => {
    for (const path of ['/trade-in/%', '/trade-in/%E0%A4%A', '/track/%?token=abc']) {
      const answer = await get(path);
      expect(answer.status, path).toBe(200);
      expect(await answer.text(), path).toBe('<p>customer</p>');
    }
    expect(await (await get('/staff/%')).text()).toBe('<p>staff</p>');
    // Nothing else that does not decode is the web app's.
    for (const path of ['/v1/%', '/assets/%', '/%']) expect(await (await get(path)).text(), path).toBe('{"title":"the API"}');
  });

  it('sends the hashed assets as they are, cached for good; HEAD has no body', async () => {
    const answer = await get('/assets/customer-abc.js');
    expect(answer.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(answer.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await answer.text()).toBe('console.log(1)');
    const head = await get('/assets/customer-abc.js', 'HEAD');
    expect(head.headers.get('content-length')).toBe('14');
    expect(await head.text()).toBe('');
  });

  it('leaves the API, other methods, unknown paths, dotfiles and paths out of the build to the API', async () => {
    for (const path of ['/v1/brands/demo/catalog', '/health', '/_local/clock', '/favicon.ico', '/.kreislauf-web.sha256', '/assets/..%2f..%2fsecret.txt', '/..%2fsecret.txt']) {
      const answer = await get(path);
      expect(answer.status, path).toBe(404);
      expect(await answer.text(), path).toBe('{"title":"the API"}');
    }
    expect((await fetch(`${origin}/trade-in/demo`, { method: 'POST' })).status).toBe(404);
  });
});
