import type { ApiResponse } from './http-event';

/** A route's throttle as the stage's route settings give it: a steady rate and a bucket size. */
export interface ThrottleLimit {
  /** Requests per second the bucket refills with. */
  rateLimit: number;
  /** Requests the bucket holds: how many it takes at once. */
  burstLimit: number;
}

/** Whether a request may pass, and if not, in how many whole seconds one will. */
export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  /** ms of the last refill. */
  at: number;
}

// A bucket that never refills is told to come back in a minute, when someone may have changed the limit.
const NEVER_REFILLS_RETRY_SECONDS = 60;

/**
 * API Gateway's throttling of an HTTP API stage: one token bucket per route key, which starts
 * full at the burst limit and refills at the rate limit; a request takes one token or is refused.
 * `scale` multiplies every rate and burst, so a test suite that fires storms of requests at one
 * local platform keeps the template's proportions without hitting them.
 *
 * @example
 * const throttles = new RouteThrottles({ now: () => Date.now(), scale: 1 });
 * throttles.take('POST /v1/brands/{brand}/take-backs', { rateLimit: 10, burstLimit: 20 }); // { allowed: true }
 */
export class RouteThrottles {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly options: { now: () => number; scale: number }) {
    if (!(options.scale > 0)) throw new Error(`the throttle scale must be a positive number, not ${options.scale}`);
  }

  /** Takes a token of the route's bucket, or says when the next one will be there. */
  take(routeKey: string, limit: ThrottleLimit): ThrottleVerdict {
    const rate = limit.rateLimit * this.options.scale;
    const burst = Math.floor(limit.burstLimit * this.options.scale);
    const now = this.options.now();
    const bucket = this.buckets.get(routeKey) ?? { tokens: burst, at: now };
    // A clock moved backwards refills nothing rather than draining the bucket.
    const elapsedSeconds = Math.max(0, now - bucket.at) / 1000;
    bucket.tokens = Math.min(burst, bucket.tokens + elapsedSeconds * rate);
    bucket.at = now;
    this.buckets.set(routeKey, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    if (rate <= 0 || burst < 1) return { allowed: false, retryAfterSeconds: NEVER_REFILLS_RETRY_SECONDS };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / rate)) };
  }
}

/**
 * The answer to a throttled request: a problem document with `Retry-After` in seconds. (API
 * Gateway itself answers `{"message":"Too Many Requests"}` without `Retry-After`; see docs/throttling.md.)
 */
export function tooManyRequests(routeKey: string, retryAfterSeconds: number): ApiResponse {
  return {
    statusCode: 429,
    headers: { 'content-type': 'application/problem+json', 'retry-after': String(retryAfterSeconds) },
    cookies: [],
    body: Buffer.from(
      JSON.stringify({
        type: 'about:blank',
        title: 'Too Many Requests',
        status: 429,
        detail: `${routeKey} is over its request rate; retry after ${retryAfterSeconds} s.`,
      }),
    ),
  };
}
