import { z } from 'zod';

/** Faults the sandbox injects into `POST /orders`, for reliability tests. */
export interface DhlFaults {
  /** Share of requests (0..1) answered 500. */
  errorRate?: number;
  /** Share of requests (0..1) answered 429 with Retry-After. */
  rateLimitRate?: number;
  /** Delay before every answer, in milliseconds. */
  latencyMs?: number;
  /** Every request fails like this. */
  failAll?: 429 | 500 | 503;
  /** The next N requests fail like `failAll` (429 if unset), then requests succeed again. */
  failNext?: number;
  /** The Retry-After of a 429, in seconds; default 1. */
  retryAfterSeconds?: number;
}

const share = z.number().min(0).max(1);

/** The body of `PUT /_sandbox/faults`. */
export const faultsSchema = z.strictObject({
  errorRate: share.optional(),
  rateLimitRate: share.optional(),
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  failAll: z.union([z.literal(429), z.literal(500), z.literal(503)]).optional(),
  failNext: z.number().int().min(0).optional(),
  retryAfterSeconds: z.number().int().min(0).optional(),
}) satisfies z.ZodType<DhlFaults>;

/**
 * The failure status the faults choose for one request, or `undefined` to answer it normally.
 * With `failNext`, the caller counts it down per request (see the sandbox).
 *
 * @param random - a draw in [0, 1).
 */
export function injectedFailure(faults: DhlFaults, random: number): 429 | 500 | 503 | undefined {
  if (faults.failNext !== undefined) return faults.failNext > 0 ? (faults.failAll ?? 429) : undefined;
  if (faults.failAll !== undefined) return faults.failAll;
  const rateLimitRate = faults.rateLimitRate ?? 0;
  if (random < rateLimitRate) return 429;
  if (random < rateLimitRate + (faults.errorRate ?? 0)) return 500;
  return undefined;
}
