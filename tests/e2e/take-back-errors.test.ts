import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DynamoDbTakeBackStore } from '../../shared/adapters/dynamodb/passport-store';
import { newId } from '../../shared/services/tokens';
import { localDynamoDb } from '../support/table';
import { call } from './client';
import { aBrandLikeDemo } from './payouts-support';
import { platform } from './platform';
import { aQuote, aTakeBack, aTakeBackBody, answersFor, smartphone } from './support';

const isProblem = (answer: { status: number; headers: Headers; body: any }, status: number) => {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/problem+json');
  expect(answer.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
};
const store = () => new DynamoDbTakeBackStore(platform().tableName, localDynamoDb(platform().dynamodbEndpoint));
const requestTakeBack = (body: unknown) => call('POST', '/v1/brands/demo/take-backs', body, { 'idempotency-key': randomUUID() });

describe('the take-back API refuses bad requests clearly and writes nothing for them', () => {
  it('answers 404 for an unknown brand, on the catalog and on quotes', async () => {
    isProblem(await call('GET', '/v1/brands/no-such-brand/catalog'), 404);
    isProblem(await call('POST', '/v1/brands/no-such-brand/quotes', { sku: smartphone.sku, answers: {} }), 404);
  });

  it('answers 409 to an offer of a brand whose configuration has no route rules yet, whose catalog says it takes nothing back', async () => {
    const brand = await aBrandLikeDemo(() => ({ routing: undefined }));
    const catalog = await call('GET', `/v1/brands/${brand}/catalog`);
    expect(catalog.status).toBe(200);
    expect(catalog.body.takesItemsBack).toBe(false);
    const refused = await call('POST', `/v1/brands/${brand}/quotes`, { sku: smartphone.sku, answers: answersFor('smartphone') });
    isProblem(refused, 409);
    expect(refused.body.detail).toMatch(/^Demo Outfitters does not take items back yet: its configuration has no route rules/);
    expect((await call('GET', '/v1/brands/demo/catalog')).body.takesItemsBack).toBe(true);
  });

  it('answers 404 for an unknown SKU', async () => {
    isProblem(await call('POST', '/v1/brands/demo/quotes', { sku: 'NO-SUCH-SKU', answers: {} }), 404);
  });

  it('answers 400 with the paths of missing and unknown condition answers', async () => {
    const answers = answersFor('smartphone');
    const [first, second] = Object.keys(answers);
    delete answers[first!];
    answers[second!] = 'not-an-option';
    const answer = await call('POST', '/v1/brands/demo/quotes', { sku: smartphone.sku, answers });
    isProblem(answer, 400);
    expect(answer.body.errors.map((e: { path: string[] }) => e.path.join('.'))).toEqual(
      expect.arrayContaining([`answers.${first}`, `answers.${second}`]),
    );
  });

  it('answers 400 with the zod paths of an invalid take-back body', async () => {
    const body = aTakeBackBody(await aQuote(), {
      customer: { name: '', email: 'not-an-email' },
      address: { street: 'Hauptstraße', houseNumber: '5', postalCode: '10115', city: 'Berlin', country: 'Germany' },
      payout: { method: 'CASH' },
    });
    const answer = await requestTakeBack(body);
    isProblem(answer, 400);
    const paths = answer.body.errors.map((e: { path: string[] }) => e.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['customer.name', 'customer.email', 'address.country', 'payout.method']));
  });

  it("answers 400 at customer.name for a name that holds a web address, which the label e-mail's greeting would link, and keeps the quote usable", async () => {
    const quoteId = await aQuote();
    const answer = await requestTakeBack(aTakeBackBody(quoteId, { customer: { name: 'https://evil.example/refund', email: 'victim@example.org' } }));

    isProblem(answer, 400);
    expect(answer.body.errors).toEqual([{ in: 'body', path: ['customer', 'name'], message: 'must be a name, without a web or e-mail address' }]);
    expect((await store().getQuote('demo', quoteId))?.usedBy).toBeUndefined();
  });

  it('answers 400 at customer.email for a local part longer than the 64 octets mail servers take, and keeps the quote usable', async () => {
    const quoteId = await aQuote();
    const answer = await requestTakeBack(aTakeBackBody(quoteId, { customer: { name: 'Erika Mustermann', email: `${'a'.repeat(242)}@example.org` } }));

    isProblem(answer, 400);
    expect(answer.body.errors).toEqual([{ in: 'body', path: ['customer', 'email'], message: 'must have at most 64 characters before the @' }]);
    expect((await store().getQuote('demo', quoteId))?.usedBy).toBeUndefined();
  });

  it('answers 400 for a body that is not JSON, and keeps the quote usable', async () => {
    const quoteId = await aQuote();
    isProblem(await call('POST', '/v1/brands/demo/take-backs', '{"quoteId":', { 'idempotency-key': randomUUID() }), 400);
    expect((await requestTakeBack(aTakeBackBody(quoteId))).status).toBe(201);
  });

  it('answers 404 for a quote of another brand or none at all', async () => {
    isProblem(await requestTakeBack(aTakeBackBody(newId())), 404);
  });

  it('answers 409 for an expired quote, and creates no take-back', async () => {
    const quoteId = newId();
    await store().saveQuote({
      quoteId,
      brand: 'demo',
      sku: smartphone.sku,
      answers: answersFor('smartphone'),
      grade: 'LIKE_NEW',
      value: { min: 20000, max: 26000, currency: 'EUR' },
      validUntil: '2020-01-01T00:00:00.000Z',
      createdAt: '2019-12-18T00:00:00.000Z',
    });
    const answer = await requestTakeBack(aTakeBackBody(quoteId));
    isProblem(answer, 409);
    expect(answer.body.validUntil).toBe('2020-01-01T00:00:00.000Z');
    expect((await store().getQuote('demo', quoteId))?.usedBy).toBeUndefined();
  });

  it('answers 409 when a quote is used for a second take-back', async () => {
    const quoteId = await aQuote();
    expect((await requestTakeBack(aTakeBackBody(quoteId))).status).toBe(201);
    isProblem(await requestTakeBack(aTakeBackBody(quoteId)), 409);
  });

  it("answers 400 at address.postalCode for a postcode its country does not have, and keeps the quote usable", async () => {
    const quoteId = await aQuote();
    const address = { street: 'Hauptstraße', houseNumber: '5', postalCode: 'ABCDE', city: 'Berlin', country: 'DE' };
    const letters = await requestTakeBack(aTakeBackBody(quoteId, { address }));
    isProblem(letters, 400);
    expect(letters.body.errors).toEqual([{ in: 'body', path: ['address', 'postalCode'], message: 'must be a postcode of DE, e.g. 10115' }]);
    // Austria's postcodes have four digits: a German one is not one of them.
    const austrian = await requestTakeBack(aTakeBackBody(quoteId, { address: { ...address, postalCode: '10115', city: 'Wien', country: 'AT' } }));
    isProblem(austrian, 400);
    expect(austrian.body.errors).toEqual([expect.objectContaining({ path: ['address', 'postalCode'], message: 'must be a postcode of AT, e.g. 1010' })]);
    expect((await requestTakeBack(aTakeBackBody(quoteId, { address: { ...address, postalCode: '1010', city: 'Wien', country: 'AT' } }))).status).toBe(201);
  });

  it('answers 422 for an address in a country the brand does not take items back from', async () => {
    const answer = await requestTakeBack(
      aTakeBackBody(await aQuote(), { address: { street: 'Rue de Rivoli', houseNumber: '1', postalCode: '75001', city: 'Paris', country: 'FR' } }),
    );
    isProblem(answer, 422);
    expect(answer.body.errors).toEqual([expect.objectContaining({ path: ['address', 'country'] })]);
  });

  it('answers 404, as for a take-back that does not exist, when the token is wrong', async () => {
    const { id, trackingToken } = await aTakeBack();
    const wrong = `${trackingToken.slice(0, -2)}xx`;
    const withWrongToken = await call('GET', `/v1/take-backs/${id}?token=${wrong}`);
    const unknown = await call('GET', `/v1/take-backs/${newId()}?token=${wrong}`);
    isProblem(withWrongToken, 404);
    isProblem(unknown, 404);
    expect(withWrongToken.body.title).toBe(unknown.body.title);
    isProblem(await call('GET', `/v1/take-backs/${id}/label?token=${wrong}&format=pdf`), 404);
  });

  it('answers 400 without a token and for a label format it does not serve', async () => {
    const { id, trackingToken } = await aTakeBack();
    isProblem(await call('GET', `/v1/take-backs/${id}`), 400);
    isProblem(await call('GET', `/v1/take-backs/${id}/label?token=${trackingToken}&format=gif`), 400);
    isProblem(await call('GET', `/v1/take-backs/not-a-ulid?token=${trackingToken}`), 400);
  });

  it('answers 400 at each query parameter a customer route does not read, and serves the tracking links as written', async () => {
    const { id, trackingToken } = await aTakeBack();
    const token = encodeURIComponent(trackingToken);

    const status = await call('GET', `/v1/take-backs/${id}?token=${token}&x=1`);
    isProblem(status, 400);
    expect(status.body.errors).toEqual([{ in: 'query', path: ['x'], message: 'is not a parameter of this route' }]);
    isProblem(await call('GET', `/v1/take-backs/${id}/label?token=${token}&format=qr&utm_source=mail`), 400);
    isProblem(await call('GET', '/v1/brands/demo/catalog?x=1'), 400);
    isProblem(await call('POST', `/v1/take-backs/${id}/cancellation?token=${token}&x=1`, undefined, { 'idempotency-key': randomUUID() }), 400);
    expect((await call('GET', `/v1/take-backs/${id}?token=${token}`)).status).toBe(200);
    expect((await call('GET', '/v1/brands/demo/catalog')).status).toBe(200);
  });
});
