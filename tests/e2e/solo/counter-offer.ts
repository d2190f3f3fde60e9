import { describe, expect, it } from 'vitest';
import { call } from '../client';
import { aBrandLikeDemo, aLabelledTakeBackOf, ops, untilEmails, untilTracking } from '../payouts-support';
import { advanceClock } from '../warehouse';

const DAY = 86_400;

describe('a counter-offer its customer leaves unanswered', () => {
  it('is reminded of three days before its deadline, then lapses as declined and the item goes back', async () => {
    const brand = await aBrandLikeDemo(() => ({}));
    const { id, trackingToken } = await aLabelledTakeBackOf(brand);
    expect((await call('POST', `/v1/passports/${id}/receipt`, {}, await ops(brand))).status).toBe(200);
    const graded = await call('POST', `/v1/passports/${id}/grading`, { grade: 'DEFECTIVE' }, await ops(brand));
    expect(graded).toMatchObject({ status: 200, body: { state: 'COUNTER_OFFERED', settlement: { outcome: 'COUNTER_OFFER', answerBy: expect.any(String) } } });
    const { answerBy } = graded.body.settlement;
    const offered = await untilTracking(id, trackingToken, 'the counter-offer', (page) => page.grading?.counterOffer?.answer === 'PENDING');
    expect(offered.grading.counterOffer.answerBy).toBe(answerBy);
    // The deadline ends a calendar day, 14 days after the day of grading.
    expect(Date.parse(answerBy) - Date.parse(graded.body.grading.at)).toBeGreaterThan(14 * DAY * 1000);
    expect(Date.parse(answerBy) - Date.parse(graded.body.grading.at)).toBeLessThanOrEqual(15 * DAY * 1000);
    expect((await untilEmails(id, 'graded-counter-offer'))[0]!.text).toContain('Ohne Antwort bis dahin');

    await advanceClock(12 * DAY);
    const [reminder] = await untilEmails(id, 'counter-offer-reminder');
    expect(reminder!.subject).toBe('Erinnerung: Ihr neues Angebot wartet auf Ihre Antwort');
    expect((await untilTracking(id, trackingToken, 'still open', (page) => page.status === 'COUNTER_OFFERED')).grading.counterOffer.answer).toBe('PENDING');

    await advanceClock(3 * DAY);
    const lapsed = await untilTracking(id, trackingToken, 'lapsed', (page) => page.status === 'RETURN_TO_CUSTOMER');
    expect(lapsed).toMatchObject({ grading: { counterOffer: { answer: 'LAPSED', answerBy } }, impact: null });
    expect(lapsed.payout).toBeUndefined();
    expect((await untilEmails(id, 'counter-offer-lapsed'))[0]!.subject).toBe('Wir schicken Ihnen Ihren Artikel zurück');
    const late = await call('POST', `/v1/take-backs/${id}/counter-offer?token=${encodeURIComponent(trackingToken)}`, { accept: true });
    expect(late).toMatchObject({ status: 409, body: { currentState: 'RETURN_TO_CUSTOMER' } });
    expect(late.body.detail).toContain('lapsed');

    // The warehouse sends it back, and the customer is told why.
    expect(await call('POST', `/v1/passports/${id}/return-shipment`, {}, await ops(brand))).toMatchObject({ status: 200, body: { state: 'RETURNED' } });
    expect((await untilEmails(id, 'item-returned'))[0]!.text).toContain('nicht rechtzeitig angenommen');
  });
});
