import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { demoRouting } from '../../local/seed/repair-network';
import { DynamoDbCustomerIndex } from '../../shared/adapters/dynamodb/customer-index';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { mailboxHash } from '../../shared/services/customer-identity';
import type { BrandCatalog } from '../../shared/domain/catalog';
import { TooManyRequestsError } from '../../shared/domain/errors';
import { BankAccounts } from '../../shared/services/bank-accounts';
import { FieldCipher } from '../../shared/services/field-cipher';
import { TakeBackOffers } from '../../shared/services/take-back-offers';
import { TakeBackService } from '../../shared/services/take-back-service';
import { newId } from '../../shared/services/tokens';
import type { TakeBackRequest } from '../../shared/schemas/take-back';
import { createTableLikeStack, localDynamoDb } from '../support/table';

const smartphone = demoBrand.products.find((product) => product.category === 'smartphone')!;
const likeNew = Object.fromEntries(
  demoBrand.questions
    .filter((question) => question.category === 'smartphone')
    .map((question) => [question.id, question.options.find((option) => option.grade === 'LIKE_NEW')!.id]),
);

describe('the daily cap of label e-mails per address, against DynamoDB Local', () => {
  let client: DynamoDBClient;
  let tableName: string;
  let store: DynamoDbSeedingPassportStore;
  // 09:30 in Berlin (CET, UTC+1): the brand's day ends in 14.5 hours.
  let now = new Date('2026-11-02T08:30:00.000Z');

  beforeAll(async () => {
    client = localDynamoDb(inject('dynamodbEndpoint'));
    tableName = `cap-${newId()}`;
    await createTableLikeStack(client, tableName);
    store = new DynamoDbSeedingPassportStore(tableName, client);
  });

  async function aBrand(
    config: Partial<BrandCatalog['config']> = {},
    trackingSecret = async () => 'tracking-secret-for-tests',
  ): Promise<{ brand: string; service: TakeBackService }> {
    const brand = `brand-${newId().toLowerCase()}`;
    await store.putCatalog({ ...demoBrand, config: { ...demoBrand.config, routing: demoRouting, brand, ...config } });
    const service = new TakeBackService({
      store,
      now: () => now,
      newId,
      trackingSecret,
      bankAccounts: new BankAccounts(new FieldCipher(async () => 'field-key-for-tests')),
    });
    return { brand, service };
  }

  async function requestTakeBack(service: TakeBackService, brand: string, email: string) {
    const { quoteId } = await new TakeBackOffers({ store, now: () => now, newId }).quote(brand, { sku: smartphone.sku, answers: likeNew });
    const request: TakeBackRequest = {
      quoteId,
      customer: { name: 'Erika Mustermann', email },
      address: { street: 'Hauptstraße', houseNumber: '5', postalCode: '10115', city: 'Berlin', country: 'DE' },
      payout: { method: 'VOUCHER' },
    };
    return { quoteId, result: service.request(brand, request) };
  }

  async function passportsOf(brand: string): Promise<number> {
    const { Items = [] } = await client.send(new ScanCommand({ TableName: tableName, FilterExpression: 'entity = :p AND brand = :b', ExpressionAttributeValues: { ':p': { S: 'Passport' }, ':b': { S: brand } } }));
    return Items.length;
  }

  it('refuses the sixth take-back of an address on one day with the seconds until midnight at the brand, and writes nothing for it', async () => {
    const { brand, service } = await aBrand();
    for (let i = 0; i < 5; i++) await (await requestTakeBack(service, brand, 'erika@example.org')).result;

    const sixth = await requestTakeBack(service, brand, 'erika@example.org');
    const refusal = await sixth.result.catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(TooManyRequestsError);
    expect((refusal as TooManyRequestsError).retryAfter).toBe(14.5 * 3600);
    expect(await passportsOf(brand)).toBe(5);
    expect((await store.getQuote(brand, sixth.quoteId))?.usedBy).toBeUndefined();
  });

  it('counts an address whatever its case and surrounding spaces', async () => {
    const { brand, service } = await aBrand({ labelEmailsPerAddressPerDay: 2 });
    await (await requestTakeBack(service, brand, 'Max@Example.org')).result;
    await (await requestTakeBack(service, brand, 'max@example.org')).result;

    await expect((await requestTakeBack(service, brand, ' MAX@EXAMPLE.ORG ')).result).rejects.toBeInstanceOf(TooManyRequestsError);
  });

  it("counts an address's +tags as the mailbox they are delivered to, and keeps the address as it was typed", async () => {
    const { brand, service } = await aBrand({ labelEmailsPerAddressPerDay: 2 });
    await (await requestTakeBack(service, brand, 'victim@example.org')).result;
    const tagged = await (await requestTakeBack(service, brand, 'Victim+6@Example.org')).result;

    await expect((await requestTakeBack(service, brand, 'victim+7@example.org')).result).rejects.toBeInstanceOf(TooManyRequestsError);
    await expect((await requestTakeBack(service, brand, 'victim@example.org')).result).rejects.toBeInstanceOf(TooManyRequestsError);
    expect((await store.getPassport(tagged.id))?.customer.email).toBe('Victim+6@Example.org');
    // Filed among the mailbox's take-backs, where an erasure asked from any of its addresses finds it.
    expect(await new DynamoDbCustomerIndex(tableName, client).takeBacksOf(brand, mailboxHash('victim@example.org'))).toContain(tagged.id);
  });

  it('counts each address and each brand apart', async () => {
    const first = await aBrand({ labelEmailsPerAddressPerDay: 1 });
    const second = await aBrand({ labelEmailsPerAddressPerDay: 1 });
    await (await requestTakeBack(first.service, first.brand, 'ana@example.org')).result;

    await expect((await requestTakeBack(first.service, first.brand, 'ben@example.org')).result).resolves.toMatchObject({ status: 'REQUESTED' });
    await expect((await requestTakeBack(second.service, second.brand, 'ana@example.org')).result).resolves.toMatchObject({ status: 'REQUESTED' });
  });

  it('serves the address again on the next day in the brand time zone', async () => {
    const { brand, service } = await aBrand({ labelEmailsPerAddressPerDay: 1, timeZone: 'America/New_York' });
    now = new Date('2026-11-03T04:00:00.000Z'); // 23:00 on 2 November in New York
    await (await requestTakeBack(service, brand, 'lou@example.org')).result;
    await expect((await requestTakeBack(service, brand, 'lou@example.org')).result).rejects.toMatchObject({ retryAfter: 3600 });

    now = new Date('2026-11-03T05:00:00.000Z'); // midnight in New York, still 3 November in Berlin as before
    await expect((await requestTakeBack(service, brand, 'lou@example.org')).result).resolves.toMatchObject({ status: 'REQUESTED' });
  });

  it('lets exactly the cap through when requests of one address arrive at once', async () => {
    const { brand, service } = await aBrand({ labelEmailsPerAddressPerDay: 3 });
    const requests = await Promise.all(Array.from({ length: 8 }, () => requestTakeBack(service, brand, 'storm@example.org')));

    const outcomes = await Promise.allSettled(requests.map((request) => request.result));

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(3);
    for (const outcome of outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected')) {
      expect(outcome.reason).toBeInstanceOf(TooManyRequestsError);
    }
    expect(await passportsOf(brand)).toBe(3);
  });

  it('writes and counts nothing when the tracking secret cannot be read, so a retry of the same quote succeeds', async () => {
    let secretsDown = true;
    const { brand, service } = await aBrand({ labelEmailsPerAddressPerDay: 1 }, async () => {
      if (secretsDown) throw new Error('Secrets Manager unavailable');
      return 'tracking-secret-for-tests';
    });
    const first = await requestTakeBack(service, brand, 'retry@example.org');
    await expect(first.result).rejects.toThrow('Secrets Manager unavailable');
    expect(await passportsOf(brand)).toBe(0);
    expect((await store.getQuote(brand, first.quoteId))?.usedBy).toBeUndefined();

    secretsDown = false;
    const request: TakeBackRequest = {
      quoteId: first.quoteId,
      customer: { name: 'Erika Mustermann', email: 'retry@example.org' },
      address: { street: 'Hauptstraße', houseNumber: '5', postalCode: '10115', city: 'Berlin', country: 'DE' },
      payout: { method: 'VOUCHER' },
    };
    await expect(service.request(brand, request)).resolves.toMatchObject({ status: 'REQUESTED', trackingToken: expect.any(String) });
    expect(await passportsOf(brand)).toBe(1);
  });

  it('keeps a counter that holds no address and expires a day after the day it counts', async () => {
    const { brand, service } = await aBrand();
    now = new Date('2026-11-04T12:00:00.000Z');
    await (await requestTakeBack(service, brand, 'secret.person@example.org')).result;

    const { Items = [] } = await client.send(new ScanCommand({ TableName: tableName, FilterExpression: 'entity = :e', ExpressionAttributeValues: { ':e': { S: 'RecipientDay' } } }));
    const counter = Items.find((item) => item.PK?.S?.startsWith(`B#${brand}#`));

    expect(counter?.takeBacks?.N).toBe('1');
    expect(JSON.stringify(counter)).not.toContain('secret.person');
    // The brand's day (Berlin) ends 2026-11-04T23:00Z; the counter may go a day later.
    expect(counter?.ttl?.N).toBe(String(Date.parse('2026-11-05T23:00:00.000Z') / 1000));
  });
});
