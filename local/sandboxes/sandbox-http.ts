import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

// What every sandbox needs of HTTP: bodies read with a limit, JSON answers, a loopback server.

/** Sandboxes take bodies up to 1 MB, as the real APIs do for these requests. */
const MAX_BODY_BYTES = 1_000_000;

/** The request body as text, or `undefined` when it is larger than `limit` bytes (by default what a sandbox accepts). */
export async function readText(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Answers with a JSON document. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...headers, 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

export interface LoopbackServer {
  /** E.g. `http://127.0.0.1:41234`. */
  origin: string;
  /** Stops listening and drops idle keep-alive connections, which would otherwise hold the close open. */
  stop(): Promise<void>;
}

/**
 * Serves `route` on a loopback address. A request the route fails on is logged with the sandbox's
 * `name` and answered by `answerFailure` (or cut, when the answer had begun already).
 *
 * @example
 * const { origin, stop } = await serveOnLoopback('DHL sandbox', route, (res) => sendJson(res, 500, {}), { port: 0 });
 */
export async function serveOnLoopback(
  name: string,
  route: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
  answerFailure: (response: ServerResponse) => void,
  options: { port?: number; host?: string } = {},
): Promise<LoopbackServer> {
  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      console.error(`${name}: request failed`, error);
      if (!response.headersSent) answerFailure(response);
      else response.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * Waits `ms` before a sandbox answers (an injected latency), unless the client or `stop()` closes
 * the connection first: then there is no one to answer, and it resolves `false`.
 */
export async function waited(ms: number, response: ServerResponse): Promise<boolean> {
  const closed = new AbortController();
  const onClose = () => closed.abort();
  response.once('close', onClose);
  try {
    await sleep(ms, undefined, { signal: closed.signal });
    return true;
  } catch {
    return false;
  } finally {
    response.off('close', onClose);
  }
}
