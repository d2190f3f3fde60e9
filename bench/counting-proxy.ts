import { createServer, request as forward, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request that went through the proxy, with what came back. */
export interface ProxiedCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  status: number;
  responseBody: Buffer;
  /** What `before` found before the request went on. */
  before?: unknown;
}

export interface CountingProxy {
  url: string;
  /** Where requests go; set once the service behind has started. */
  target: string | undefined;
  stop(): Promise<void>;
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => done(Buffer.concat(chunks)));
    stream.on('error', fail);
  });
}

/**
 * An HTTP proxy on 127.0.0.1 that hands every request and its answer to `record` (after
 * `rewrite` may change the request body, and `before` may look at the service first), for
 * counting what the functions ask of a service. The answer goes back once `record` is done.
 */
export async function startCountingProxy(options: {
  record(call: ProxiedCall): void | Promise<void>;
  rewrite?(headers: IncomingHttpHeaders, body: Buffer): Buffer;
  before?(headers: IncomingHttpHeaders, body: Buffer): Promise<unknown>;
}): Promise<CountingProxy> {
  const proxy: CountingProxy = { url: '', target: undefined, stop: async () => undefined };
  const server = createServer(async (incoming, outgoing) => {
    try {
      if (!proxy.target) throw new Error('the proxy has no target yet');
      const original = await readAll(incoming);
      const body = options.rewrite ? options.rewrite(incoming.headers, original) : original;
      const before = options.before ? await options.before(incoming.headers, body) : undefined;
      const target = new URL(proxy.target);
      const headers = { ...incoming.headers, 'content-length': String(body.length) };
      delete headers['transfer-encoding'];
      const answer = await new Promise<IncomingMessage>((done, fail) => {
        const sent = forward({ host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers }, done);
        sent.on('error', fail);
        sent.end(body);
      });
      const responseBody = await readAll(answer);
      await options.record({
        method: incoming.method ?? 'GET',
        path: incoming.url ?? '/',
        headers: incoming.headers,
        body,
        status: answer.statusCode ?? 0,
        responseBody,
        ...(before === undefined ? {} : { before }),
      });
      const responseHeaders = { ...answer.headers, 'content-length': String(responseBody.length) };
      delete responseHeaders['transfer-encoding'];
      outgoing.writeHead(answer.statusCode ?? 502, responseHeaders);
      outgoing.end(responseBody);
    } catch (error) {
      outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end(String(error));
    }
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.stop = () =>
    new Promise((closed) => {
      server.close(() => closed());
      server.closeAllConnections();
    });
  return proxy;
}
