import { describe, expect, it } from 'vitest';
import { TooManyRequestsError } from '../../shared/domain/errors';
import { DEFAULT_LABEL_EMAILS_PER_ADDRESS_PER_DAY, labelEmailDay, secondsUntil } from '../../shared/domain/label-email-cap';
import { problemFor, problemResponse } from '../../shared/http/problem';

describe('labelEmailDay', () => {
  it("names the brand's calendar day and the midnight that ends it, in the brand's time zone", () => {
    expect(labelEmailDay(new Date('2025-03-15T09:30:00Z'), { timeZone: 'Europe/Berlin' })).toEqual({
      day: '2025-03-15T22:59:59.999Z',
      resetsAt: new Date('2025-03-15T23:00:00.000Z'),
      limit: DEFAULT_LABEL_EMAILS_PER_ADDRESS_PER_DAY,
    });
  });

  it('puts a late evening in New York on its own day there, and takes the Berlin day by default', () => {
    const lateEvening = new Date('2025-03-16T02:00:00Z');
    expect(labelEmailDay(lateEvening, { timeZone: 'America/New_York' }).day).toBe('2025-03-16T03:59:59.999Z');
    expect(labelEmailDay(lateEvening, {}).day).toBe('2025-03-16T22:59:59.999Z');
  });

  it("takes the brand's own cap when it has one", () => {
    expect(labelEmailDay(new Date('2025-03-15T09:30:00Z'), { labelEmailsPerAddressPerDay: 2 }).limit).toBe(2);
  });
});

describe('secondsUntil', () => {
  it('rounds up to whole seconds and never says zero', () => {
    const resetsAt = new Date('2025-03-15T23:00:00.000Z');
    expect(secondsUntil(resetsAt, new Date('2025-03-15T22:59:58.500Z'))).toBe(2);
    expect(secondsUntil(resetsAt, new Date('2025-03-15T23:00:00.000Z'))).toBe(1);
  });
});

describe('a TooManyRequestsError as a response', () => {
  it('is a 429 problem document with its retryAfter, and the same seconds in Retry-After', () => {
    const response = problemResponse(problemFor(new TooManyRequestsError('Try again tomorrow.', 3600)));

    expect(response).toMatchObject({ statusCode: 429, headers: { 'content-type': 'application/problem+json', 'retry-after': '3600' } });
    expect(JSON.parse(String((response as { body: string }).body))).toMatchObject({ status: 429, title: 'Too many requests', retryAfter: 3600 });
  });
});
