import { describe, expect, it } from 'vitest';
import { eventually } from '../client';
import { aReceivedTakeBack, advanceClock, grade, jobAtPartner, partnerRefusesNextJobs, passportOf, untilPartnerRefusedAll, untilState } from '../warehouse';

describe("a brand's warehouse receives, grades and routes items, and its repair partners repair them", () => {
  it('retries a job webhook the partner refused, with the same webhook id, until the partner takes it', async () => {
    await partnerRefusesNextJobs(1);
    const { id } = await aReceivedTakeBack('FAIR');
    await grade(id, 'FAIR');
    await untilState(id, 'IN_REPAIR');

    // The refused delivery waits out the queue's visibility timeout before its next try; the clock
    // moves past it only once the refusal happened, or the first try would be the one that waits.
    await untilPartnerRefusedAll();
    await advanceClock(301);

    const atPartner = await eventually(() => jobAtPartner(`${id}-R1`), 'the retried job webhook at the partner');
    expect(atPartner).toMatchObject({ webhookId: `job_${id}-R1`, attempts: 2 });
    await eventually(async () => ((await passportOf(id)).jobs[0].deliveredAt ? true : undefined), 'the delivery to be recorded');
  });});
