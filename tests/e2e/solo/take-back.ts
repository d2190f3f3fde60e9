import { afterEach, describe, expect, it } from 'vitest';
import { aTakeBack, dhlOrdersFor, outboxFor, setDhlFaults, untilStatus } from '../support';
import { passportOf } from '../warehouse';

describe('a customer trades in an item through the local cloud', () => {
  afterEach(async () => {
    await setDhlFaults({});
  });

  it('moves a take-back to NEEDS_ATTENTION with the reason when DHL fails for good, and loses nothing', async () => {
    await setDhlFaults({ failAll: 503 });
    const { id, trackingToken, email } = await aTakeBack();
    const flagged = await untilStatus(id, trackingToken, 'NEEDS_ATTENTION');
    // The customer hears that the brand is looking into it; the staff read DHL's outage, with its facts.
    expect(flagged.attention).toMatchObject({ cause: 'IN_REVIEW', reason: 'We are looking into your take-back and will get in touch.' });
    const { attention } = await passportOf(id);
    expect(attention.reason).toMatch(/DHL was unavailable/);
    expect(attention.basis).toMatchObject({ kind: 'LABEL_FAILED', error: 'CarrierUnavailable' });
    expect(flagged.timeline.map((e: { type: string }) => e.type)).toEqual(['TakeBackRequested', 'LabelFailed']);
    expect(flagged.label).toBeUndefined();
    expect(await outboxFor(email)).toHaveLength(0);
    expect(flagged.offer.value.min).toBeGreaterThan(0);
  });

  it('retries through three answers of DHL rate limiting and still gets exactly one label', async () => {
    await setDhlFaults({ failNext: 3, failAll: 429 });
    const { id, trackingToken } = await aTakeBack();
    await untilStatus(id, trackingToken, 'LABEL_CREATED');
    expect(await dhlOrdersFor(id)).toHaveLength(1);
  });
});
