import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { readText, sendJson, waited } from './sandbox-http';

// The faults the marketplace sandboxes (eBay, Back Market, Refurbed) and the Shopify sandbox
// inject into their API calls, set over HTTP with `PUT /_sandbox/faults` as the DHL sandbox does.

/** Faults for reliability tests. `{}` clears them. */
export interface ChannelFaults {
  /** Share of API calls (0..1) that fail with `status` (500 unless set). */
  errorRate?: number;
  /** The next N API calls fail with `status` (429 unless set) before doing anything. */
  failNext?: number;
  /**
   * The next N writes are carried out and stored, and then answered with `status` (500 unless
   * set), as when a channel's answer is lost: what a retry must not do twice.
   */
  failAfterCommit?: number;
  /** Only writes to a path ending like this count for `failAfterCommit`, e.g. `/offer`. */
  failAfterCommitOn?: string;
  status?: 429 | 500 | 503;
  /** Delay before every API answer. */
  latencyMs?: number;
  /** The Retry-After of a 429, in seconds; default 1. */
  retryAfterSeconds?: number;
}

const share = z.number().min(0).max(1);

/** The body of `PUT /_sandbox/faults`. */
export const channelFaultsSchema = z.strictObject({
  errorRate: share.optional(),
  failNext: z.number().int().min(0).optional(),
  failAfterCommit: z.number().int().min(0).optional(),
  failAfterCommitOn: z.string().min(1).max(200).optional(),
  status: z.union([z.literal(429), z.literal(500), z.literal(503)]).optional(),
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  retryAfterSeconds: z.number().int().min(0).optional(),
}) satisfies z.ZodType<ChannelFaults>;

/** A failure to answer with: the status and, for a 429, its Retry-After header. */
export interface InjectedFailure {
  status: 429 | 500 | 503;
  headers: Record<string, string>;
}

/**
 * The fault state of one sandbox. `before` runs ahead of an API call (latency, `failNext`,
 * `errorRate`); `afterCommit` after a write was stored (`failAfterCommit`).
 */
export class FaultInjector {
  private faults: ChannelFaults;

  constructor(faults: ChannelFaults = {}, private readonly random: () => number = Math.random) {
    this.faults = channelFaultsSchema.parse(faults);
  }

  set(faults: ChannelFaults): void {
    this.faults = channelFaultsSchema.parse(faults);
  }

  get(): ChannelFaults {
    return { ...this.faults };
  }

  /**
   * Waits out the latency and decides whether this call fails. `'closed'` when the client went
   * away while waiting: there is no one to answer.
   */
  async before(response: ServerResponse): Promise<InjectedFailure | 'closed' | undefined> {
    if (this.faults.latencyMs && !(await waited(this.faults.latencyMs, response))) return 'closed';
    if ((this.faults.failNext ?? 0) > 0) {
      this.faults = { ...this.faults, failNext: (this.faults.failNext ?? 0) - 1 };
      return this.failure(429);
    }
    if (this.random() < (this.faults.errorRate ?? 0)) return this.failure(500);
    return undefined;
  }

  /** Whether the write to `path` just stored is answered with a failure instead of its result. */
  afterCommit(path: string): InjectedFailure | undefined {
    if ((this.faults.failAfterCommit ?? 0) === 0) return undefined;
    if (this.faults.failAfterCommitOn !== undefined && !path.endsWith(this.faults.failAfterCommitOn)) return undefined;
    this.faults = { ...this.faults, failAfterCommit: (this.faults.failAfterCommit ?? 0) - 1 };
    return this.failure(500);
  }

  /** Serves `PUT /_sandbox/faults`: 200 with the faults now in force, 400 for a body that is not faults. */
  async put(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse((await readText(request)) ?? '');
    } catch {
      return sendJson(response, 400, { error: 'The body must be a JSON object of faults.' });
    }
    const parsed = channelFaultsSchema.safeParse(body);
    if (!parsed.success) {
      const [issue] = parsed.error.issues;
      return sendJson(response, 400, { error: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'is invalid'}` });
    }
    this.faults = parsed.data;
    sendJson(response, 200, this.faults);
  }

  private failure(fallback: 429 | 500): InjectedFailure {
    const status = this.faults.status ?? fallback;
    return { status, headers: status === 429 ? { 'Retry-After': String(this.faults.retryAfterSeconds ?? 1) } : {} };
  }
}

/** The request body parsed as JSON; `undefined` when it is not JSON or too large. */
export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const text = await readText(request);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
