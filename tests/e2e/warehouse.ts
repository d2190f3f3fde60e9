import { randomUUID } from 'node:crypto';

import { staffToken, type StaffTokenClaims } from '../../local/services/local-issuer';
import type { Grade } from '../../shared/domain/catalog';
import { call, eventually, type Answer } from './client';
import { platform } from './platform';
import { aQuote, aTakeBackBody } from './support';

// The brand's staff and its repair partners, as the end-to-end tests play them.

/** The headers of a staff member's request, with a token of the local issuer. */
export async function staff(claims: StaffTokenClaims): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await staffToken(platform().home, claims)}` };
}

export const demoOps = () => staff({ brand: 'demo', roles: ['ops'] });

export async function passportOf(id: string): Promise<any> {
  const answer = await call('GET', `/v1/passports/${id}`, undefined, await demoOps());
  if (answer.status !== 200) throw new Error(`passport ${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Polls the passport until it is in `state`. */
export const untilState = (id: string, state: string) =>
  eventually(async () => {
    const passport = await passportOf(id);
    return passport.state === state ? passport : undefined;
  }, `passport ${id} to reach ${state}`);

/** A take-back of the demo phone, self-assessed `grade`, whose label is made: the parcel can arrive. */
export async function aLabelledTakeBack(grade: Grade = 'GOOD'): Promise<{ id: string; trackingToken: string }> {
  const created = await call('POST', '/v1/brands/demo/take-backs', aTakeBackBody(await aQuote(grade)), { 'idempotency-key': randomUUID() });
  if (created.status !== 201) throw new Error(`take-back failed: ${JSON.stringify(created.body)}`);
  await untilState(created.body.id, 'LABEL_CREATED');
  return created.body;
}

/**
 * A take-back whose parcel the warehouse scanned, after its customer had the label e-mail, as a customer ships: a parcel
 * scanned before the e-mail step ran gets no label e-mail (the label is spent), which tests that wait for it would miss.
 */
export async function aReceivedTakeBack(grade: Grade = 'GOOD'): Promise<{ id: string; trackingToken: string }> {
  const takeBack = await aLabelledTakeBack(grade);
  await eventually(
    async () => ((await passportOf(takeBack.id)).timeline.some((event: { type: string }) => event.type === 'LabelEmailSent') ? true : undefined),
    `the label e-mail of ${takeBack.id}`,
  );
  const received = await call('POST', `/v1/passports/${takeBack.id}/receipt`, {}, await demoOps());
  if (received.status !== 200) throw new Error(`receipt failed: ${JSON.stringify(received.body)}`);
  return takeBack;
}

/** Grades a received item as ops. */
export async function grade(id: string, grade: Grade): Promise<Answer> {
  return call('POST', `/v1/passports/${id}/grading`, { grade }, await demoOps());
}

const sandbox = (path: string) => `${platform().repairPartnersUrl}/_sandbox${path}`;

/** The job as the partner sandbox received it, once it did. */
export async function jobAtPartner(jobId: string): Promise<any> {
  const response = await fetch(sandbox(`/jobs/${jobId}`));
  return response.status === 200 ? response.json() : undefined;
}

/** Has the sandbox partner report on its job, signed with its secret; resolves with the platform's answer. */
export async function partnerReports(jobId: string, report: Record<string, unknown>): Promise<{ webhookId: string; response: { status: number; body: any } }> {
  const response = await fetch(sandbox(`/jobs/${jobId}/report`), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(report) });
  return response.json() as Promise<{ webhookId: string; response: { status: number; body: any } }>;
}

/** Has the sandbox partner send a report again, same id and body, freshly signed. */
export async function partnerResends(webhookId: string): Promise<{ status: number; body: any }> {
  const response = await fetch(sandbox(`/reports/${webhookId}/resend`), { method: 'POST' });
  return ((await response.json()) as { response: { status: number; body: any } }).response;
}

export async function partnerRefusesNextJobs(count: number): Promise<void> {
  await fetch(sandbox('/faults'), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ failNext: count }) });
}

/** How many more job webhooks the sandbox partner will refuse. */
export async function partnerRefusalsLeft(): Promise<number> {
  const faults = (await (await fetch(sandbox('/faults'))).json()) as { failNext: number };
  return faults.failNext;
}

/** Moves the platform clock on, which makes due what waits for time (a queue's retry, a schedule). */
export async function advanceClock(seconds: number): Promise<void> {
  const moved = await call('POST', '/_local/clock', { advanceSeconds: seconds });
  if (moved.status !== 200) throw new Error(`the clock did not move: ${moved.status} ${JSON.stringify(moved.body)}`);
}
