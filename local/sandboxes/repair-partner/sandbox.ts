import { readText, sendJson, serveOnLoopback } from '../sandbox-http';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { RepairJobWebhookSchema, RepairJobWithdrawnWebhookSchema, type RepairJobWebhook, type RepairJobWithdrawnWebhook } from '../../../shared/schemas/repair';
import { verifyWebhook, webhookHeaders } from '../../../shared/webhooks/standard-webhooks';

export interface RepairPartnerSandboxOptions {
  /** The partners the sandbox plays, by partner id, with their `whsec_` secrets. */
  partners: Readonly<Record<string, string>>;
  /** 0 or omitted: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Milliseconds since the epoch; the platform's clock, which signatures on both sides follow. */
  now?: () => number;
}

/** A job the sandbox received, and every report it sent about it. */
export interface SandboxJob {
  partnerId: string;
  /** The `webhook-id` we delivered the job with. */
  webhookId: string;
  job: RepairJobWebhook['data'];
  receivedAt: string;
  /** How often the job webhook arrived with a valid signature: refused tries and repeats included. */
  attempts: number;
  reports: SandboxReport[];
  /** The brand took the item back: the `repair-job.withdrawn` webhook, once taken. */
  withdrawal?: SandboxWithdrawal;
}

/** A withdrawal of a job the sandbox received. */
export interface SandboxWithdrawal {
  webhookId: string;
  withdrawal: RepairJobWithdrawnWebhook['data'];
  receivedAt: string;
  /** How often the withdrawal webhook arrived with a valid signature: refused tries and repeats included. */
  attempts: number;
}

/** A status report the sandbox sent, and what the platform answered. */
export interface SandboxReport {
  webhookId: string;
  body: Record<string, unknown>;
  sentAt: string;
  response: { status: number; body: unknown };
}

export interface RepairPartnerSandbox {
  /** E.g. `http://127.0.0.1:PORT`. */
  origin: string;
  /** Where a partner of the sandbox receives its jobs. */
  jobsUrl(partnerId: string): string;
  jobs(): readonly SandboxJob[];
  stop(): Promise<void>;
}


const FaultsSchema = z.strictObject({
  /** The next N job webhooks are answered with `status`, then jobs are taken again. */
  failNext: z.number().int().min(0).max(1_000),
  status: z.union([z.literal(500), z.literal(503)]).default(503),
});

/** What the sandbox reports, with the job id added: anything goes, so that bad reports can be sent too. */
const ReportRequestSchema = z.record(z.string(), z.unknown());

/**
 * A local stand-in for the repair partners of the demo brand: it receives their job webhooks
 * (`POST /partners/{partnerId}/jobs`), verifying our Standard Webhooks signature with the
 * partner's secret and answering a repeated `webhook-id` without keeping a second job, and the
 * withdrawals of those jobs on the same endpoint (kept with the job), and it
 * reports back to the job's `reportUrl` with its own signature when told to. Control routes for
 * tests and demos:
 *
 * - `GET /_sandbox/jobs`, `GET /_sandbox/jobs/{jobId}`: the jobs received, their withdrawals and the reports sent;
 * - `POST /_sandbox/jobs/{jobId}/report` with `{status, laborMinutes?, cost?, parts?, notes?}`:
 *   signs and sends the report, and answers with its `webhookId` and the platform's response;
 * - `POST /_sandbox/reports/{webhookId}/resend`: sends a report again with the same id and body,
 *   freshly signed, as a partner's retry would;
 * - `PUT /_sandbox/faults` with `{failNext, status?}`: refuses the next job and withdrawal webhooks;
 *   `GET /_sandbox/faults` tells how many refusals are still to come.
 *
 * @example
 * const sandbox = await startRepairPartnerSandbox({ partners: { 'rp-geraetewerk-berlin': secret } });
 * await fetch(`${sandbox.origin}/_sandbox/jobs/${jobId}/report`, { method: 'POST', body: JSON.stringify({ status: 'ACCEPTED' }) });
 */
export async function startRepairPartnerSandbox(options: RepairPartnerSandboxOptions): Promise<RepairPartnerSandbox> {
  const now = options.now ?? Date.now;
  const jobs = new Map<string, SandboxJob>();
  const reports = new Map<string, { partnerId: string; url: string; body: string }>();
  const attempts = new Map<string, number>();
  let faults: z.infer<typeof FaultsSchema> = { failNext: 0, status: 503 };
  let origin = '';

  async function receiveJob(partnerId: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const secret = options.partners[partnerId];
    if (!secret) return sendJson(response, 404, { error: `This sandbox plays no partner ${partnerId}.` });
    const body = await readText(request);
    if (body === undefined) return sendJson(response, 413, { error: 'The body is larger than 1 MB.' });
    const verification = verifyWebhook({ headers: headersOf(request), body, secrets: [secret], nowSeconds: Math.floor(now() / 1000) });
    if (!verification.ok) return sendJson(response, 401, { error: `Refused: ${verification.problem}.` });
    attempts.set(verification.id, (attempts.get(verification.id) ?? 0) + 1);
    if (faults.failNext > 0) {
      faults = { ...faults, failNext: faults.failNext - 1 };
      return sendJson(response, faults.status, { error: 'The sandbox was told to refuse this job.' });
    }
    const known = [...jobs.values()].find((one) => one.webhookId === verification.id);
    if (known) {
      known.attempts = attempts.get(verification.id)!;
      return sendJson(response, 200, { received: known.job.jobId, duplicate: true });
    }
    const withdrawn = RepairJobWithdrawnWebhookSchema.safeParse(parseJson(body));
    if (withdrawn.success) return receiveWithdrawal(partnerId, verification.id, withdrawn.data, response);
    const parsed = RepairJobWebhookSchema.safeParse(parseJson(body));
    if (!parsed.success) return sendJson(response, 400, { error: 'The job does not match the repair job schema.', issues: parsed.error.issues });
    jobs.set(parsed.data.data.jobId, {
      partnerId,
      webhookId: verification.id,
      job: parsed.data.data,
      receivedAt: new Date(now()).toISOString(),
      attempts: attempts.get(verification.id)!,
      reports: [],
    });
    sendJson(response, 200, { received: parsed.data.data.jobId, duplicate: false });
  }

  /** Kept with its job; a withdrawal of a job this partner never received is taken, and changes nothing, as the partner guide asks. */
  function receiveWithdrawal(partnerId: string, webhookId: string, notice: RepairJobWithdrawnWebhook, response: ServerResponse): void {
    const job = jobs.get(notice.data.jobId);
    if (!job || job.partnerId !== partnerId) return sendJson(response, 200, { withdrawn: notice.data.jobId, known: false });
    const duplicate = job.withdrawal?.webhookId === webhookId;
    job.withdrawal = duplicate
      ? { ...job.withdrawal!, attempts: attempts.get(webhookId)! }
      : { webhookId, withdrawal: notice.data, receivedAt: new Date(now()).toISOString(), attempts: attempts.get(webhookId)! };
    sendJson(response, 200, { withdrawn: notice.data.jobId, duplicate });
  }

  async function report(jobId: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const job = jobs.get(jobId);
    if (!job) return sendJson(response, 404, { error: `The sandbox received no job ${jobId}.` });
    const parsed = ReportRequestSchema.safeParse(parseJson((await readText(request)) ?? ''));
    if (!parsed.success) return sendJson(response, 400, { error: 'Send the report as a JSON object, e.g. {"status":"ACCEPTED"}.' });
    const body = JSON.stringify({ jobId, ...parsed.data });
    const webhookId = `msg_${randomBytes(12).toString('base64url')}`;
    reports.set(webhookId, { partnerId: job.partnerId, url: job.job.reportUrl, body });
    const answer = await deliverReport(webhookId);
    job.reports.push({ webhookId, body: JSON.parse(body) as Record<string, unknown>, sentAt: new Date(now()).toISOString(), response: answer });
    sendJson(response, 200, { webhookId, response: answer });
  }

  async function resend(webhookId: string, response: ServerResponse): Promise<void> {
    if (!reports.has(webhookId)) return sendJson(response, 404, { error: `The sandbox sent no report ${webhookId}.` });
    sendJson(response, 200, { webhookId, response: await deliverReport(webhookId) });
  }

  async function deliverReport(webhookId: string): Promise<{ status: number; body: unknown }> {
    const { partnerId, url, body } = reports.get(webhookId)!;
    const headers = webhookHeaders({ id: webhookId, timestamp: Math.floor(now() / 1000), body, secret: options.partners[partnerId]! });
    const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const text = await answer.text();
    return { status: answer.status, body: parseJson(text) ?? text };
  }

  async function putFaults(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const parsed = FaultsSchema.safeParse(parseJson((await readText(request)) ?? ''));
    if (!parsed.success) return sendJson(response, 400, { error: 'Send {"failNext": N, "status": 500|503}.' });
    faults = parsed.data;
    sendJson(response, 200, faults);
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', origin).pathname.replace(/\/+$/, '');
    const method = request.method ?? 'GET';
    const jobsPath = /^\/partners\/([^/]+)\/jobs$/.exec(path);
    if (jobsPath && method === 'POST') return receiveJob(decodeURIComponent(jobsPath[1]!), request, response);
    if (path === '/_sandbox/jobs' && method === 'GET') return sendJson(response, 200, [...jobs.values()]);
    const jobPath = /^\/_sandbox\/jobs\/([^/]+)$/.exec(path);
    if (jobPath && method === 'GET') {
      const job = jobs.get(decodeURIComponent(jobPath[1]!));
      return job ? sendJson(response, 200, job) : sendJson(response, 404, { error: 'No such job.' });
    }
    const reportPath = /^\/_sandbox\/jobs\/([^/]+)\/report$/.exec(path);
    if (reportPath && method === 'POST') return report(decodeURIComponent(reportPath[1]!), request, response);
    const resendPath = /^\/_sandbox\/reports\/([^/]+)\/resend$/.exec(path);
    if (resendPath && method === 'POST') return resend(decodeURIComponent(resendPath[1]!), response);
    if (path === '/_sandbox/faults' && method === 'PUT') return putFaults(request, response);
    if (path === '/_sandbox/faults' && method === 'GET') return sendJson(response, 200, faults);
    sendJson(response, 404, { error: `No resource at ${method} ${path || '/'}.` });
  }

  const loopback = await serveOnLoopback('repair-partner sandbox', route, (response) => sendJson(response, 500, { error: 'The sandbox failed to answer.' }), options);
  origin = loopback.origin;

  return {
    origin,
    jobsUrl: (partnerId) => `${origin}/partners/${encodeURIComponent(partnerId)}/jobs`,
    jobs: () => [...jobs.values()],
    stop: loopback.stop,
  };
}

function headersOf(request: IncomingMessage): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
