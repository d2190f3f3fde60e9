import { platform } from './platform';

/** A small HTTP client for the local cloud's API, as a customer's browser would call it. */
export const apiUrl = () => platform().apiUrl;

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

export async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${path.startsWith('http') ? '' : apiUrl()}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const type = response.headers.get('content-type') ?? '';
  const parsed = /json/.test(type) ? await response.json() : new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, body: parsed };
}

/** Polls until `check` returns a value, or fails with the last thing it saw. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    // Each look is a request through the platform (a function, DynamoDB): looking less often spares the run CPU.
    await new Promise((r) => setTimeout(r, 400));
  }
}
