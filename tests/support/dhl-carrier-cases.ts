import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { type DhlSandbox, SANDBOX_CREDENTIALS } from '../../local/sandboxes/dhl';
import type { DhlClientOptions } from '../../shared/adapters/dhl/dhl-client';
import { CarrierAuthError, CarrierUnavailableError } from '../../shared/ports/label-carrier';

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface DhlCarrierSubject {
  sandbox: () => DhlSandbox;
  /** The API's base URL on the sandbox. */
  baseUrl: () => string;
  /** Asks a carrier made with `options` for one label. */
  label: (options: DhlClientOptions) => Promise<unknown>;
  /** What DHL's answer says when it refuses the password, which the error keeps. */
  wrongPasswordSays: string;
}

/**
 * What either DHL carrier (Returns v1, Shipping v2) must do when DHL refuses the platform's
 * credentials or is unavailable, against the sandbox: the same rules, each API's own answers.
 */
export function dhlCredentialsAndOutages(subject: DhlCarrierSubject): void {
  const options = (overrides: Partial<DhlClientOptions> = {}): DhlClientOptions => ({ baseUrl: subject.baseUrl(), ...SANDBOX_CREDENTIALS, ...overrides });

  describe('credentials DHL refuses', () => {
    it('is an auth error for a wrong API key, and the message does not echo it', async () => {
      const error = await rejection(subject.label(options({ apiKey: 'wrong-api-key-0815' })));

      expect(error).toBeInstanceOf(CarrierAuthError);
      expect(error).toMatchObject({ status: 401 });
      expect(error.message).not.toContain('wrong-api-key-0815');
    });

    it('is an auth error for a wrong password, and the message does not echo it', async () => {
      const error = await rejection(subject.label(options({ password: 'hunter2-wrong' })));

      expect(error).toBeInstanceOf(CarrierAuthError);
      expect(error).toMatchObject({ status: 401 });
      expect(error.message).toContain(subject.wrongPasswordSays);
      expect(error.message).not.toContain('hunter2-wrong');
      expect(error.message).not.toContain(Buffer.from(`${SANDBOX_CREDENTIALS.username}:hunter2-wrong`).toString('base64'));
    });
  });

  describe('DHL unavailable', () => {
    it('is unavailable with the Retry-After delay when DHL answers 429', async () => {
      subject.sandbox().setFaults({ failAll: 429, retryAfterSeconds: 7 });

      const error = await rejection(subject.label(options()));

      expect(error).toBeInstanceOf(CarrierUnavailableError);
      expect(error).toMatchObject({ status: 429, retryAfterSeconds: 7 });
    });

    it.each([500, 503] as const)('is unavailable when DHL answers %i', async (status) => {
      subject.sandbox().setFaults({ failAll: status });

      const error = await rejection(subject.label(options()));

      expect(error).toBeInstanceOf(CarrierUnavailableError);
      expect(error).toMatchObject({ status });
    });

    it('is unavailable when nothing listens at the base URL', async () => {
      const port = await freePort();

      const error = await rejection(subject.label(options({ baseUrl: `http://127.0.0.1:${port}${new URL(subject.baseUrl()).pathname}` })));

      expect(error).toBeInstanceOf(CarrierUnavailableError);
      expect(error).toMatchObject({ status: undefined });
    });

    it('is unavailable when DHL does not answer within the timeout', async () => {
      subject.sandbox().setFaults({ latencyMs: 5_000 });

      const error = await rejection(subject.label(options({ timeoutMs: 50 })));

      expect(error).toBeInstanceOf(CarrierUnavailableError);
      expect(error).toMatchObject({ status: undefined });
      expect(error.message).toMatch(/in time/);
    });
  });
}
