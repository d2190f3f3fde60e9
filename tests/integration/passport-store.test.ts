import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDbGuardedClaims, DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { ConcurrentChangeError, ConflictError, NotFoundError } from '../../shared/domain/errors';
import { demoBrand } from '../../local/seed/demo-brand';
import { newId } from '../../shared/services/tokens';
import { aPassport, aQuote } from '../support/fixtures';
import { answerLostOnce, createTableLikeStack, localDynamoDb, transactionsConflicting } from '../support/table';

const requested = { type: 'TakeBackRequested' as const, data: {} };
const labelled = (n: number) => ({
  to: 'LABEL_CREATED' as const,
  at: `2026-11-01T10:06:0${n}.000Z`,
  event: { type: 'LabelCreated' as const, data: { writer: n } },
});

describe('DynamoDbSeedingPassportStore against DynamoDB Local', () => {
  let store: DynamoDbSeedingPassportStore;
  let guarded: DynamoDbGuardedClaims;
  const tableName = `store-${newId()}`;

  beforeAll(async () => {
    const client = localDynamoDb(inject('dynamodbEndpoint'));
    await createTableLikeStack(client, tableName);
    store = new DynamoDbSeedingPassportStore(tableName, client);
    guarded = new DynamoDbGuardedClaims(tableName, client);
  });

  async function aStoredPassport() {
    const quote = aQuote();
    await store.saveQuote(quote);
    const passport = aPassport(quote);
    await store.createPassport(passport, requested);
    return passport;
  }

  it('returns a brand catalog as it was put, and drops products that a later put leaves out', async () => {
    const catalog = { ...demoBrand, config: { ...demoBrand.config, brand: `brand-${newId().toLowerCase()}` } };
    await store.putCatalog(catalog);
    expect(await store.getCatalog(catalog.config.brand)).toEqual(catalog);

    const fewer = { ...catalog, products: catalog.products.slice(1) };
    await store.putCatalog(fewer);
    const read = await store.getCatalog(catalog.config.brand);
    expect(read?.products.map((p) => p.sku).sort()).toEqual(fewer.products.map((p) => p.sku).sort());
  });

  it('knows no catalog for an unknown brand', async () => {
    expect(await store.getCatalog('no-such-brand')).toBeUndefined();
  });

  it("does not hand one brand's quote to another brand", async () => {
    const quote = aQuote({ brand: 'demo' });
    await store.saveQuote(quote);
    expect(await store.getQuote('demo', quote.quoteId)).toMatchObject({ quoteId: quote.quoteId, sku: quote.sku });
    expect(await store.getQuote('other-brand', quote.quoteId)).toBeUndefined();
  });

  it('stores a new passport with its first event and marks the quote used', async () => {
    const passport = await aStoredPassport();
    expect(await store.getPassport(passport.id)).toEqual(passport);
    expect(await store.getTimeline(passport.id)).toEqual([
      expect.objectContaining({ type: 'TakeBackRequested', seq: 1, state: 'REQUESTED', passportId: passport.id }),
    ]);
    expect((await store.getQuote('demo', passport.offer.quoteId))?.usedBy).toBe(passport.id);
  });

  it('refuses a second passport for the same quote and writes nothing for it', async () => {
    const quote = aQuote();
    await store.saveQuote(quote);
    await store.createPassport(aPassport(quote), requested);
    const second = aPassport(quote);
    await expect(store.createPassport(second, requested)).rejects.toBeInstanceOf(ConflictError);
    expect(await store.getPassport(second.id)).toBeUndefined();
    expect(await store.getTimeline(second.id)).toEqual([]);
  });

  it('moves a passport along the lifecycle and appends the event of each move', async () => {
    const passport = await aStoredPassport();
    const moved = await store.transition(passport.id, labelled(1));
    expect(moved).toMatchObject({ state: 'LABEL_CREATED', version: 2 });
    expect(await store.getPassport(passport.id)).toMatchObject({ state: 'LABEL_CREATED', version: 2 });
    expect((await store.getTimeline(passport.id)).map((e) => [e.seq, e.type, e.state])).toEqual([
      [1, 'TakeBackRequested', 'REQUESTED'],
      [2, 'LabelCreated', 'LABEL_CREATED'],
    ]);
  });

  it('refuses a move the lifecycle does not allow, naming the current state', async () => {
    const passport = await aStoredPassport();
    const refusal = store.transition(passport.id, { to: 'SOLD', at: '2026-11-02T00:00:00.000Z', event: { type: 'LabelCreated', data: {} } });
    await expect(refusal).rejects.toBeInstanceOf(ConflictError);
    await expect(refusal).rejects.toMatchObject({ extensions: { currentState: 'REQUESTED' } });
    expect(await store.getTimeline(passport.id)).toHaveLength(1);
  });

  it('says not found for a passport that does not exist', async () => {
    await expect(store.transition(newId(), labelled(1))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses an amendment computed from a version the passport has moved past, and writes nothing for it', async () => {
    const passport = await aStoredPassport();
    const photo = (url: string, version: number) =>
      store.amend(passport.id, { in: ['REQUESTED'], version, at: '2026-11-01T10:07:00.000Z', set: { customerPhotos: [url] }, event: { type: 'CustomerPhotoAdded', data: {} } });
    await photo('https://b.example/first.png', passport.version);

    await expect(photo('https://b.example/second.png', passport.version)).rejects.toBeInstanceOf(ConcurrentChangeError);

    expect((await store.getPassport(passport.id))?.customerPhotos).toEqual(['https://b.example/first.png']);
    expect((await store.getTimeline(passport.id)).map((event) => event.type)).toEqual(['TakeBackRequested', 'CustomerPhotoAdded']);
  });

  it('answers a move that DynamoDB cancels for a conflict with another writer as a concurrent change, which the caller decides again, and writes nothing', async () => {
    const passport = await aStoredPassport();
    const conflicting = transactionsConflicting(inject('dynamodbEndpoint'), 1);
    const contended = new DynamoDbSeedingPassportStore(tableName, conflicting.client);
    const photo = () =>
      contended.amend(passport.id, { in: ['REQUESTED'], version: passport.version, at: '2026-11-01T10:07:00.000Z', set: { customerPhotos: ['https://b.example/p.png'] }, event: { type: 'CustomerPhotoAdded', data: {} } });

    await expect(photo()).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect(conflicting.cancelled()).toBe(1);
    expect((await store.getTimeline(passport.id)).map((event) => event.type)).toEqual(['TakeBackRequested']);
    await photo();
    expect((await store.getPassport(passport.id))?.customerPhotos).toEqual(['https://b.example/p.png']);
  });

  it('lets exactly one of many concurrent writers move a passport', async () => {
    const passport = await aStoredPassport();
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, n) => store.transition(passport.id, labelled(n))));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.every((r) => r.reason instanceof ConflictError)).toBe(true);
    const timeline = await store.getTimeline(passport.id);
    expect(timeline.map((e) => e.type)).toEqual(['TakeBackRequested', 'LabelCreated']);
    expect((await store.getPassport(passport.id))?.version).toBe(2);
  });

  it('numbers events without gaps or duplicates when appends race with a move', async () => {
    const passport = await aStoredPassport();
    await Promise.all([
      store.appendEvent(passport.id, '2026-11-01T10:07:00.000Z', { type: 'LabelEmailSent', data: { messageId: 'a' } }),
      store.appendEvent(passport.id, '2026-11-01T10:07:00.000Z', { type: 'LabelEmailSent', data: { messageId: 'b' } }),
      store.transition(passport.id, labelled(1)).catch(() => undefined),
    ]);
    const timeline = await store.getTimeline(passport.id);
    expect(timeline.map((e) => e.seq)).toEqual(timeline.map((_, i) => i + 1));
    expect((await store.getPassport(passport.id))?.version).toBe(timeline.length);
  });

  it('grants a claim to exactly one of many concurrent callers, and again after it is released', async () => {
    const passport = await aStoredPassport();
    const claims = await Promise.all(Array.from({ length: 10 }, () => store.claimOnce(passport.id, 'email:label', '2026-11-01T10:08:00.000Z')));
    expect(claims.filter(Boolean)).toHaveLength(1);
    await store.releaseClaim(passport.id, 'email:label');
    expect(await store.claimOnce(passport.id, 'email:label', '2026-11-01T10:09:00.000Z')).toBe(true);
  });

  it("grants a claim whose write landed but whose answer was lost, when the SDK sends it again, and to nobody else", async () => {
    const passport = await aStoredPassport();
    const lossy = answerLostOnce(inject('dynamodbEndpoint'), 'PutItem');
    const claiming = new DynamoDbSeedingPassportStore(tableName, lossy.client);

    expect(await claiming.claimOnce(passport.id, 'email:label', '2026-11-01T10:08:00.000Z')).toBe(true);
    expect(lossy.sent()).toBe(2);
    expect(await store.claimOnce(passport.id, 'email:label', '2026-11-01T10:08:00.000Z')).toBe(false);
  });

  it("claims only while the passport is in none of the states given, in one transaction with that check: one caller of ten at once, none once it moved", async () => {
    const at = '2026-11-01T10:08:00.000Z';
    const passport = await aStoredPassport();
    const claims = await Promise.all(Array.from({ length: 10 }, () => guarded.claimOnceUnless(passport.id, 'email:label', at, 60_000, ['CANCELLED'])));
    expect(claims.filter((claim) => claim === true)).toHaveLength(1);
    expect(claims.filter((claim) => claim !== true)).toEqual(Array.from({ length: 9 }, () => false));

    const moved = await aStoredPassport();
    expect(await guarded.claimOnceUnless(moved.id, 'email:label', at, 60_000, ['CANCELLED', moved.state])).toBe('moved');
    // Nothing was claimed: the key is free.
    expect(await store.claimOnce(moved.id, 'email:label', at)).toBe(true);
    expect(await guarded.claimOnceUnless(newId(), 'email:label', at, 60_000, ['CANCELLED'])).toBe('moved');
  });

  it('grants the claim of a transaction whose answer was lost, when the SDK sends it again, and to nobody else', async () => {
    const passport = await aStoredPassport();
    const lossy = answerLostOnce(inject('dynamodbEndpoint'), 'TransactWriteItems');
    const guardedLossy = new DynamoDbGuardedClaims(tableName, lossy.client);

    expect(await guardedLossy.claimOnceUnless(passport.id, 'email:label', '2026-11-01T10:08:00.000Z', 60_000, ['CANCELLED'])).toBe(true);
    expect(lossy.sent()).toBe(2);
    expect(await guarded.claimOnceUnless(passport.id, 'email:label', '2026-11-01T10:08:00.000Z', 60_000, ['CANCELLED'])).toBe(false);
  });

  it('hands a leased claim to a new caller only once the lease has run out, as when its holder crashed', async () => {
    const passport = await aStoredPassport();
    const lease = 60_000;
    expect(await store.claimOnce(passport.id, 'carrier-label', '2026-11-01T10:08:00.000Z', lease)).toBe(true);
    expect(await store.claimOnce(passport.id, 'carrier-label', '2026-11-01T10:08:59.000Z', lease)).toBe(false);
    expect(await store.claimOnce(passport.id, 'carrier-label', '2026-11-01T10:09:01.000Z', lease)).toBe(true);
    expect(await store.claimOnce(passport.id, 'carrier-label', '2026-11-01T10:09:30.000Z', lease)).toBe(false);
  });
});
