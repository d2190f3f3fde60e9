import { beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { demoRouting } from '../../local/seed/repair-network';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import type { BrandCatalog } from '../../shared/domain/catalog';
import { ConflictError, UnprocessableError } from '../../shared/domain/errors';
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
const tablet = demoBrand.products.find((product) => product.sku === 'DO-TAB-11-128')!;
/** The answers of a product as new: the best option of every question of its category. */
const asNew = (sku: string) => {
  const { category } = demoBrand.products.find((product) => product.sku === sku)!;
  return Object.fromEntries(
    demoBrand.questions
      .filter((question) => question.category === category)
      .map((question) => [question.id, (question.options.find((option) => option.grade === 'LIKE_NEW') ?? question.options[0]!).id]),
  );
};

describe('a take-back is finished on the terms it was requested on, whatever the brand changed since, against DynamoDB Local', () => {
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

  /** A quote of the demo brand's product as new. */
  const aQuoteAsNew = (sku: string) => new TakeBackOffers({ store, now, newId }).quote('demo', { sku, answers: asNew(sku) });

  /** A take-back of the demo phone quoted as new (209 € to 269 €), as the customer requests it. */
  async function aTakeBackQuotedAsNew(): Promise<string> {
    await store.putCatalog(demo);
    const quote = await aQuoteAsNew(phone.sku);
    expect(quote).toMatchObject({ grade: 'LIKE_NEW', value: { min: 20_900, max: 26_900, currency: 'EUR' } });
    return aTakeBackOn(quote.quoteId);
  }

  async function aTakeBackOn(quoteId: string): Promise<string> {
    const takeBacks = new TakeBackService({
      store,
      now,
      newId,
      trackingSecret: async () => 'tracking-secret-for-tests',
      bankAccounts: new BankAccounts(new FieldCipher(async () => 'field-key-for-tests')),
    });
    const { id } = await takeBacks.request('demo', {
      quoteId,
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
  /** The demo brand without its tablets: the product, its offer rules, condition questions and route rules taken out. */
  async function tabletsTakenOut(): Promise<void> {
    const { tablet: _offer, ...offerRules } = demo.config.offerRules;
    const { tablet: _route, ...categories } = demo.config.routing!.rules.categories;
    await store.putCatalog({
      config: { ...demo.config, offerRules, routing: { ...demo.config.routing!, rules: { ...demo.config.routing!.rules, categories } } },
      products: demo.products.filter((product) => product.category !== 'tablet'),
      questions: demo.questions.filter((question) => question.category !== 'tablet'),
    });
  }

  it('grades and routes the take-backs on their way of a product and category taken out of the catalog, paying as quoted', async () => {
    await store.putCatalog(demo);
    const receivedBefore = await aTakeBackOn((await aQuoteAsNew(tablet.sku)).quoteId);
    const labelled = await aTakeBackOn((await aQuoteAsNew(tablet.sku)).quoteId);
    await received(receivedBefore);
    await store.transition(labelled, { to: 'LABEL_CREATED', at: now().toISOString(), event: { type: 'LabelCreated', data: {} } });
    await tabletsTakenOut();
    await warehouse.receive(ops, labelled, {});

    for (const [id, grade] of [[receivedBefore, 'LIKE_NEW'], [labelled, 'FAIR']] as const) {
      const graded = await warehouse.grade(ops, id, { grade });

      expect(graded.product).toMatchObject({ sku: tablet.sku, newPrice: tablet.newPrice });
      expect(graded.route).toMatchObject({ basis: { kind: 'ECONOMICS' } });
      if (grade === 'LIKE_NEW') {
        // Quoted 134 € to 179 € as new (30 % to 40 % of 449 €).
        expect(graded.settlement).toEqual({ outcome: 'ACCEPTED', payout: { amount: 17_900, currency: 'EUR' } });
      } else {
        // FAIR was offered up to 80 € (18 % of 449 €) on the day of the quote.
        expect(graded.settlement).toMatchObject({ outcome: 'COUNTER_OFFER', payout: { amount: 8_000, currency: 'EUR' }, offered: { amount: 13_400, currency: 'EUR' } });
      }
    }
  });

  it('refuses a take-back on a quote of a product taken out of the catalog since, with 409 and no passport written', async () => {
    await store.putCatalog(demo);
    const quote = await aQuoteAsNew(tablet.sku);
    await tabletsTakenOut();

    const refusal = await aTakeBackOn(quote.quoteId).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(ConflictError);
    expect((refusal as ConflictError).message).toBe('Demo Outfitters no longer takes back DO-TAB-11-128: the product was taken out of its catalog after this quote.');
    expect((await store.getQuote('demo', quote.quoteId))?.usedBy).toBeUndefined();
  });

  it('asks for the product back to grade an item of a take-back made before 7 December 2026, which kept no price of it', async () => {
    await store.putCatalog(demo);
    const quote = aQuote({ sku: tablet.sku, grade: 'LIKE_NEW', value: { min: 13_400, max: 17_900, currency: 'EUR' } });
    await store.saveQuote(quote);
    const passport = aPassport(quote, { product: { sku: tablet.sku, name: tablet.name, category: tablet.category, weightGrams: tablet.weightGrams } });
    await store.createPassport(passport, { type: 'TakeBackRequested', data: {} });
    await received(passport.id);
    await tabletsTakenOut();

    const refusal = await warehouse.grade(ops, passport.id, { grade: 'LIKE_NEW' }).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(UnprocessableError);
    expect((refusal as UnprocessableError).message).toBe(
      'DO-TAB-11-128 is no longer in the catalog of Demo Outfitters, and this take-back kept no price of it; add the product back to grade the item.',
    );
    expect((await store.getPassport(passport.id))?.state).toBe('RECEIVED');
  });
});
