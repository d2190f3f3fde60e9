import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, eventually } from '../client';
import { dhlShipmentsFor, redrive, setDhlFaults } from '../support';
import { aReceivedTakeBack, advanceClock, demoOps, grade, jobAtPartner, partnerRefusalsLeft, partnerRefusesNextJobs, passportOf, untilState } from '../warehouse';

describe("a brand's warehouse receives, grades and routes items, and its repair partners repair them", () => {
  it('retries a job webhook the partner refused under the same webhook id, dead-letters it after the 12th try, and delivers it once after npm run redrive -- repair-jobs', async () => {
    const tries = 12;
    await partnerRefusesNextJobs(tries);
    const { id } = await aReceivedTakeBack('FAIR');
    await grade(id, 'FAIR');
    await untilState(id, 'IN_REPAIR');
    const jobId = `${id}-R1`;
    for (let refused = 1; refused <= tries; refused++) {
      // A refused delivery waits out the queue's visibility timeout before its next try; the clock moves past it only
      // once the refusal happened, or the try before would be the one that waits. After the last: the dead-letter queue.
      await eventually(async () => ((await partnerRefusalsLeft()) === tries - refused ? true : undefined), `the partner's refusal ${refused}`);
      await advanceClock(301);
    }
    const deadLettered = await eventually(async () => (await deadLetteredJobs()).find((message) => message.body.includes(jobId)), 'the job in the dead-letter queue');
    expect(JSON.parse(deadLettered.body)).toEqual({ passportId: id, jobId });
    expect(await jobAtPartner(jobId)).toBeUndefined();
    expect((await passportOf(id)).jobs[0].deliveredAt).toBeUndefined();

    const { stdout } = await redrive('repair-jobs');
    expect(stdout).toMatch(/^redriving arn:aws:sqs:[^:]+:\d+:\S*JobDeliveryDeadLetters\S*/);

    const atPartner = await eventually(() => jobAtPartner(jobId), 'the redriven job at the partner');
    expect(atPartner).toMatchObject({ webhookId: `job_${jobId}`, attempts: tries + 1, job: { passportId: id } });
    await eventually(async () => ((await passportOf(id)).jobs[0].deliveredAt ? true : undefined), 'the delivery to be recorded');
    expect(await deadLetteredJobs()).toEqual([]);
  });

  it('answers 503 with Retry-After while DHL cannot make the parcel back, makes nothing, and makes it once DHL answers again', async () => {
    const { id, trackingToken } = await aReceivedTakeBack('GOOD');
    await grade(id, 'DEFECTIVE');
    await call('POST', `/v1/take-backs/${id}/counter-offer?token=${encodeURIComponent(trackingToken)}`, { accept: false });
    const ops = await demoOps();
    const key = randomUUID();
    await setDhlFaults({ failAll: 429, retryAfterSeconds: 7 });
    try {
      const refused = await call('POST', `/v1/passports/${id}/return-shipment`, {}, { ...ops, 'idempotency-key': key });
      expect(refused).toMatchObject({ status: 503, body: { status: 503, title: 'Service unavailable', retryAfter: 7 } });
      expect(refused.headers.get('retry-after')).toBe('7');
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(await dhlShipmentsFor(id)).toEqual([]);
      expect((await passportOf(id)).state).toBe('RETURN_TO_CUSTOMER');
    } finally {
      await setDhlFaults({});
    }
    // The same request under the same key runs again: a refusal was not kept as its answer.
    const shipped = await call('POST', `/v1/passports/${id}/return-shipment`, {}, { ...ops, 'idempotency-key': key });
    expect(shipped).toMatchObject({ status: 200, body: { state: 'RETURNED' } });
    expect(await dhlShipmentsFor(id)).toHaveLength(1);
  });
});

/** The messages waiting in the job deliveries' dead-letter queue, as the local cloud shows its queues. */
async function deadLetteredJobs(): Promise<{ body: string }[]> {
  const queues = (await call('GET', '/_local/queues')).body as { name: string; messages: { body: string }[] }[];
  return queues.find((queue) => queue.name.includes('JobDeliveryDeadLetters'))!.messages;
}
