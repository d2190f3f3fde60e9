import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpWebhookSender } from '../../shared/adapters/http/http-webhook-sender';

describe('HttpWebhookSender (a local HTTP receiver)', () => {
  let receiver: Server;
  let port: number;
  const received: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const sender = new HttpWebhookSender();

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ url: request.url!, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        if (request.url === '/moved') response.writeHead(302, { location: '/hooks' }).end();
        else response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
  });

  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it('connects to the checked address, never to what the name resolves to, and keeps the name as the host', async () => {
    // .invalid never resolves (RFC 6761): the request can only arrive through the checked address.
    const url = `http://hooks.kreislauf.invalid:${port}/hooks`;
    const before = received.length;

    const status = await sender.post({ url, addresses: [{ address: '127.0.0.1', family: 4 }] }, '{"type":"Graded"}', { 'webhook-id': 'msg_1' });

    expect(status).toBe(204);
    expect(received.slice(before)).toEqual([
      {
        url: '/hooks',
        headers: expect.objectContaining({ host: `hooks.kreislauf.invalid:${port}`, 'webhook-id': 'msg_1', 'content-type': 'application/json' }),
        body: '{"type":"Graded"}',
      },
    ]);
  });

  it('answers a redirect with its status and does not follow it', async () => {
    const before = received.length;

    const status = await sender.post({ url: `http://127.0.0.1:${port}/moved`, addresses: [{ address: '127.0.0.1', family: 4 }] }, '{}', {});

    expect(status).toBe(302);
    expect(received.slice(before).map((one) => one.url)).toEqual(['/moved']);
  });
});
