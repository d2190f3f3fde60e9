import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DynamoDbTakeBackStore } from '../../shared/adapters/dynamodb/passport-store';
import { DEFAULT_LABEL_EMAILS_PER_ADDRESS_PER_DAY } from '../../shared/domain/label-email-cap';
import { localDynamoDb } from '../support/table';
import { call } from './client';
import { platform } from './platform';
import { aQuote, aTakeBackBody } from './support';

const store = () => new DynamoDbTakeBackStore(platform().tableName, localDynamoDb(platform().dynamodbEndpoint));

describe('the daily cap of label e-mails per address', () => {
  it('refuses a take-back over the cap with 429, Retry-After and a problem document, before it uses the quote', async () => {
    const email = `cap-${randomUUID().slice(0, 8)}@example.org`;
    const requestTakeBack = async () => {
      const quoteId = await aQuote();
      const body = aTakeBackBody(quoteId, { customer: { name: 'Erika Mustermann', email, locale: 'de' } });
      return { quoteId, answer: await call('POST', '/v1/brands/demo/take-backs', body, { 'idempotency-key': randomUUID() }) };
    };
    for (let i = 0; i < DEFAULT_LABEL_EMAILS_PER_ADDRESS_PER_DAY; i++) expect((await requestTakeBack()).answer.status).toBe(201);

    const { quoteId, answer } = await requestTakeBack();

    expect(answer.status).toBe(429);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    const retryAfter = Number(answer.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(25 * 3600);
    expect(answer.body).toMatchObject({ status: 429, title: 'Too many requests', retryAfter, detail: expect.stringContaining('e-mail address') });
    expect((await store().getQuote('demo', quoteId))?.usedBy).toBeUndefined();
  });
});
