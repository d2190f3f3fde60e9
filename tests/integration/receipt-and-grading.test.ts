import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { demoRouting } from '../../local/seed/repair-network';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import { DynamoDbWorkQueue } from '../../shared/adapters/dynamodb/work-queue';
import { ConflictError, NotFoundError, UnprocessableError, ValidationError } from '../../shared/domain/errors';
import type { PassportState } from '../../shared/domain/lifecycle';
import type { Staff } from '../../shared/http/staff';
import { gradedPayoutOf } from '../../shared/domain/graded-payout';
import { CounterOfferAnsweredSchema, GradedSchema, ParcelReceivedSchema, ParcelRejectedSchema, RouteOverriddenSchema } from '../../shared/schemas/events';
import { PhotoUploadService } from '../../shared/services/photo-upload-service';
import { type ReceiptAndGrading, receiptAndGrading } from '../support/receipt-and-grading';
import { newId, trackingTokenFor } from '../../shared/services/tokens';
import { WorkQueueList, WorkQueueService } from '../../shared/services/work-queue-service';
import { aPassport, aQuote } from '../support/fixtures';
import { aLocalBucket, type LocalBucket } from '../support/local-bucket';
import { changedAfterFirstCall } from '../support/racing-store';
import { createTableLikeStack, localDynamoDb } from '../support/table';

const TRACKING_SECRET = 'tracking-secret-for-tests';
/** Where the grading photos are published (CloudFront in AWS): their `url`s start with it. */
const PHOTOS_AT = 'https://photos.kreislauf.test';
// The smallest PNG there is: one transparent pixel.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const ops: Staff = { subject: 'ops-1', brand: 'demo', roles: ['ops'] };
const otherBrand: Staff = { subject: 'ops-9', brand: 'other', roles: ['ops', 'admin'] };

describe('receipt, grading and work queues against DynamoDB Local and the local S3 server', () => {
  let bucket: LocalBucket;
  let photos: PhotoUploadService;
  let store: DynamoDbSeedingPassportStore;
  let service: ReceiptAndGrading;
  let workQueue: WorkQueueService;
  let workQueueList: WorkQueueList;
  let clock = Date.parse('2026-11-20T10:00:00.000Z');

  beforeAll(async () => {
    const client = localDynamoDb(inject('dynamodbEndpoint'));
    const tableName = `grading-${newId()}`;
    await createTableLikeStack(client, tableName);
    store = new DynamoDbSeedingPassportStore(tableName, client);
    const network = new DynamoDbRepairNetworkStore(tableName, store, client);
    workQueue = new WorkQueueService({ store, network });
    workQueueList = new WorkQueueList({ queue: new DynamoDbWorkQueue(tableName, client) });
    // Every call moves the clock on, so each change has its own instant, as in real life.
    const now = () => new Date((clock += 1_000));
    bucket = await aLocalBucket(PHOTOS_AT);
    service = receiptAndGrading({ store, passports: workQueue, now, trackingSecret: async () => TRACKING_SECRET, photosAt: PHOTOS_AT, uploaded: bucket.blobs });
    photos = new PhotoUploadService({ passports: workQueue, uploads: bucket.uploads, newId, now });
    await store.putCatalog({ ...demoBrand, config: { ...demoBrand.config, routing: demoRouting } });
  });
  afterAll(() => bucket?.stop());

  /** A photo of the passport, its address issued by `POST /v1/passports/{id}/photos` and, unless `uploaded: false`, the PNG PUT there. */
  async function aPhotoOf(id: string, { uploaded = true } = {}): Promise<string> {
    const photo = await photos.requestUpload(ops, id, { contentType: 'image/png', size: PNG.length });
    if (uploaded) expect(await bucket.upload(photo.uploadUrl, 'image/png', PNG)).toBe(200);
    return photo.url;
  }

  /** A take-back of the demo phone, offered 149 € to 197 € for GOOD, moved along to `state`. */
  async function aPassportIn(state: 'REQUESTED' | 'LABEL_CREATED' | 'RECEIVED', brand = 'demo') {
    const quote = aQuote({ brand });
    await store.saveQuote(quote);
    const passport = aPassport(quote);
    await store.createPassport(passport, { type: 'TakeBackRequested', data: {} });
    const moves: PassportState[] = state === 'REQUESTED' ? [] : state === 'LABEL_CREATED' ? ['LABEL_CREATED'] : ['LABEL_CREATED', 'RECEIVED'];
    for (const to of moves) {
      await store.transition(passport.id, { to, at: new Date((clock += 1_000)).toISOString(), event: { type: to === 'RECEIVED' ? 'ParcelReceived' : 'LabelCreated', data: {} } });
    }
    return passport.id;
  }

  const eventsOf = async (id: string, type: string) => (await store.getTimeline(id)).filter((event) => event.type === type);

  it('receives a parcel once however often it is scanned at the same time', async () => {
    const id = await aPassportIn('LABEL_CREATED');

    const scans = await Promise.all(Array.from({ length: 6 }, () => service.receive(ops, id, { location: 'Gate 2' })));

    expect(scans.every((scan) => scan.state === 'RECEIVED')).toBe(true);
    const received = await eventsOf(id, 'ParcelReceived');
    expect(received).toHaveLength(1);
    expect(ParcelReceivedSchema.shape.data.parse(received[0]!.data)).toEqual({ location: 'Gate 2', by: 'ops-1' });
    expect((await store.getPassport(id))?.receipt).toMatchObject({ by: 'ops-1', location: 'Gate 2' });
  });

  it('refuses to receive a passport whose parcel was never labelled, naming its state, and writes nothing', async () => {
    const id = await aPassportIn('REQUESTED');

    const refusal = service.receive(ops, id, {});

    await expect(refusal).rejects.toBeInstanceOf(ConflictError);
    await expect(refusal).rejects.toMatchObject({ extensions: { currentState: 'REQUESTED' } });
    expect(await store.getTimeline(id)).toHaveLength(1);
  });

  it('lets exactly one of several people grading an item at the same time grade it', async () => {
    const id = await aPassportIn('RECEIVED');

    const results = await Promise.allSettled(
      (['GOOD', 'FAIR', 'LIKE_NEW', 'DEFECTIVE', 'GOOD'] as const).map((grade, index) => service.grade({ ...ops, subject: `ops-${index + 1}` }, id, { grade })),
    );

    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.every((result) => result.reason instanceof ConflictError)).toBe(true);
    const graded = await eventsOf(id, 'Graded');
    expect(graded).toHaveLength(1);
    expect((await store.getPassport(id))?.grading?.grade).toBe((graded[0]!.data as { grade: string }).grade);
  });

  it('answers the same person grading the same way again with the item as it is, and refuses another grading of it', async () => {
    const id = await aPassportIn('RECEIVED');
    const grading = { grade: 'GOOD' as const, checks: { 'battery-health': 88, 'screen-ok': true }, notes: 'light scratches' };
    const first = await service.grade(ops, id, grading);

    // A retry whose first answer was lost: the checks in another order are the same grading.
    const again = await service.grade(ops, id, { notes: 'light scratches', checks: { 'screen-ok': true, 'battery-health': 88 }, grade: 'GOOD' });

    expect(again).toEqual(first);
    expect(await eventsOf(id, 'Graded')).toHaveLength(1);
    for (const [who, other] of [
      [{ ...ops, subject: 'ops-2' }, grading],
      [ops, { ...grading, grade: 'FAIR' as const }],
      [ops, { ...grading, notes: 'deep scratches' }],
      [ops, { grade: 'GOOD' as const }],
    ] as const) {
      await expect(service.grade(who, id, other)).rejects.toMatchObject({ extensions: { currentState: first.state } });
    }
    expect(await eventsOf(id, 'Graded')).toHaveLength(1);
  });

  it('never lets a receipt and a grading of one item interleave into two moves from the same state', async () => {
    const id = await aPassportIn('LABEL_CREATED');
    await service.receive(ops, id, {});

    const [again, graded] = await Promise.allSettled([service.receive(ops, id, {}), service.grade(ops, id, { grade: 'GOOD' })]);

    expect(graded.status).toBe('fulfilled');
    // The repeated scan either saw RECEIVED (nothing to do) or lost to the grading with a conflict.
    if (again.status === 'rejected') expect(again.reason).toMatchObject({ extensions: { currentState: 'GRADED' } });
    const types = (await store.getTimeline(id)).map((event) => event.type);
    expect(types).toEqual(['TakeBackRequested', 'LabelCreated', 'ParcelReceived', 'Graded']);
  });

  it('grades with the photos uploaded for the item and refuses, writing nothing, photos of another item or from elsewhere', async () => {
    const id = await aPassportIn('RECEIVED');
    const other = await aPassportIn('RECEIVED');
    const presigned: { key: string; contentType: string; size: number; seconds: number }[] = [];
    const signing = new PhotoUploadService({
      passports: workQueue,
      uploads: {
        uploadUrl: async (key, contentType, size, seconds) => {
          presigned.push({ key, contentType, size, seconds });
          return bucket.uploads.uploadUrl(key, contentType, size, seconds);
        },
      },
      newId,
      now: () => new Date('2026-11-20T12:00:00.000Z'),
    });

    const mine = await signing.requestUpload(ops, id, { contentType: 'image/png', size: PNG.length });
    const theirs = await signing.requestUpload(ops, other, { contentType: 'image/png', size: PNG.length });
    for (const photo of [mine, theirs]) expect(await bucket.upload(photo.uploadUrl, 'image/png', PNG)).toBe(200);

    expect(presigned[0]).toEqual({ key: `photos/demo/${id}/${mine.photoId}.png`, contentType: 'image/png', size: PNG.length, seconds: 900 });
    expect(mine.url).toBe(`${PHOTOS_AT}/photos/demo/${id}/${mine.photoId}.png`);
    expect(mine.expiresAt).toBe('2026-11-20T12:15:00.000Z');
    await expect(signing.requestUpload(otherBrand, id, { contentType: 'image/png', size: 100 })).rejects.toBeInstanceOf(NotFoundError);
    const elsewhere = `https://photos.example.net${new URL(mine.url).pathname}`;
    const refusal = service.grade(ops, id, { grade: 'GOOD', photos: [mine.url, theirs.url, 'https://example.com/cat.png', elsewhere] });
    await expect(refusal).rejects.toBeInstanceOf(UnprocessableError);
    await expect(refusal).rejects.toMatchObject({ issues: [{ path: ['photos', 1] }, { path: ['photos', 2] }, { path: ['photos', 3] }] });
    expect((await store.getPassport(id))?.state).toBe('RECEIVED');

    const graded = await service.grade(ops, id, { grade: 'GOOD', photos: [mine.url] });
    expect(graded.grading?.photos).toEqual([mine.url]);
  });

  it('refuses, writing nothing, a photo issued for the item but never uploaded, or one the bucket holds no more, and grades once it is uploaded', async () => {
    const id = await aPassportIn('RECEIVED');
    const uploaded = await aPhotoOf(id);
    const neverUploaded = await aPhotoOf(id, { uploaded: false });
    const gone = await aPhotoOf(id);
    await bucket.blobs.delete(new URL(gone).pathname.slice(1));

    const refusal = service.grade(ops, id, { grade: 'GOOD', photos: [uploaded, neverUploaded, gone] });

    await expect(refusal).rejects.toBeInstanceOf(UnprocessableError);
    await expect(refusal).rejects.toMatchObject({
      issues: [
        { path: ['photos', 1], message: expect.stringContaining('never uploaded') },
        { path: ['photos', 2], message: expect.stringContaining('never uploaded') },
      ],
    });
    expect((await store.getPassport(id))?.state).toBe('RECEIVED');
    expect(await eventsOf(id, 'Graded')).toEqual([]);

    const retaken = await aPhotoOf(id);
    const graded = await service.grade(ops, id, { grade: 'GOOD', photos: [uploaded, retaken] });
    expect(graded.grading?.photos).toEqual([uploaded, retaken]);
  });

  it("refuses, writing nothing, an uploaded photo listed twice or in another spelling of its address than the upload's, which listings would publish", async () => {
    const id = await aPassportIn('RECEIVED');
    const photo = await aPhotoOf(id);
    const { pathname } = new URL(photo);

    const refusal = service.grade(ops, id, {
      grade: 'GOOD',
      photos: [photo, photo, `${photo}?q=%3Cscript%3E`, `${photo}#frag`, `${PHOTOS_AT}/v1/brands/demo/catalog/x${pathname}`],
    });

    await expect(refusal).rejects.toBeInstanceOf(UnprocessableError);
    await expect(refusal).rejects.toMatchObject({
      issues: [
        { path: ['photos', 1], message: 'is the photo at photos.0 again' },
        { path: ['photos', 2], message: expect.stringContaining('not a photo issued for this passport') },
        { path: ['photos', 3], message: expect.stringContaining('not a photo issued for this passport') },
        { path: ['photos', 4], message: expect.stringContaining('not a photo issued for this passport') },
      ],
    });
    expect((await store.getPassport(id))?.state).toBe('RECEIVED');
    expect(await eventsOf(id, 'Graded')).toEqual([]);
    const rejection = service.reject(ops, id, { reason: 'EMPTY', notes: 'Only packing paper in the box', photos: [`${photo}?evil=1`] });
    await expect(rejection).rejects.toMatchObject({ issues: [{ path: ['photos', 0] }] });
    expect((await store.getPassport(id))?.state).toBe('RECEIVED');
  });

  describe('a parcel not as declared, rejected instead of graded', () => {
    const empty = { reason: 'EMPTY' as const, notes: 'Only packing paper in the box' };

    it('rejects an empty parcel once however often it is rejected at the same time, and nothing grades it after', async () => {
      const id = await aPassportIn('RECEIVED');

      const answers = await Promise.all(Array.from({ length: 8 }, () => service.reject(ops, id, empty)));

      expect(answers.every((answer) => answer.state === 'REJECTED')).toBe(true);
      const rejected = await eventsOf(id, 'ParcelRejected');
      expect(rejected).toHaveLength(1);
      expect(ParcelRejectedSchema.shape.data.parse(rejected[0]!.data)).toEqual({ reason: 'EMPTY', by: 'ops-1' });
      const passport = await store.getPassport(id);
      expect(passport).toMatchObject({ state: 'REJECTED', rejection: { reason: 'EMPTY', notes: 'Only packing paper in the box', by: 'ops-1' } });
      expect(passport?.grading).toBeUndefined();
      expect(passport?.settlement).toBeUndefined();
      // No value was settled, so no payout can start for it.
      expect(gradedPayoutOf(await store.getTimeline(id))).toBeUndefined();
      await expect(service.grade(ops, id, { grade: 'GOOD' })).rejects.toMatchObject({ extensions: { currentState: 'REJECTED' } });
      expect(await eventsOf(id, 'Graded')).toEqual([]);
    });

    it('sends another item than the one traded in back to its customer, with what the grader found', async () => {
      const id = await aPassportIn('RECEIVED');

      const rejected = await service.reject(ops, id, { reason: 'OTHER_ITEM', notes: 'An older model, the Trailphone X1' });

      expect(rejected).toMatchObject({ state: 'RETURN_TO_CUSTOMER', rejection: { reason: 'OTHER_ITEM', notes: 'An older model, the Trailphone X1', by: 'ops-1' } });
      expect(rejected.timeline.at(-1)).toMatchObject({ type: 'ParcelRejected', state: 'RETURN_TO_CUSTOMER', data: { reason: 'OTHER_ITEM', by: 'ops-1' } });
      expect(gradedPayoutOf(await store.getTimeline(id))).toBeUndefined();
    });

    it('answers the same person rejecting the same way again with the item as it is, and refuses any other rejection', async () => {
      const id = await aPassportIn('RECEIVED');
      const first = await service.reject(ops, id, empty);

      expect(await service.reject(ops, id, { notes: empty.notes, reason: 'EMPTY' })).toEqual(first);
      for (const [who, other] of [
        [{ ...ops, subject: 'ops-2' }, empty],
        [ops, { ...empty, reason: 'OTHER_ITEM' as const }],
        [ops, { ...empty, notes: 'Nothing in it at all' }],
      ] as const) {
        await expect(service.reject(who, id, other)).rejects.toMatchObject({ extensions: { currentState: 'REJECTED' } });
      }
      expect(await eventsOf(id, 'ParcelRejected')).toHaveLength(1);
    });

    it('lets exactly one of a grading and a rejection of the same item at the same time move it', async () => {
      const id = await aPassportIn('RECEIVED');

      const results = await Promise.allSettled([
        service.grade({ ...ops, subject: 'ops-2' }, id, { grade: 'GOOD' }),
        service.reject(ops, id, empty),
        service.grade({ ...ops, subject: 'ops-3' }, id, { grade: 'FAIR' }),
        service.reject({ ...ops, subject: 'ops-4' }, id, { reason: 'OTHER_ITEM', notes: 'Another phone' }),
      ]);

      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      for (const result of results) if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(ConflictError);
      const moves = (await store.getTimeline(id)).filter((event) => event.type === 'Graded' || event.type === 'ParcelRejected');
      expect(moves).toHaveLength(1);
    });

    it('refuses a parcel not received yet or graded already, photos not uploaded for the item, and staff of another brand, writing nothing', async () => {
      const labelled = await aPassportIn('LABEL_CREATED');
      await expect(service.reject(ops, labelled, empty)).rejects.toMatchObject({ extensions: { currentState: 'LABEL_CREATED' } });
      const graded = await aPassportIn('RECEIVED');
      await service.grade(ops, graded, { grade: 'GOOD' });
      await expect(service.reject(ops, graded, empty)).rejects.toMatchObject({ extensions: { currentState: 'GRADED' } });

      const received = await aPassportIn('RECEIVED');
      const foreign = service.reject(ops, received, { ...empty, photos: ['https://example.com/cat.png'] });
      await expect(foreign).rejects.toBeInstanceOf(UnprocessableError);
      await expect(foreign).rejects.toMatchObject({ issues: [{ path: ['photos', 0] }] });
      const neverUploaded = service.reject(ops, received, { ...empty, photos: [await aPhotoOf(received), await aPhotoOf(received, { uploaded: false })] });
      await expect(neverUploaded).rejects.toBeInstanceOf(UnprocessableError);
      await expect(neverUploaded).rejects.toMatchObject({ issues: [{ path: ['photos', 1], message: expect.stringContaining('never uploaded') }] });
      await expect(service.reject(otherBrand, received, empty)).rejects.toBeInstanceOf(NotFoundError);

      for (const id of [labelled, graded, received]) expect(await eventsOf(id, 'ParcelRejected')).toEqual([]);
      expect((await store.getPassport(received))?.state).toBe('RECEIVED');
    });
  });

  it('pays the graded value within the tolerance, decides the route and writes the Graded event of the catalogue', async () => {
    const id = await aPassportIn('RECEIVED');

    const graded = await service.grade(ops, id, { grade: 'GOOD', checks: { 'battery-health': 88, 'screen-ok': true }, notes: 'Light scratches' });

    expect(graded).toMatchObject({
      state: 'GRADED',
      grading: { grade: 'GOOD', checks: { 'battery-health': 88, 'screen-ok': true }, notes: 'Light scratches', by: 'ops-1' },
      settlement: { outcome: 'ACCEPTED', payout: { amount: 19_700, currency: 'EUR' } },
      route: { route: 'RESELL', basis: { kind: 'ECONOMICS', currency: 'EUR' } },
    });
    const [event] = await eventsOf(id, 'Graded');
    expect(GradedSchema.shape.data.parse(event!.data)).toEqual({
      grade: 'GOOD',
      route: 'RESELL',
      settlement: { outcome: 'ACCEPTED', payout: { amount: 19_700, currency: 'EUR' } },
      by: 'ops-1',
    });
    expect(event!.state).toBe('GRADED');
  });

  it('makes a counter-offer when the grade is worth less than the offer beyond the tolerance, which the customer accepts once', async () => {
    const id = await aPassportIn('RECEIVED');
    const token = trackingTokenFor(id, TRACKING_SECRET);

    const graded = await service.grade(ops, id, { grade: 'FAIR' });
    expect(graded).toMatchObject({
      state: 'COUNTER_OFFERED',
      // Graded on 20 November: the customer may answer until the end of 4 December in Berlin, the brand's time zone.
      settlement: { outcome: 'COUNTER_OFFER', payout: { amount: 13_100, currency: 'EUR' }, offered: { amount: 14_900, currency: 'EUR' }, answerBy: '2026-12-04T22:59:59.999Z' },
      route: { route: 'REPAIR' },
    });
    expect(GradedSchema.shape.data.parse((await eventsOf(id, 'Graded'))[0]!.data).settlement.answerBy).toBe('2026-12-04T22:59:59.999Z');

    expect(await service.answerCounterOffer(id, token, true)).toEqual({ id, status: 'GRADED', accepted: true, payout: { amount: 13_100, currency: 'EUR' } });
    expect(await service.answerCounterOffer(id, token, true)).toMatchObject({ status: 'GRADED', accepted: true });
    await expect(service.answerCounterOffer(id, token, false)).rejects.toBeInstanceOf(ConflictError);
    const answers = await eventsOf(id, 'CounterOfferAnswered');
    expect(answers.map((event) => [event.state, CounterOfferAnsweredSchema.shape.data.parse(event.data)])).toEqual([
      ['GRADED', { accepted: true, payout: { amount: 13_100, currency: 'EUR' } }],
    ]);
  });

  it("gives the customer the brand's own time to answer a counter-offer", async () => {
    const brand = `week-${newId().toLowerCase().slice(-8)}`;
    await store.putCatalog({ ...demoBrand, config: { ...demoBrand.config, brand, routing: demoRouting, counterOfferAnswerDays: 7 } });
    const id = await aPassportIn('RECEIVED', brand);

    const graded = await service.grade({ ...ops, brand }, id, { grade: 'FAIR' });

    // Graded on 20 November: a week after that day, in Berlin.
    expect(graded.settlement).toMatchObject({ outcome: 'COUNTER_OFFER', answerBy: '2026-11-27T22:59:59.999Z' });
  });

  it('sends an item back to the customer who declines the counter-offer', async () => {
    const id = await aPassportIn('RECEIVED');
    await service.grade(ops, id, { grade: 'DEFECTIVE' });

    const answer = await service.answerCounterOffer(id, trackingTokenFor(id, TRACKING_SECRET), false);

    expect(answer).toMatchObject({ status: 'RETURN_TO_CUSTOMER', accepted: false });
    expect((await store.getPassport(id))?.state).toBe('RETURN_TO_CUSTOMER');
  });

  it('answers a counter-offer with a wrong token as not found, and one without a counter-offer as a conflict', async () => {
    const id = await aPassportIn('RECEIVED');
    await expect(service.answerCounterOffer(id, 'not-the-token', true)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.answerCounterOffer(id, trackingTokenFor(id, TRACKING_SECRET), true)).rejects.toBeInstanceOf(ConflictError);
  });

  it('overrides a route with the reason on the timeline, and changes nothing for the route it has', async () => {
    const id = await aPassportIn('RECEIVED');
    await service.grade(ops, id, { grade: 'GOOD' });

    const overridden = await service.overrideRoute(ops, id, { route: 'RECYCLE', reason: 'Water damage found' });
    await service.overrideRoute(ops, id, { route: 'RECYCLE', reason: 'Clicked twice' });

    expect(overridden).toMatchObject({ state: 'GRADED', route: { route: 'RECYCLE', reason: 'Water damage found', overriddenBy: 'ops-1' } });
    // The rules' facts went with their reason: the console shows the person's words.
    expect(overridden.route).not.toHaveProperty('basis');
    const overrides = await eventsOf(id, 'RouteOverridden');
    expect(overrides.map((event) => [event.state, RouteOverriddenSchema.shape.data.parse(event.data)])).toEqual([
      ['GRADED', { from: 'RESELL', route: 'RECYCLE', reason: 'Water damage found', by: 'ops-1' }],
    ]);
  });

  it("refuses an override when a colleague's override lands between its read and its write, naming the route there is now", async () => {
    const id = await aPassportIn('RECEIVED');
    await service.grade(ops, id, { grade: 'GOOD' });
    // A colleague sends the item to recycling right after this override read it (still RESELL).
    const { racing: racingQueue, changed } = changedAfterFirstCall(workQueue, 'passportOf', () =>
      service.overrideRoute({ ...ops, subject: 'ops-2' }, id, { route: 'RECYCLE', reason: 'Water damage found' }),
    );
    const racing = receiptAndGrading({ store, passports: racingQueue, now: () => new Date((clock += 1_000)), trackingSecret: async () => TRACKING_SECRET });

    const refusal = racing.overrideRoute(ops, id, { route: 'REPAIR', reason: 'Screen only' });

    await expect(refusal).rejects.toBeInstanceOf(ConflictError);
    await expect(refusal).rejects.toMatchObject({ extensions: { currentState: 'GRADED', currentRoute: 'RECYCLE' } });
    expect(changed()).toBe(true);
    const overrides = await eventsOf(id, 'RouteOverridden');
    expect(overrides.map((event) => RouteOverriddenSchema.shape.data.parse(event.data))).toEqual([
      { from: 'RESELL', route: 'RECYCLE', reason: 'Water damage found', by: 'ops-2' },
    ]);
    expect((await store.getPassport(id))?.route).toMatchObject({ route: 'RECYCLE', overriddenBy: 'ops-2' });
  });

  it('refuses an override that names the route its person saw once a colleague has changed it, however much later it comes', async () => {
    const id = await aPassportIn('RECEIVED');
    await service.grade(ops, id, { grade: 'GOOD' });
    // Both saw RESELL; the colleague's override lands first, well before this one is read.
    await service.overrideRoute({ ...ops, subject: 'ops-2' }, id, { route: 'RECYCLE', reason: 'Water damage found', from: 'RESELL' });

    const refusal = service.overrideRoute(ops, id, { route: 'REPAIR', reason: 'Screen only', from: 'RESELL' });

    await expect(refusal).rejects.toMatchObject({ status: 409, extensions: { currentState: 'GRADED', currentRoute: 'RECYCLE' } });
    expect((await eventsOf(id, 'RouteOverridden')).map((event) => RouteOverriddenSchema.shape.data.parse(event.data).route)).toEqual(['RECYCLE']);
    // Naming the route there is now, the override is made.
    expect(await service.overrideRoute(ops, id, { route: 'REPAIR', reason: 'Screen only', from: 'RECYCLE' })).toMatchObject({ route: { route: 'REPAIR', overriddenBy: 'ops-1' } });
  });

  it('takes exactly one of twenty overrides by different people at once, and answers the others 409 with the route taken', async () => {
    const id = await aPassportIn('RECEIVED');
    await service.grade(ops, id, { grade: 'GOOD' });
    const people = Array.from({ length: 20 }, (_, n) => ({
      staff: { ...ops, subject: `ops-${n + 1}` },
      request: { route: n % 2 === 0 ? ('RECYCLE' as const) : ('REPAIR' as const), reason: `Seen by ops-${n + 1}` },
    }));
    const together = receiptAndGrading({ store, passports: readingTogether(workQueue, people.length), now: () => new Date((clock += 1_000)), trackingSecret: async () => TRACKING_SECRET });

    const answers = await Promise.allSettled(people.map(({ staff, request }) => together.overrideRoute(staff, id, request)));

    const taken = answers.flatMap((answer) => (answer.status === 'fulfilled' ? [answer.value] : []));
    expect(taken).toHaveLength(1);
    const route = (await store.getPassport(id))!.route!;
    expect(taken[0]!.route).toEqual(route);
    const refused = answers.flatMap((answer) => (answer.status === 'rejected' ? [answer.reason] : []));
    expect(refused).toHaveLength(19);
    for (const reason of refused) {
      expect(reason).toBeInstanceOf(ConflictError);
      expect(reason).toMatchObject({ extensions: { currentState: 'GRADED', currentRoute: route.route } });
    }
    // One override, so one RoutingWorkflow: it is started by this event.
    expect((await eventsOf(id, 'RouteOverridden')).map((event) => RouteOverriddenSchema.shape.data.parse(event.data))).toEqual([
      { from: 'RESELL', route: route.route, reason: route.reason, by: route.overriddenBy },
    ]);
  });

  it('routes an item waiting for a person again for exactly one of two people at once', async () => {
    const id = await aPassportIn('RECEIVED');
    await service.grade(ops, id, { grade: 'GOOD' });
    const at = new Date((clock += 1_000)).toISOString();
    await store.transition(id, { to: 'NEEDS_ATTENTION', from: ['GRADED'], at, set: { attention: { reason: 'Listing failed', at } }, event: { type: 'NeedsAttention', data: { reason: 'Listing failed' } } });
    const together = receiptAndGrading({ store, passports: readingTogether(workQueue, 2), now: () => new Date((clock += 1_000)), trackingSecret: async () => TRACKING_SECRET });

    const [recycled, repaired] = await Promise.allSettled([
      together.overrideRoute(ops, id, { route: 'RECYCLE', reason: 'Not worth a partner' }),
      together.overrideRoute({ ...ops, subject: 'ops-2' }, id, { route: 'REPAIR', reason: 'Partner signed up' }),
    ]);

    expect([recycled.status, repaired.status].sort()).toEqual(['fulfilled', 'rejected']);
    const passport = (await store.getPassport(id))!;
    expect(passport.state).toBe('GRADED');
    expect([recycled, repaired].find((answer) => answer.status === 'rejected')).toMatchObject({ reason: { extensions: { currentState: 'GRADED', currentRoute: passport.route!.route } } });
    expect(await eventsOf(id, 'RouteOverridden')).toHaveLength(1);
  });

  it("answers the same person's same override sent twice at once with the item as it is, and writes it once", async () => {
    const id = await aPassportIn('RECEIVED');
    await service.grade(ops, id, { grade: 'GOOD' });
    const together = receiptAndGrading({ store, passports: readingTogether(workQueue, 2), now: () => new Date((clock += 1_000)), trackingSecret: async () => TRACKING_SECRET });

    const answers = await Promise.all([1, 2].map(() => together.overrideRoute(ops, id, { route: 'RECYCLE', reason: 'Water damage found' })));

    expect(answers.map((answer) => answer.route)).toEqual([answers[0]!.route, answers[0]!.route]);
    expect(await eventsOf(id, 'RouteOverridden')).toHaveLength(1);
  });

  it("answers the same person's same override again once the item has moved on, and a colleague's with 409", async () => {
    const id = await aPassportIn('RECEIVED');
    await service.grade(ops, id, { grade: 'GOOD' });
    const request = { route: 'RECYCLE' as const, reason: 'Water damage found' };
    await service.overrideRoute(ops, id, request);
    await store.transition(id, { to: 'RECYCLE', from: ['GRADED'], at: new Date((clock += 1_000)).toISOString(), event: { type: 'RoutedToRecycling', data: { reason: request.reason } } });

    const retry = await service.overrideRoute(ops, id, request);
    const colleague = service.overrideRoute({ ...ops, subject: 'ops-2' }, id, request);

    expect(retry).toMatchObject({ state: 'RECYCLE', route: { route: 'RECYCLE', overriddenBy: 'ops-1' } });
    await expect(colleague).rejects.toMatchObject({ extensions: { currentState: 'RECYCLE' } });
    expect(await eventsOf(id, 'RouteOverridden')).toHaveLength(1);
  });

  it('overrides a route past another change of the passport between its read and its write (an e-mail noted)', async () => {
    const id = await aPassportIn('RECEIVED');
    await service.grade(ops, id, { grade: 'GOOD' });
    const { racing: racingQueue, changed } = changedAfterFirstCall(workQueue, 'passportOf', () =>
      store.appendEvent(id, new Date((clock += 1_000)).toISOString(), { type: 'CustomerEmailSent', data: { template: 'graded', messageId: 'm', forEventId: `${id}/5` } }),
    );
    const racing = receiptAndGrading({ store, passports: racingQueue, now: () => new Date((clock += 1_000)), trackingSecret: async () => TRACKING_SECRET });

    const overridden = await racing.overrideRoute(ops, id, { route: 'REPAIR', reason: 'Screen only' });

    expect(changed()).toBe(true);
    expect(overridden).toMatchObject({ state: 'GRADED', route: { route: 'REPAIR', overriddenBy: 'ops-1' } });
    expect(await eventsOf(id, 'RouteOverridden')).toHaveLength(1);
  });

  it('refuses to override the route of an item not graded yet', async () => {
    const id = await aPassportIn('RECEIVED');
    await expect(service.overrideRoute(ops, id, { route: 'RECYCLE', reason: 'Too early' })).rejects.toMatchObject({ extensions: { currentState: 'RECEIVED' } });
  });

  it("answers staff of another brand as if the passport did not exist, and changes nothing", async () => {
    const id = await aPassportIn('LABEL_CREATED');

    await expect(service.receive(otherBrand, id, {})).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.grade(otherBrand, id, { grade: 'GOOD' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.overrideRoute(otherBrand, id, { route: 'RECYCLE', reason: 'Not mine' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(workQueue.detail(otherBrand, id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await store.getTimeline(id)).toHaveLength(2);
  });

  it("lists a brand's work queue newest first, page by page, and never another brand's passports", async () => {
    const brand = `queue-${newId().toLowerCase()}`;
    const staff: Staff = { subject: 'ops-2', brand, roles: ['ops'] };
    const ids = [];
    for (let n = 0; n < 3; n++) ids.push(await aPassportIn('LABEL_CREATED', brand));

    const first = await workQueueList.list(staff, { state: 'LABEL_CREATED', limit: 2 });
    const second = await workQueueList.list(staff, { state: 'LABEL_CREATED', limit: 2, cursor: first.nextCursor! });

    expect(first.items.map((item) => item.id)).toEqual([ids[2], ids[1]]);
    expect(second.items.map((item) => item.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeUndefined();
    expect((await workQueueList.list({ ...staff, brand: 'other' }, { state: 'LABEL_CREATED', limit: 100 })).items.map((item) => item.id)).not.toContain(ids[0]);
  });

  it("finds a parcel by its label's shipment number for its brand only, once the label is created", async () => {
    const id = await aPassportIn('REQUESTED');
    const shipmentNo = `00340434${Date.now()}`;
    await store.transition(id, {
      to: 'LABEL_CREATED',
      at: new Date((clock += 1_000)).toISOString(),
      set: { label: { carrier: 'DHL', shipmentNo, pdfKey: 'labels/x.pdf', qrKey: 'labels/x.png', createdAt: new Date(clock).toISOString(), shipBy: new Date(clock).toISOString() } },
      event: { type: 'LabelCreated', data: {} },
    });

    const found = await workQueueList.list(ops, { shipmentNo, limit: 25 });

    expect(found.items).toEqual([expect.objectContaining({ id, state: 'LABEL_CREATED' })]);
    expect((await workQueueList.list(otherBrand, { shipmentNo, limit: 25 })).items).toEqual([]);
    expect((await workQueueList.list(ops, { shipmentNo: '003404349999999999', limit: 25 })).items).toEqual([]);
  });

  it('refuses a cursor it did not give out as bad input', async () => {
    const staff: Staff = { subject: 'ops-2', brand: 'demo', roles: ['ops'] };
    for (const cursor of ['not-a-cursor', Buffer.from('["yesterday","x"]').toString('base64url')]) {
      await expect(workQueueList.list(staff, { state: 'RECEIVED', limit: 10, cursor })).rejects.toBeInstanceOf(ValidationError);
    }
  });
});

/**
 * The work queue, except that the first `count` reads of a passport are answered only once all of
 * them were read: requests sent at the same moment all read the passport before any of them writes.
 */
function readingTogether(queue: WorkQueueService, count: number): WorkQueueService {
  let unread = count;
  let allRead!: () => void;
  const together = new Promise<void>((resolve) => (allRead = resolve));
  const reading = Object.create(queue) as WorkQueueService;
  Object.defineProperty(reading, 'passportOf', {
    value: async (...args: Parameters<WorkQueueService['passportOf']>) => {
      const passport = await queue.passportOf(...args);
      if (--unread <= 0) allRead();
      await together;
      return passport;
    },
  });
  return reading;
}
