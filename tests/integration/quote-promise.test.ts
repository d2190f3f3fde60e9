import { beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { demoRouting } from '../../local/seed/repair-network';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import type { BrandCatalog } from '../../shared/domain/catalog';
import type { Staff } from '../../shared/http/staff';
import { BankAccounts } from '../../shared/services/bank-accounts';
import { FieldCipher } from '../../shared/services/field-cipher';
import { TakeBackOffers } from '../../shared/services/take-back-offers';
import { TakeBackService } from '../../shared/services/take-back-service';
import { newId } from '../../shared/services/tokens';
import { WorkQueueService } from '../../shared/services/work-queue-service';
import { aPassport, aQuote } from '../support/fixtures';
import { receiptAndGrading, type ReceiptAndGrading } from '../support/receipt-and-grading';
import { createTableLikeStack, localDynamoDb } from '../support/table';

const ops: Staff = { subject: 'ops-1', brand: 'demo', roles: ['ops'] };
const phone = demoBrand.products.find((product) => product.sku === 'DO-PHONE-X2-128')!;
/** The answers of a phone as new: the best option of every question. */
const asNew = Object.fromEntries(
  demoBrand.questions
    .filter((question) => question.category === 'smartphone')
    .map((question) => [question.id, (question.options.find((option) => option.grade === 'LIKE_NEW') ?? question.options[0]!).id]),
);

describe('grading pays what the quote promised, whatever the brand changed since, against DynamoDB Local', () => {
  let store: DynamoDbSeedingPassportStore;
  let warehouse: ReceiptAndGrading;
  let clock = Date.parse('2026-12-07T10:00:00.000Z');
  const now = () => new Date((clock += 1_000));
  const demo: BrandCatalog = { ...demoBrand, config: { ...demoBrand.config, routing: demoRouting } };

  beforeAll(async () => {
    const client = localDynamoDb(inject('dynamodbEndpoint'));
    const tableName = `quote-promise-${newId()}`;
    await createTableLikeStack(client, tableName);
    store = new DynamoDbSeedingPassportStore(tableName, client);
    const passports = new WorkQueueService({ store, network: new DynamoDbRepairNetworkStore(tableName, store, client) });
    warehouse = receiptAndGrading({ store, passports, now, trackingSecret: async () => 'tracking-secret-for-tests' });
  });

  /** A take-back of the demo phone quoted as new (209 € to 269 €), as the customer requests it. */
  async function aTakeBackQuotedAsNew(): Promise<string> {
    await store.putCatalog(demo);
    const quote = await new TakeBackOffers({ store, now, newId }).quote('demo', { sku: phone.sku, answers: asNew });
    expect(quote).toMatchObject({ grade: 'LIKE_NEW', value: { min: 20_900, max: 26_900, currency: 'EUR' } });
    const takeBacks = new TakeBackService({
      store,
      now,
      newId,
      trackingSecret: async () => 'tracking-secret-for-tests',
      bankAccounts: new BankAccounts(new FieldCipher(async () => 'field-key-for-tests')),
    });
    const { id } = await takeBacks.request('demo', {
      quoteId: quote.quoteId,
      customer: { name: 'Erika Mustermann', email: 'erika@example.org' },
      address: { street: 'Hauptstraße', houseNumber: '5', postalCode: '10115', city: 'Berlin', country: 'DE' },
      payout: { method: 'VOUCHER' },
    });
    return id;
  }

  /** The brand's offer rules for phones changed to `shares` of the new price, in the grades given. */
  async function phonesNowOffered(shares: Partial<BrandCatalog['config']['offerRules'][string]>): Promise<void> {
    const { offerRules } = demo.config;
    const smartphone = Object.assign({ ...offerRules.smartphone! }, shares);
    await store.putCatalog({ ...demo, config: { ...demo.config, offerRules: { ...offerRules, smartphone } } });
  }

  async function received(id: string): Promise<void> {
    await store.transition(id, { to: 'LABEL_CREATED', at: now().toISOString(), event: { type: 'LabelCreated', data: {} } });
    await warehouse.receive(ops, id, {});
  }

  it('pays the quote for an item found in the grade the customer declared, after the brand lowered its offer for that grade', async () => {
    const id = await aTakeBackQuotedAsNew();
    await phonesNowOffered({ LIKE_NEW: { minShare: 0.1, maxShare: 0.12 } });
    await received(id);

    const graded = await warehouse.grade(ops, id, { grade: 'LIKE_NEW' });

    expect(graded.state).toBe('GRADED');
    expect(graded.settlement).toEqual({ outcome: 'ACCEPTED', payout: { amount: 26_900, currency: 'EUR' } });
  });

  it('prices an item found worse than declared by the rules the customer was quoted under, not by those of the day it arrives', async () => {
    const id = await aTakeBackQuotedAsNew();
    await phonesNowOffered({ FAIR: { minShare: 0.05, maxShare: 0.06 } });
    await received(id);

    const graded = await warehouse.grade(ops, id, { grade: 'FAIR' });

    // FAIR was offered at 15 % to 22 % of 599 € on the day of the quote: up to 131 €, not today's 35 €.
    expect(graded.state).toBe('COUNTER_OFFERED');
    expect(graded.settlement).toMatchObject({ outcome: 'COUNTER_OFFER', payout: { amount: 13_100, currency: 'EUR' }, offered: { amount: 20_900, currency: 'EUR' } });
    expect(graded.offer.grades).toEqual({
      LIKE_NEW: { min: 20_900, max: 26_900 },
      GOOD: { min: 14_900, max: 19_700 },
      FAIR: { min: 8_900, max: 13_100 },
      DEFECTIVE: { min: 1_100, max: 2_900 },
    });
  });

  it('prices an item found worse by the rules of today where its quote kept no prices of other grades (a quote made before 7 December 2026)', async () => {
    await store.putCatalog(demo);
    const quote = aQuote({ grade: 'LIKE_NEW', value: { min: 20_900, max: 26_900, currency: 'EUR' } });
    await store.saveQuote(quote);
    const passport = aPassport(quote, { product: { sku: phone.sku, name: phone.name, category: phone.category, weightGrams: phone.weightGrams } });
    await store.createPassport(passport, { type: 'TakeBackRequested', data: {} });
    await phonesNowOffered({ FAIR: { minShare: 0.05, maxShare: 0.06 } });
    await received(passport.id);

    const graded = await warehouse.grade(ops, passport.id, { grade: 'FAIR' });

    expect(graded.settlement).toMatchObject({ outcome: 'COUNTER_OFFER', payout: { amount: 3_500, currency: 'EUR' } });
  });
});
