import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { demoRouting } from '../../local/seed/repair-network';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import type { BrandCatalog } from '../../shared/domain/catalog';
import { ConflictError, UnprocessableError } from '../../shared/domain/errors';
import { BankAccounts } from '../../shared/services/bank-accounts';
import { FieldCipher } from '../../shared/services/field-cipher';
import { CatalogView, TakeBackOffers } from '../../shared/services/take-back-offers';
import { TakeBackService } from '../../shared/services/take-back-service';
import { newId } from '../../shared/services/tokens';
import type { TakeBackRequest } from '../../shared/schemas/take-back';
import { createTableLikeStack, localDynamoDb } from '../support/table';

const smartphone = demoBrand.products.find((product) => product.category === 'smartphone')!;
const answers = Object.fromEntries(
  demoBrand.questions.filter((question) => question.category === 'smartphone').map((question) => [question.id, question.options[0]!.id]),
);

describe('a brand whose configuration has no route rules yet, against DynamoDB Local', () => {
  let client: DynamoDBClient;
  let tableName: string;
  let store: DynamoDbSeedingPassportStore;
  const now = () => new Date('2026-12-07T10:00:00.000Z');

  beforeAll(async () => {
    client = localDynamoDb(inject('dynamodbEndpoint'));
    tableName = `ready-${newId()}`;
    await createTableLikeStack(client, tableName);
    store = new DynamoDbSeedingPassportStore(tableName, client);
  });

  async function aBrand(routing: BrandCatalog['config']['routing']): Promise<string> {
    const brand = `brand-${newId().toLowerCase()}`;
    const { routing: _none, ...config } = demoBrand.config;
    await store.putCatalog({ ...demoBrand, config: { ...config, brand, ...(routing && { routing }) } });
    return brand;
  }

  const offers = () => new TakeBackOffers({ store, now, newId });
  const takeBacks = () =>
    new TakeBackService({
      store,
      now,
      newId,
      trackingSecret: async () => 'tracking-secret-for-tests',
      bankAccounts: new BankAccounts(new FieldCipher(async () => 'field-key-for-tests')),
    });
  const aRequest = (quoteId: string): TakeBackRequest => ({
    quoteId,
    customer: { name: 'Erika Mustermann', email: 'erika@example.org' },
    address: { street: 'Hauptstraße', houseNumber: '5', postalCode: '10115', city: 'Berlin', country: 'DE' },
    payout: { method: 'VOUCHER' },
  });
  async function written(entity: string, brand: string): Promise<number> {
    const { Items = [] } = await client.send(
      new ScanCommand({ TableName: tableName, FilterExpression: 'entity = :e AND brand = :b', ExpressionAttributeValues: { ':e': { S: entity }, ':b': { S: brand } } }),
    );
    return Items.length;
  }

  it('shows its catalog, saying it takes nothing back yet, and refuses an offer with 409, keeping no quote', async () => {
    const brand = await aBrand(undefined);

    const catalog = await new CatalogView({ catalogs: store }).catalog(brand);
    expect(catalog.takesItemsBack).toBe(false);
    expect(catalog.products.map(({ sku }) => sku)).toContain(smartphone.sku);

    const refusal = await offers().quote(brand, { sku: smartphone.sku, answers }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ConflictError);
    expect((refusal as ConflictError).message).toBe(
      'Demo Outfitters does not take items back yet: its configuration has no route rules, without which a received item cannot be graded.',
    );
    expect(await written('Quote', brand)).toBe(0);
  });

  it('refuses a take-back on a quote made before its route rules were taken out, writing no passport and leaving the quote unused', async () => {
    const brand = await aBrand(demoRouting);
    const { quoteId } = await offers().quote(brand, { sku: smartphone.sku, answers });
    const { routing: _taken, ...config } = (await store.getCatalog(brand))!.config;
    await store.putCatalog({ ...(await store.getCatalog(brand))!, config });

    await expect(takeBacks().request(brand, aRequest(quoteId))).rejects.toBeInstanceOf(ConflictError);
    expect(await written('Passport', brand)).toBe(0);
    expect((await store.getQuote(brand, quoteId))?.usedBy).toBeUndefined();
  });

  it('takes items back once it has route rules: its catalog says so, and an offer leads to a take-back', async () => {
    const brand = await aBrand(demoRouting);

    expect((await new CatalogView({ catalogs: store }).catalog(brand)).takesItemsBack).toBe(true);
    const { quoteId } = await offers().quote(brand, { sku: smartphone.sku, answers });
    await expect(takeBacks().request(brand, aRequest(quoteId))).resolves.toMatchObject({ status: 'REQUESTED' });
    expect(await written('Passport', brand)).toBe(1);
  });

  it('offers a brand paying in another currency than the euro no bank transfer, and refuses one (422) writing nothing', async () => {
    const brand = await aBrand(demoRouting);
    // The whole configuration in yen (its rules, prices and costs), without the account in euros to pay from.
    const inYen = JSON.parse(JSON.stringify(await store.getCatalog(brand)).replaceAll('"EUR"', '"JPY"')) as BrandCatalog;
    const { sepaDebtor: _euros, ...payouts } = inYen.config.payouts!;
    await store.putCatalog({ ...inYen, config: { ...inYen.config, payouts } });
    const bankTransfer = { method: 'BANK_TRANSFER' as const, iban: 'DE89370400440532013000', accountHolder: 'Erika Mustermann' };

    expect((await new CatalogView({ catalogs: store }).catalog(brand)).payoutMethods).toEqual(['VOUCHER']);
    const { quoteId } = await offers().quote(brand, { sku: smartphone.sku, answers });
    const refusal = await takeBacks().request(brand, { ...aRequest(quoteId), payout: bankTransfer }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UnprocessableError);
    expect((refusal as UnprocessableError).message).toBe('Demo Outfitters pays in JPY, and bank transfers only in euros: choose a voucher.');
    expect(await written('Passport', brand)).toBe(0);
    await expect(takeBacks().request(brand, aRequest(quoteId))).resolves.toMatchObject({ status: 'REQUESTED' });

    // A brand in euros is offered both, with or without its account to pay from yet.
    const euros = await aBrand(demoRouting);
    expect((await new CatalogView({ catalogs: store }).catalog(euros)).payoutMethods).toEqual(['VOUCHER', 'BANK_TRANSFER']);
  });
});
