import { createHmac, randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { monthBounds } from '../../shared/domain/calendar';
import { ForbiddenError } from '../../shared/http/staff';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand, demoRepairPartners } from '../../local/seed/demo-brand';
import { demoRouting } from '../../local/seed/repair-network';
import { legacyPartnerWebhookKey, partnerLoadKey, partnerSecretKey, repairPartnerKey } from '../../shared/adapters/dynamodb/keys';
import { DynamoDbLedgerStore } from '../../shared/adapters/dynamodb/ledger-store';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import { ConcurrentChangeError, ConflictError, NotFoundError, UnprocessableError, ValidationError } from '../../shared/domain/errors';
import type { Staff } from '../../shared/http/staff';
import { UnauthenticatedError } from '../../shared/http/staff';
import type { ResolvedAddress } from '../../shared/ports/host-resolver';
import { type PartnerReport, type RepairPartnerRequest, RepairJobWithdrawnWebhookSchema } from '../../shared/schemas/repair';
import { RepairedSchema, RepairAssignedSchema, RouteOverriddenSchema } from '../../shared/schemas/events';
import { FieldCipher, UnreadableSealError } from '../../shared/services/field-cipher';
import { type ReceiptAndGrading, receiptAndGrading } from '../support/receipt-and-grading';
import { PartnerDeliveryFailedError, RepairNetworkService, RepairPartners } from '../../shared/services/repair-network-service';
import { RoutingWorkflow } from '../../shared/services/routing-workflow';
import { newId } from '../../shared/services/tokens';
import { WorkQueueService } from '../../shared/services/work-queue-service';
import { newWebhookSecret, verifyWebhook, webhookHeaders } from '../../shared/webhooks/standard-webhooks';
import { aPassport, aQuote } from '../support/fixtures';
import { changedAfterFirstCall, changedAfterFirstRead } from '../support/racing-store';
import { createTableLikeStack, localDynamoDb } from '../support/table';

const API = 'https://api.kreislauf.test';
const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** Everything a brand of its own needs: its catalog, staff and a partner configuration to start from. */
function aBrand() {
  const brand = `brand-${newId().toLowerCase()}`;
  const admin: Staff = { subject: 'admin-1', brand, roles: ['admin'] };
  const ops: Staff = { subject: 'ops-1', brand, roles: ['ops'] };
  const { partnerId: _id, brand: _brand, webhookUrl: _url, ...geraetewerk } = demoRepairPartners[0]!;
  const partner = (overrides: Partial<RepairPartnerRequest> = {}): RepairPartnerRequest => ({
    ...geraetewerk,
    webhookUrl: 'https://partner.example/jobs',
    ...overrides,
  });
  return { brand, admin, ops, partner };
}

describe('the repair-partner network against DynamoDB Local', () => {
  let store: DynamoDbSeedingPassportStore;
  let doc: DynamoDBDocumentClient;
  let tableName: string;
  let grading: ReceiptAndGrading;
  let passports: WorkQueueService;
  let routing: RoutingWorkflow;
  let repairStore: DynamoDbRepairNetworkStore;
  let network: RepairNetworkService;
  let networkDependencies: ConstructorParameters<typeof RepairNetworkService>[0];
  let partners: RepairPartners;
  const posted: { url: string; body: string; headers: Record<string, string> }[] = [];
  let partnerAnswers = 200;
  /** What DNS answers for the partners' host, partner.example; no other name resolves. */
  let partnerAddresses: ResolvedAddress[] = [{ address: '93.184.215.14', family: 4 }];
  let clock = Date.parse('2026-11-20T10:00:00.000Z');
  const now = () => new Date((clock += 1_000));

  const resolveHost = async (name: string) =>
    name === 'partner.example' ? partnerAddresses : Promise.reject(Object.assign(new Error(name), { code: 'ENOTFOUND' }));

  beforeAll(async () => {
    const client = localDynamoDb(inject('dynamodbEndpoint'));
    doc = DynamoDBDocumentClient.from(client);
    tableName = `repair-${newId()}`;
    await createTableLikeStack(client, tableName);
    store = new DynamoDbSeedingPassportStore(tableName, client);
    repairStore = new DynamoDbRepairNetworkStore(tableName, store, client);
    passports = new WorkQueueService({ store, network: repairStore });
    grading = receiptAndGrading({ store, passports, now, trackingSecret: async () => 'tracking', repairs: repairStore });
    routing = new RoutingWorkflow({ store, network: repairStore, now });
    networkDependencies = {
      store,
      network: repairStore,
      cipher: new FieldCipher(async () => 'field-key-for-tests'),
      sender: {
        post: async ({ url }, body, headers) => {
          posted.push({ url, body, headers });
          return partnerAnswers;
        },
      },
      now,
      apiBaseUrl: API,
      allowLocalHttp: false,
      resolveHost,
    };
    network = new RepairNetworkService(networkDependencies);
    partners = new RepairPartners({ store, network: repairStore, cipher: new FieldCipher(async () => 'field-key-for-tests'), now, randomBytes, allowLocalHttp: false, resolveHost });
  });

  /**
   * The repair store, whose first `method` call runs `overtake` before it goes on: another request that lands between
   * that call's reads before it and what it does.
   */
  function overtakenAt<M extends 'applyReport' | 'withdrawJob' | 'getJob'>(method: M, overtake: () => Promise<unknown>): DynamoDbRepairNetworkStore {
    let overtaken = false;
    return new Proxy(repairStore, {
      get(target, property, receiver) {
        if (property !== method) return Reflect.get(target, property, receiver);
        return async (...args: Parameters<DynamoDbRepairNetworkStore[M]>) => {
          if (!overtaken) {
            overtaken = true;
            await overtake();
          }
          return (target[method] as (...args: Parameters<DynamoDbRepairNetworkStore[M]>) => unknown).apply(target, args);
        };
      },
    });
  }

  async function aBrandWithCatalog() {
    const brand = aBrand();
    await store.putCatalog({ ...demoBrand, config: { ...demoBrand.config, brand: brand.brand, routing: demoRouting } });
    return brand;
  }

  /** A passport of the brand graded FAIR from a FAIR offer: accepted, and routed to repair. */
  async function aPassportToRepair(brand: string, postalCode = '10115') {
    const quote = aQuote({ brand, grade: 'FAIR', value: { min: 8_900, max: 13_100, currency: 'EUR' } });
    await store.saveQuote(quote);
    const passport = aPassport(quote, { address: { ...aPassport(quote).address, postalCode } });
    await store.createPassport(passport, { type: 'TakeBackRequested', data: {} });
    await store.transition(passport.id, { to: 'LABEL_CREATED', at: now().toISOString(), event: { type: 'LabelCreated', data: {} } });
    const staff: Staff = { subject: 'ops-1', brand, roles: ['ops'] };
    await grading.receive(staff, passport.id, {});
    const graded = await grading.grade(staff, passport.id, { grade: 'FAIR', notes: 'Battery worn' });
    expect(graded).toMatchObject({ state: 'GRADED', route: { route: 'REPAIR' } });
    return passport.id;
  }

  function signed(secret: string, report: PartnerReport, id = `msg_${newId()}`) {
    const rawBody = JSON.stringify(report);
    return { rawBody, headers: webhookHeaders({ id, timestamp: Math.floor(clock / 1000), body: rawBody, secret }), id };
  }

  /** Signed by hand, as a partner's own code would: `signed` cannot sign the ids the platform refuses. */
  function signedByHand(secret: string, report: PartnerReport, id: string) {
    const rawBody = JSON.stringify(report);
    const timestamp = String(Math.floor(clock / 1000));
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest('base64');
    return { rawBody, headers: { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` } };
  }

  it('generates a secret for a new partner and shows it once, keeping it sealed in the table', async () => {
    const { admin, partner } = await aBrandWithCatalog();

    const created = await partners.savePartner(admin, 'rp-one', partner(), API);
    const updated = await partners.savePartner(admin, 'rp-one', partner({ capacity: 3 }), API);

    expect(created).toMatchObject({ created: true, partner: { partnerId: 'rp-one', reportUrl: `${API}/v1/webhooks/repair-partners/rp-one` } });
    expect(created.partner.webhookSecret).toMatch(/^whsec_/);
    expect(updated).toMatchObject({ created: false, partner: { capacity: 3 } });
    expect(updated.partner.webhookSecret).toBeUndefined();
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: partnerSecretKey(admin.brand, 'rp-one') }));
    expect(JSON.stringify(Item)).not.toContain(created.partner.webhookSecret!.slice('whsec_'.length));
  });

  it('stores a partner endpoint whose host is in upper case with the host in lower case', async () => {
    const { admin, partner } = await aBrandWithCatalog();

    const saved = await partners.savePartner(admin, 'rp-shouted', partner({ webhookUrl: 'HTTPS://PARTNER.example/Jobs' }), API);

    expect(saved.partner.webhookUrl).toBe('https://partner.example/Jobs');
    expect((await partners.listPartners(admin, API)).partners.map(({ webhookUrl }) => webhookUrl)).toEqual(['https://partner.example/Jobs']);
  });

  it('refuses a partner endpoint that is not public HTTPS and a category the catalog does not have', async () => {
    const { admin, partner } = await aBrandWithCatalog();

    await expect(partners.savePartner(admin, 'rp-two', partner({ webhookUrl: 'http://127.0.0.1:9/jobs' }), API)).rejects.toMatchObject({
      status: 400,
      issues: [{ path: ['webhookUrl'] }],
    });
    await expect(partners.savePartner(admin, 'rp-two', partner({ webhookUrl: 'https://metadata.google.internal/jobs' }), API)).rejects.toMatchObject({
      status: 422,
      message: 'The webhook URL could not be resolved: metadata.google.internal has no address (ENOTFOUND).',
      issues: [{ path: ['webhookUrl'] }],
    });
    await expect(partners.savePartner(admin, 'rp-two', partner({ categories: ['smartphone', 'toaster'] }), API)).rejects.toMatchObject({
      status: 422,
      issues: [{ path: ['categories', 1] }],
    });
    expect((await partners.listPartners(admin, API)).partners).toEqual([]);
  });

  it("refuses a partner whose labour rate is not in the brand's currency, naming the field and the currency, and writes nothing", async () => {
    const { admin, partner } = await aBrandWithCatalog();
    await partners.savePartner(admin, 'rp-euro', partner(), API);

    for (const partnerId of ['rp-dollar', 'rp-euro']) {
      const refusal = partners.savePartner(admin, partnerId, partner({ labourRatePerHour: { amount: 1, currency: 'USD' } }), API);

      await expect(refusal).rejects.toBeInstanceOf(UnprocessableError);
      await expect(refusal).rejects.toMatchObject({ issues: [{ in: 'body', path: ['labourRatePerHour', 'currency'], message: "must be EUR, the brand's currency" }] });
    }
    expect((await partners.listPartners(admin, API)).partners).toMatchObject([{ partnerId: 'rp-euro', labourRatePerHour: partner().labourRatePerHour }]);
  });

  it('assigns a job to the partner and moves the passport to IN_REPAIR with the expected cost', async () => {
    const { brand, admin, partner } = await aBrandWithCatalog();
    await partners.savePartner(admin, 'rp-berlin', partner(), API);
    const id = await aPassportToRepair(brand);

    const assignment = await routing.assignRepairPartner(id);

    expect(assignment).toEqual({ outcome: 'ASSIGNED', jobId: `${id}-R1` });
    const passport = await store.getPassport(id);
    expect(passport).toMatchObject({ state: 'IN_REPAIR', repair: { jobId: `${id}-R1`, partnerId: 'rp-berlin' } });
    const assigned = (await store.getTimeline(id)).find((event) => event.type === 'RepairAssigned')!;
    expect(RepairAssignedSchema.shape.data.parse(assigned.data)).toEqual({ jobId: `${id}-R1`, partnerId: 'rp-berlin', expectedCost: eur(4_500), costLimit: eur(8_750) });
    expect(await routing.assignRepairPartner(id)).toEqual(assignment);
  });

  it('assigns one job when the routing of one item runs ten times at once (a sweep or a redrive beside an execution still running)', async () => {
    const { brand, admin, partner } = await aBrandWithCatalog();
    await partners.savePartner(admin, 'rp-busy', partner({ capacity: 5 }), API);
    const id = await aPassportToRepair(brand);

    const outcomes = await Promise.all(Array.from({ length: 10 }, () => routing.assignRepairPartner(id)));

    expect(outcomes).toEqual(outcomes.map(() => ({ outcome: 'ASSIGNED', jobId: `${id}-R1` })));
    expect((await store.getTimeline(id)).filter((event) => event.type === 'RepairAssigned')).toHaveLength(1);
    expect((await partners.listPartners(admin, API)).partners).toMatchObject([{ partnerId: 'rp-busy', openJobs: 1, capacity: 5 }]);
  });

  it('gives no partner an item whose route ops changed to recycling while a partner was being chosen', async () => {
    const { brand, admin, partner } = await aBrandWithCatalog();
    await partners.savePartner(admin, 'rp-raced', partner(), API);
    const id = await aPassportToRepair(brand);
    const at = now().toISOString();
    const { store: racingStore, changed } = changedAfterFirstRead(store, () =>
      store.amend(id, {
        in: ['GRADED'],
        at,
        set: { route: { route: 'RECYCLE', reason: 'Water damage', decidedAt: at, overriddenBy: 'ops-1' } },
        event: { type: 'RouteOverridden', data: { from: 'REPAIR', route: 'RECYCLE' } },
      }),
    );
    const racingNetwork = new DynamoDbRepairNetworkStore(tableName, racingStore, localDynamoDb(inject('dynamodbEndpoint')));
    const racing = new RoutingWorkflow({ store: racingStore, network: racingNetwork, now });

    expect(await racing.assignRepairPartner(id)).toEqual({ outcome: 'SKIPPED' });
    expect(changed()).toBe(true);
    expect(await store.getPassport(id)).toMatchObject({ state: 'GRADED', route: { route: 'RECYCLE' } });
    expect((await partners.listPartners(admin, API)).partners).toMatchObject([{ partnerId: 'rp-raced', openJobs: 0 }]);
  });

  it('leaves the passport to a person, with the reason, when no partner serves its region', async () => {
    const { brand, admin, ops, partner } = await aBrandWithCatalog();
    await partners.savePartner(admin, 'rp-munich', partner({ regions: { countries: ['DE'], postalCodePrefixes: ['80'] } }), API);
    const id = await aPassportToRepair(brand, '10115');

    const assignment = await routing.assignRepairPartner(id);

    expect(assignment).toEqual({ outcome: 'NEEDS_ATTENTION', reason: 'No repair partner for smartphone serves DE 10115' });
    expect(await store.getPassport(id)).toMatchObject({
      state: 'NEEDS_ATTENTION',
      attention: {
        reason: 'No repair partner for smartphone serves DE 10115',
        basis: { kind: 'NO_REPAIR_PARTNER', problem: 'no-partner-for-region', category: 'smartphone', where: 'DE 10115' },
      },
    });

    await partners.savePartner(admin, 'rp-berlin', partner(), API);
    await grading.overrideRoute(ops, id, { route: 'REPAIR', reason: 'Berlin partner signed up' });
    expect(await routing.assignRepairPartner(id)).toEqual({ outcome: 'ASSIGNED', jobId: `${id}-R1` });
  });

  it('never gives a partner more open jobs than its capacity, even when items are assigned at the same time', async () => {
    const { brand, admin, partner } = await aBrandWithCatalog();
    await partners.savePartner(admin, 'rp-small', partner({ capacity: 1 }), API);
    const ids = [await aPassportToRepair(brand), await aPassportToRepair(brand), await aPassportToRepair(brand)];

    const outcomes = await Promise.all(ids.map((id) => routing.assignRepairPartner(id)));

    expect(outcomes.filter((outcome) => outcome.outcome === 'ASSIGNED')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.outcome === 'NEEDS_ATTENTION')).toHaveLength(2);
    expect((await partners.listPartners(admin, API)).partners).toMatchObject([{ partnerId: 'rp-small', openJobs: 1, capacity: 1 }]);
  });

  it('gives no job to a partner whose admin lowered its capacity or took it off between the read and the assignment', async () => {
    for (const change of [{ capacity: 0 }, { active: false }]) {
      const { brand, admin, partner } = await aBrandWithCatalog();
      await partners.savePartner(admin, 'rp-changing', partner({ capacity: 1 }), API);
      const id = await aPassportToRepair(brand);
      const { racing, changed } = changedAfterFirstCall(repairStore, 'partners', () => partners.savePartner(admin, 'rp-changing', partner({ capacity: 1, ...change }), API));

      const outcome = await new RoutingWorkflow({ store, network: racing, now }).assignRepairPartner(id);

      expect(changed()).toBe(true);
      expect(outcome).toMatchObject({ outcome: 'NEEDS_ATTENTION' });
      expect((await partners.listPartners(admin, API)).partners).toMatchObject([{ partnerId: 'rp-changing', openJobs: 0, ...change }]);
    }
  });

  it('flags a routing failure only for the route as it is, also when ops route the item again between the read and the flag', async () => {
    const { brand, ops } = await aBrandWithCatalog();
    const id = await aPassportToRepair(brand);
    const failure = { error: 'RepairNetworkUnavailable', cause: 'DynamoDB throttled' };
    const gradedAt = (await store.getPassport(id))!.route!.decidedAt;
    const { store: racing, changed } = changedAfterFirstRead(store, () => grading.overrideRoute(ops, id, { route: 'RECYCLE', reason: 'Not worth repairing' }));

    const stale = await new RoutingWorkflow({ store: racing, network: repairStore, now }).flagRoutingFailure(id, failure, gradedAt);

    expect(changed()).toBe(true);
    expect(stale).toEqual({ flagged: false });
    const overridden = (await store.getPassport(id))!;
    expect(overridden).toMatchObject({ state: 'GRADED', route: { route: 'RECYCLE' } });
    // A failure of the override's own run is the route's.
    expect(await routing.flagRoutingFailure(id, failure, overridden.route!.decidedAt)).toEqual({ flagged: true });
    expect((await store.getPassport(id))!).toMatchObject({
      state: 'NEEDS_ATTENTION',
      attention: {
        reason: "Routing failed (RepairNetworkUnavailable): DynamoDB throttled. Check the brand's route rules and repair partners, then override the route.",
        basis: { kind: 'STEP_FAILED', step: 'ROUTING', error: 'RepairNetworkUnavailable', message: 'DynamoDB throttled' },
      },
    });
  });

  it('sends the job signed with the partner secret, with the same webhook id on every try, until the partner takes it', async () => {
    const { brand, admin, partner } = await aBrandWithCatalog();
    const { partner: saved } = await partners.savePartner(admin, 'rp-send', partner(), API);
    const id = await aPassportToRepair(brand);
    await routing.assignRepairPartner(id);
    const sentBefore = posted.length;

    partnerAnswers = 503;
    await expect(network.deliverJob({ passportId: id, jobId: `${id}-R1` })).rejects.toBeInstanceOf(PartnerDeliveryFailedError);
    partnerAnswers = 200;
    expect(await network.deliverJob({ passportId: id, jobId: `${id}-R1` })).toEqual({ delivered: true, withdrawalDelivered: false });
    expect(await network.deliverJob({ passportId: id, jobId: `${id}-R1` })).toEqual({ delivered: false, withdrawalDelivered: false });

    const tries = posted.slice(sentBefore);
    expect(tries).toHaveLength(2);
    expect(new Set(tries.map((one) => one.headers['webhook-id']))).toEqual(new Set([`job_${id}-R1`]));
    // The same body on every try (its timestamp was the try's own until 7 December 2026); only the signature's time moves.
    expect(new Set(tries.map((one) => one.body)).size).toBe(1);
    expect(tries[0]!.headers['webhook-timestamp']).not.toBe(tries[1]!.headers['webhook-timestamp']);
    const [last] = tries.slice(-1);
    expect(verifyWebhook({ headers: last!.headers, body: last!.body, secrets: [saved.webhookSecret!], nowSeconds: Math.floor(clock / 1000) })).toMatchObject({ ok: true });
    expect(JSON.parse(last!.body)).toMatchObject({
      type: 'repair-job.assigned',
      data: { jobId: `${id}-R1`, passportId: id, grade: 'FAIR', grading: { notes: 'Battery worn' }, reportUrl: `${API}/v1/webhooks/repair-partners/rp-send` },
    });
  });

  it("refuses to send a job while the partner's name resolves to a private address, and sends it once it is public again", async () => {
    const { brand, admin, partner } = await aBrandWithCatalog();
    await partners.savePartner(admin, 'rp-moved', partner(), API);
    const id = await aPassportToRepair(brand);
    await routing.assignRepairPartner(id);
    const sentBefore = posted.length;

    partnerAddresses = [{ address: '93.184.215.14', family: 4 }, { address: '10.1.2.3', family: 4 }];
    await expect(network.deliverJob({ passportId: id, jobId: `${id}-R1` })).rejects.toThrow(
      new PartnerDeliveryFailedError(
        `Job ${id}-R1 was not sent to https://partner.example/jobs: it must resolve to public addresses only; partner.example resolves to 10.1.2.3 (private).`,
      ),
    );
    expect(posted.length).toBe(sentBefore);

    partnerAddresses = [{ address: '93.184.215.14', family: 4 }];
    expect(await network.deliverJob({ passportId: id, jobId: `${id}-R1` })).toEqual({ delivered: true, withdrawalDelivered: false });
    expect(posted.slice(sentBefore).map((one) => one.url)).toEqual(['https://partner.example/jobs']);
  });

  it('applies signed reports: ACCEPTED keeps the item in repair, COMPLETED repairs it and books labour and parts once', async () => {
    const { brand, admin, ops, partner } = await aBrandWithCatalog();
    const secret = newWebhookSecret(randomBytes(32));
    await partners.savePartner(admin, 'rp-report', partner({ webhookSecret: secret }), API);
    const id = await aPassportToRepair(brand);
    const jobId = `${id}-R1`;
    await routing.assignRepairPartner(id);
    const report = (body: PartnerReport, webhookId?: string) => {
      const message = signed(secret, body, webhookId);
      return network.applyReport({ partnerId: 'rp-report', headers: message.headers, rawBody: message.rawBody, report: body });
    };

    expect(await report({ jobId, status: 'ACCEPTED' })).toEqual({ jobId, status: 'ACCEPTED', applied: true });
    const completed = { jobId, status: 'COMPLETED' as const, laborMinutes: 40, cost: eur(3_500), parts: [{ sku: 'BAT-X2', name: 'Battery', quantity: 1, cost: eur(1_900) }] };
    const [first, replay] = await Promise.all([report(completed, 'msg_done'), report(completed, 'msg_done')]);
    const again = await report(completed, 'msg_done');

    expect([first.applied, replay.applied].sort()).toEqual([false, true]);
    expect(again).toEqual({ jobId, status: 'COMPLETED', applied: false });
    const detail = await passports.detail(ops, id);
    expect(detail.state).toBe('REPAIRED');
    const timeline = await store.getTimeline(id);
    expect(timeline.map((event) => event.type).slice(-3)).toEqual(['RepairAssigned', 'RepairUpdated', 'Repaired']);
    expect(RepairedSchema.shape.data.parse(timeline.at(-1)!.data)).toEqual({ jobId, partnerId: 'rp-report', laborMinutes: 40, cost: eur(5_400) });
    expect(detail.ledger.map((entry) => [entry.kind, entry.amount.amount])).toEqual([
      ['REPAIR', 3_500],
      ['PARTS', 1_900],
    ]);
    expect(detail.economics).toEqual({ currency: 'EUR', revenue: 0, costs: 5_400, margin: -5_400 });
    // The repair's lines are the brand's lines of their month too, with the passport's category.
    const ofMonth = await new DynamoDbLedgerStore(tableName, localDynamoDb(inject('dynamodbEndpoint'))).ledgerLines(brand, monthBounds(detail.ledger[0]!.at.slice(0, 7), 'UTC'));
    expect(ofMonth.filter((line) => line.passportId === id).map((line) => [line.kind, line.category])).toEqual([
      ['REPAIR', 'smartphone'],
      ['PARTS', 'smartphone'],
    ]);
    expect(detail.jobs).toMatchObject([{ jobId, status: 'COMPLETED', laborMinutes: 40, reports: [{ status: 'ACCEPTED' }, { status: 'COMPLETED' }] }]);
    expect((await partners.listPartners(admin, API)).partners).toMatchObject([{ partnerId: 'rp-report', openJobs: 0, repairYield: 1 }]);
  });

  it('sends an item its partner found unrepairable to recycling', async () => {
    const { brand, admin, partner } = await aBrandWithCatalog();
    const secret = newWebhookSecret(randomBytes(32));
    await partners.savePartner(admin, 'rp-gives-up', partner({ webhookSecret: secret }), API);
    const id = await aPassportToRepair(brand);
    await routing.assignRepairPartner(id);
    const body: PartnerReport = { jobId: `${id}-R1`, status: 'UNREPAIRABLE', notes: 'Board corroded' };
    const message = signed(secret, body);

    await network.applyReport({ partnerId: 'rp-gives-up', headers: message.headers, rawBody: message.rawBody, report: body });

    expect(await store.getPassport(id)).toMatchObject({ state: 'RECYCLE', route: { route: 'RECYCLE', reason: expect.stringContaining('Board corroded') } });
  });

  it('books a partner saved before its name was held to one line with a name of one line', async () => {
    const { brand, admin, ops, partner } = await aBrandWithCatalog();
    const secret = newWebhookSecret(randomBytes(32));
    await partners.savePartner(admin, 'rp-old-name', partner({ webhookSecret: secret }), API);
    // As a partner saved before 7 December 2026 may be stored: a line break and a bidi override in its name.
    await doc.send(new UpdateCommand({ TableName: tableName, Key: { PK: repairPartnerKey(brand, 'rp-old-name').PK, SK: repairPartnerKey(brand, 'rp-old-name').SK }, UpdateExpression: 'SET #name = :name', ExpressionAttributeNames: { '#name': 'name' }, ExpressionAttributeValues: { ':name': 'Geräte\r\nwerk \u202eBerlin' } }));
    const id = await aPassportToRepair(brand);
    await routing.assignRepairPartner(id);
    const body: PartnerReport = { jobId: `${id}-R1`, status: 'UNREPAIRABLE', cost: eur(1_500), notes: 'Board corroded' };
    const message = signed(secret, body);

    await network.applyReport({ partnerId: 'rp-old-name', headers: message.headers, rawBody: message.rawBody, report: body });

    const detail = await passports.detail(ops, id);
    expect(detail.ledger.map((entry) => entry.description)).toEqual(['Diagnosis (unrepairable) by Geräte  werk  Berlin']);
    expect(detail.route).toMatchObject({ route: 'RECYCLE', reason: 'Geräte  werk  Berlin found the item unrepairable: Board corroded' });
  });

  it('refuses a report whose part lines come to more than an amount may be, books nothing, and refuses its retry alike', async () => {
    const { brand, admin, ops, partner } = await aBrandWithCatalog();
    const secret = newWebhookSecret(randomBytes(32));
    await partners.savePartner(admin, 'rp-overcharges', partner({ webhookSecret: secret }), API);
    const id = await aPassportToRepair(brand);
    const jobId = `${id}-R1`;
    await routing.assignRepairPartner(id);
    const parts = Array.from({ length: 50 }, (_, index) => ({ sku: `P-${index}`, name: 'Part', quantity: 1_000, cost: eur(1_000_000_000) }));
    const overcharged: PartnerReport = { jobId, status: 'COMPLETED', laborMinutes: 100_000, cost: eur(1_000_000_000), parts };
    const message = signed(secret, overcharged, 'msg_overcharged');
    const send = () => network.applyReport({ partnerId: 'rp-overcharges', headers: message.headers, rawBody: message.rawBody, report: overcharged });
    const before = await store.getTimeline(id);

    for (const attempt of [send, send]) {
      const refusal = await attempt().catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(ValidationError);
      expect((refusal as ValidationError).issues[0]).toEqual({ in: 'body', path: ['parts', 0], message: 'must come to at most 1000000000 minor units (quantity × cost)' });
    }

    const detail = await passports.detail(ops, id);
    expect(detail).toMatchObject({ state: 'IN_REPAIR', ledger: [], jobs: [{ jobId, status: 'ASSIGNED', reports: [] }] });
    expect(await store.getTimeline(id)).toEqual(before);
    const fair = { jobId, status: 'COMPLETED' as const, cost: eur(3_500) };
    const corrected = signed(secret, fair);
    expect(await network.applyReport({ partnerId: 'rp-overcharges', headers: corrected.headers, rawBody: corrected.rawBody, report: fair })).toEqual({ jobId, status: 'COMPLETED', applied: true });
  });

  it('answers a final report that comes after the job was finished as not applied, and keeps what the first one brought', async () => {
    const { brand, admin, ops, partner } = await aBrandWithCatalog();
    const secret = newWebhookSecret(randomBytes(32));
    await partners.savePartner(admin, 'rp-reports-twice', partner({ webhookSecret: secret }), API);
    const id = await aPassportToRepair(brand);
    const jobId = `${id}-R1`;
    await routing.assignRepairPartner(id);
    const report = (body: PartnerReport) => {
      const message = signed(secret, body);
      return network.applyReport({ partnerId: 'rp-reports-twice', headers: message.headers, rawBody: message.rawBody, report: body });
    };

    const first = await report({ jobId, status: 'UNREPAIRABLE', cost: eur(1_500), notes: 'Board corroded' });
    const second = await report({ jobId, status: 'UNREPAIRABLE', cost: eur(2_500), notes: 'Water damage too' });

    expect(first).toEqual({ jobId, status: 'UNREPAIRABLE', applied: true });
    expect(second).toEqual({ jobId, status: 'UNREPAIRABLE', applied: false });
    const detail = await passports.detail(ops, id);
    expect(detail.jobs).toMatchObject([{ jobId, status: 'UNREPAIRABLE', cost: eur(1_500), notes: 'Board corroded' }]);
    expect(detail.ledger.map((entry) => [entry.kind, entry.amount.amount])).toEqual([['REPAIR', 1_500]]);
  });

  it('answers only the one of several final reports sent at once that was applied as applied', async () => {
    const { brand, admin, ops, partner } = await aBrandWithCatalog();
    const secret = newWebhookSecret(randomBytes(32));
    await partners.savePartner(admin, 'rp-reports-at-once', partner({ webhookSecret: secret }), API);
    const id = await aPassportToRepair(brand);
    const jobId = `${id}-R1`;
    await routing.assignRepairPartner(id);
    const reports = Array.from({ length: 5 }, (_, n): PartnerReport => ({ jobId, status: 'COMPLETED', laborMinutes: 30 + n, cost: eur(3_000 + n) }));

    const answers = await Promise.all(
      reports.map((body) => {
        const message = signed(secret, body);
        return network.applyReport({ partnerId: 'rp-reports-at-once', headers: message.headers, rawBody: message.rawBody, report: body });
      }),
    );

    expect(answers.filter((answer) => answer.applied)).toHaveLength(1);
    expect(answers.every((answer) => answer.status === 'COMPLETED')).toBe(true);
    const taken = reports[answers.findIndex((answer) => answer.applied)]!;
    const detail = await passports.detail(ops, id);
    expect(detail.jobs).toMatchObject([{ jobId, status: 'COMPLETED', laborMinutes: taken.laborMinutes, cost: taken.cost }]);
    expect(detail.ledger.map((entry) => [entry.kind, entry.amount])).toEqual([['REPAIR', taken.cost]]);
  });

  it("answers a report that lost to a final one finishing the job between its read and its write with the job's status, as a 409", async () => {
    const { brand, admin, partner } = await aBrandWithCatalog();
    const secret = newWebhookSecret(randomBytes(32));
    await partners.savePartner(admin, 'rp-overtaken', partner({ webhookSecret: secret }), API);
    const id = await aPassportToRepair(brand);
    const jobId = `${id}-R1`;
    await routing.assignRepairPartner(id);
    const report = (service: RepairNetworkService, body: PartnerReport) => {
      const message = signed(secret, body);
      return service.applyReport({ partnerId: 'rp-overtaken', headers: message.headers, rawBody: message.rawBody, report: body });
    };
    // The COMPLETED report lands after the ACCEPTED one read the job ASSIGNED and its passport IN_REPAIR, and before it writes.
    const overtaking = overtakenAt('applyReport', () => report(network, { jobId, status: 'COMPLETED', laborMinutes: 20, cost: eur(2_000) }));
    const racing = new RepairNetworkService({ ...networkDependencies, network: overtaking });

    const refusal = report(racing, { jobId, status: 'ACCEPTED' });

    await expect(refusal).rejects.toBeInstanceOf(ConflictError);
    await expect(refusal).rejects.toMatchObject({ extensions: { currentStatus: 'COMPLETED' } });
    expect((await store.getTimeline(id)).filter((event) => event.type === 'RepairUpdated')).toEqual([]);
  });

  it.each<PartnerReport['status']>(['ACCEPTED', 'IN_PROGRESS'])('refuses amounts in another currency than the job in a report of %s, and applies nothing', async (status) => {
    const { brand, admin, partner } = await aBrandWithCatalog();
    const secret = newWebhookSecret(randomBytes(32));
    await partners.savePartner(admin, 'rp-other-currency', partner({ webhookSecret: secret }), API);
    const id = await aPassportToRepair(brand);
    await routing.assignRepairPartner(id);
    const body: PartnerReport = { jobId: `${id}-R1`, status, cost: { amount: 3_500, currency: 'USD' }, parts: [{ sku: 'BAT-X2', name: 'Battery', quantity: 1, cost: { amount: 1_900, currency: 'USD' } }] };
    const message = signed(secret, body);

    const refusal = network.applyReport({ partnerId: 'rp-other-currency', headers: message.headers, rawBody: message.rawBody, report: body });

    await expect(refusal).rejects.toBeInstanceOf(UnprocessableError);
    await expect(refusal).rejects.toMatchObject({ issues: [{ path: ['cost', 'currency'] }, { path: ['parts', 0, 'cost', 'currency'] }] });
    expect(await repairStore.getJob(id, `${id}-R1`)).toMatchObject({ status: 'ASSIGNED', reports: [] });
    expect(await repairStore.wasWebhookApplied(id, 'rp-other-currency', `${id}-R1`, message.id)).toBe(false);
    expect((await store.getTimeline(id)).map((event) => event.type)).not.toContain('RepairUpdated');
  });

  it.each([
    ['holds a full stop', 'msg_2f9Qk3.1', 'must not contain a full stop (.)'],
    ['is longer than 255 characters', `msg_${'x'.repeat(252)}`, 'must be at most 255 characters'],
  ])('refuses a signed report whose webhook-id %s, naming the header, and applies nothing', async (_, webhookId, message) => {
    const { brand, admin, partner } = await aBrandWithCatalog();
    const secret = newWebhookSecret(randomBytes(32));
    await partners.savePartner(admin, 'rp-odd-webhook-id', partner({ webhookSecret: secret }), API);
    const id = await aPassportToRepair(brand);
    await routing.assignRepairPartner(id);
    const body: PartnerReport = { jobId: `${id}-R1`, status: 'ACCEPTED' };
    const report = signedByHand(secret, body, webhookId);

    await network.authenticateReport({ body: report.rawBody, headers: report.headers, path: { partnerId: 'rp-odd-webhook-id' } });
    const refusal = network.applyReport({ partnerId: 'rp-odd-webhook-id', headers: report.headers, rawBody: report.rawBody, report: body });

    await expect(refusal).rejects.toBeInstanceOf(ValidationError);
    await expect(refusal).rejects.toMatchObject({ issues: [{ in: 'header', path: ['webhook-id'], message }] });
    expect(await repairStore.getJob(id, `${id}-R1`)).toMatchObject({ status: 'ASSIGNED', reports: [] });
    expect(await repairStore.wasWebhookApplied(id, 'rp-odd-webhook-id', `${id}-R1`, webhookId)).toBe(false);
    expect((await store.getTimeline(id)).map((event) => event.type)).not.toContain('RepairUpdated');
  });

  it('refuses reports nobody with the partner id signed, and reports on a job of another brand’s partner of the same id', async () => {
    const first = await aBrandWithCatalog();
    const second = await aBrandWithCatalog();
    const secret = newWebhookSecret(randomBytes(32));
    const otherSecret = newWebhookSecret(randomBytes(32));
    await partners.savePartner(first.admin, 'rp-shared-name', first.partner({ webhookSecret: secret }), API);
    await partners.savePartner(second.admin, 'rp-shared-name', second.partner({ webhookSecret: otherSecret }), API);
    const id = await aPassportToRepair(first.brand);
    await routing.assignRepairPartner(id);
    const body: PartnerReport = { jobId: `${id}-R1`, status: 'ACCEPTED' };
    const forged = signed(newWebhookSecret(randomBytes(32)), body);
    const fromOtherBrand = signed(otherSecret, body);

    await expect(network.authenticateReport({ body: forged.rawBody, headers: forged.headers, path: { partnerId: 'rp-shared-name' } })).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(network.authenticateReport({ body: forged.rawBody, headers: forged.headers, path: { partnerId: 'rp-nobody' } })).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(network.authenticateReport({ body: forged.rawBody, headers: forged.headers, path: { partnerId: 'x'.repeat(3_000) } })).rejects.toBeInstanceOf(UnauthenticatedError);
    await network.authenticateReport({ body: fromOtherBrand.rawBody, headers: fromOtherBrand.headers, path: { partnerId: 'rp-shared-name' } });
    await expect(network.applyReport({ partnerId: 'rp-shared-name', headers: fromOtherBrand.headers, rawBody: fromOtherBrand.rawBody, report: body })).rejects.toBeInstanceOf(NotFoundError);
    expect((await store.getPassport(id))?.state).toBe('IN_REPAIR');
    expect((await store.getTimeline(id)).map((event) => event.type)).not.toContain('RepairUpdated');
  });

  it("verifies a partner's report when another brand's partner of the same id has a secret that no longer opens", async () => {
    const first = await aBrandWithCatalog();
    const second = await aBrandWithCatalog();
    const secret = newWebhookSecret(randomBytes(32));
    await partners.savePartner(first.admin, 'rp-damaged-twin', first.partner({ webhookSecret: newWebhookSecret(randomBytes(32)) }), API);
    await partners.savePartner(second.admin, 'rp-damaged-twin', second.partner({ webhookSecret: secret }), API);
    // The first brand's sealed secret is altered in the table: it fails its authentication when opened.
    const key = partnerSecretKey(first.brand, 'rp-damaged-twin');
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    const sealed = String(Item!.sealed);
    await doc.send(new UpdateCommand({ TableName: tableName, Key: key, UpdateExpression: 'SET sealed = :s', ExpressionAttributeValues: { ':s': `${sealed.slice(0, -4)}${sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA'}` } }));
    const report = signed(secret, { jobId: `${newId()}-R1`, status: 'ACCEPTED' });
    const forged = signed(newWebhookSecret(randomBytes(32)), { jobId: `${newId()}-R1`, status: 'ACCEPTED' });

    await network.authenticateReport({ body: report.rawBody, headers: report.headers, path: { partnerId: 'rp-damaged-twin' } });
    await expect(network.authenticateReport({ body: forged.rawBody, headers: forged.headers, path: { partnerId: 'rp-damaged-twin' } })).rejects.toBeInstanceOf(UnauthenticatedError);

    // With the only secret of that id unreadable, the fault is ours: not a 401 that tells the partner its signature is wrong.
    await partners.savePartner(first.admin, 'rp-damaged-alone', first.partner({ webhookSecret: secret }), API);
    const alone = partnerSecretKey(first.brand, 'rp-damaged-alone');
    await doc.send(new UpdateCommand({ TableName: tableName, Key: alone, UpdateExpression: 'SET sealed = :s', ExpressionAttributeValues: { ':s': 'v1.garbled' } }));
    await expect(network.authenticateReport({ body: report.rawBody, headers: report.headers, path: { partnerId: 'rp-damaged-alone' } })).rejects.toBeInstanceOf(UnreadableSealError);
  });

  it('refuses a move from a state other than the one the caller read, and an amendment in another state', async () => {
    const { brand } = await aBrandWithCatalog();
    const id = await aPassportToRepair(brand);

    await expect(store.transition(id, { to: 'COUNTER_OFFERED', from: ['RECEIVED'], at: now().toISOString(), event: { type: 'Graded', data: {} } })).rejects.toMatchObject({
      extensions: { currentState: 'GRADED' },
    });
    await expect(store.amend(id, { in: ['IN_REPAIR'], at: now().toISOString(), event: { type: 'RepairUpdated', data: {} } })).rejects.toBeInstanceOf(ConflictError);
    expect((await store.getTimeline(id)).at(-1)?.type).toBe('Graded');
  });

  it('refuses a move on a version read before another change in the same state', async () => {
    const { brand } = await aBrandWithCatalog();
    const id = await aPassportToRepair(brand);
    const read = (await store.getPassport(id))!;
    await store.amend(id, { in: ['GRADED'], at: now().toISOString(), event: { type: 'RouteOverridden', data: {} } });

    await expect(
      store.transition(id, { to: 'RECYCLE', from: ['GRADED'], version: read.version, at: now().toISOString(), event: { type: 'RoutedToRecycling', data: {} } }),
    ).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect(await store.getPassport(id)).toMatchObject({ state: 'GRADED', version: read.version + 1 });
  });

  it('does not recycle an item whose route ops changed back to repair while it was being routed to recycling', async () => {
    const { brand } = await aBrandWithCatalog();
    const id = await aPassportToRepair(brand);
    const at = now().toISOString();
    const routeTo = (route: 'RECYCLE' | 'REPAIR') =>
      store.amend(id, { in: ['GRADED'], at, set: { route: { route, reason: `ops chose ${route}`, decidedAt: at, overriddenBy: 'ops-1' } }, event: { type: 'RouteOverridden', data: { route } } });
    await routeTo('RECYCLE');
    // Ops change their mind right after the recycling step read the passport.
    const { store: racingStore, changed } = changedAfterFirstRead(store, () => routeTo('REPAIR'));
    const routingNetwork = new DynamoDbRepairNetworkStore(tableName, racingStore, localDynamoDb(inject('dynamodbEndpoint')));
    const racing = new RoutingWorkflow({ store: racingStore, network: routingNetwork, now });

    expect(await racing.routeToRecycling(id)).toEqual({ recycled: false });
    expect(changed()).toBe(true);
    expect(await store.getPassport(id)).toMatchObject({ state: 'GRADED', route: { route: 'REPAIR' } });
  });

  describe('taking an item back from its repair partner', () => {
    /** An item out at a partner that has just been switched off (`active: false`, capacity 0), and never answered. */
    async function anItemAtASwitchedOffPartner(partnerId: string) {
      const brand = await aBrandWithCatalog();
      const secret = newWebhookSecret(randomBytes(32));
      await partners.savePartner(brand.admin, partnerId, brand.partner({ webhookSecret: secret }), API);
      const id = await aPassportToRepair(brand.brand);
      await routing.assignRepairPartner(id);
      await partners.savePartner(brand.admin, partnerId, brand.partner({ active: false, capacity: 0 }), API);
      const report = (body: PartnerReport) => {
        const message = signed(secret, body);
        return network.applyReport({ partnerId, headers: message.headers, rawBody: message.rawBody, report: body });
      };
      return { ...brand, id, jobId: `${id}-R1`, secret, report };
    }

    const openJobsAt = async (brand: string, partnerId: string) =>
      (await doc.send(new GetCommand({ TableName: tableName, Key: partnerLoadKey(brand, partnerId), ConsistentRead: true }))).Item?.openJobs;

    it('withdraws the job of a partner switched off, frees its slot, books nothing, and sends the item to another partner', async () => {
      const { brand, admin, ops, partner, id, jobId } = await anItemAtASwitchedOffPartner('rp-closed');
      await partners.savePartner(admin, 'rp-next', partner(), API);

      const routed = await grading.overrideRoute(admin, id, { route: 'REPAIR', reason: 'Partner closed down', jobId });

      expect(routed).toMatchObject({ state: 'GRADED', route: { route: 'REPAIR', reason: 'Partner closed down', overriddenBy: 'admin-1' } });
      expect(routed.jobs).toMatchObject([{ jobId, status: 'WITHDRAWN', withdrawal: { by: 'admin-1', reason: 'Partner closed down' } }]);
      const overridden = (await store.getTimeline(id)).at(-1)!;
      expect(overridden.type).toBe('RouteOverridden');
      expect(RouteOverriddenSchema.shape.data.parse(overridden.data)).toEqual({
        from: 'REPAIR',
        route: 'REPAIR',
        reason: 'Partner closed down',
        by: 'admin-1',
        withdrawn: { jobId, partnerId: 'rp-closed' },
      });
      expect(await openJobsAt(brand, 'rp-closed')).toBe(0);
      expect(routed.ledger).toEqual([]);

      expect(await routing.assignRepairPartner(id)).toEqual({ outcome: 'ASSIGNED', jobId: `${id}-R2` });
      expect((await passports.detail(ops, id)).jobs).toMatchObject([
        { jobId, partnerId: 'rp-closed', status: 'WITHDRAWN' },
        { jobId: `${id}-R2`, partnerId: 'rp-next', status: 'ASSIGNED' },
      ]);
      expect((await partners.listPartners(admin, API)).partners).toMatchObject([
        { partnerId: 'rp-closed', openJobs: 0, repairYield: null },
        { partnerId: 'rp-next', openJobs: 1 },
      ]);
    });

    it("applies a report on the item's next job at the same partner that reuses a webhook id of the job taken back", async () => {
      const { brand, admin, ops, partner } = await aBrandWithCatalog();
      const secret = newWebhookSecret(randomBytes(32));
      await partners.savePartner(admin, 'rp-same-ids', partner({ webhookSecret: secret }), API);
      const id = await aPassportToRepair(brand);
      await routing.assignRepairPartner(id);
      const report = (body: PartnerReport, webhookId: string) => {
        const message = signed(secret, body, webhookId);
        return network.applyReport({ partnerId: 'rp-same-ids', headers: message.headers, rawBody: message.rawBody, report: body });
      };
      // A partner whose ids count per job (`report-1` on every job's first report).
      expect(await report({ jobId: `${id}-R1`, status: 'ACCEPTED' }, 'report-1')).toMatchObject({ applied: true });
      await grading.overrideRoute(admin, id, { route: 'REPAIR', reason: 'Sent back to be repaired again', jobId: `${id}-R1` });
      expect(await routing.assignRepairPartner(id)).toEqual({ outcome: 'ASSIGNED', jobId: `${id}-R2` });

      const completed = { jobId: `${id}-R2`, status: 'COMPLETED' as const, laborMinutes: 40, cost: eur(3_500) };
      expect(await report(completed, 'report-1')).toEqual({ jobId: `${id}-R2`, status: 'COMPLETED', applied: true });
      expect(await report(completed, 'report-1')).toEqual({ jobId: `${id}-R2`, status: 'COMPLETED', applied: false });

      const detail = await passports.detail(ops, id);
      expect(detail.state).toBe('REPAIRED');
      expect(detail.ledger.map((entry) => [entry.kind, entry.amount.amount])).toEqual([['REPAIR', 3_500]]);
    });

    it('takes a webhook id kept before ids were kept per job as applied to the job it names only', async () => {
      const { brand, admin, partner } = await aBrandWithCatalog();
      await partners.savePartner(admin, 'rp-old-ids', partner(), API);
      const id = await aPassportToRepair(brand);
      await routing.assignRepairPartner(id);
      // As an applied report was kept until 8 December 2026: per item and partner, naming its job.
      const item = { ...legacyPartnerWebhookKey(id, 'rp-old-ids', 'msg_old'), entity: 'PartnerWebhook', jobId: `${id}-R1`, status: 'ACCEPTED', receivedAt: new Date().toISOString() };
      await doc.send(new PutCommand({ TableName: tableName, Item: item }));

      expect(await repairStore.wasWebhookApplied(id, 'rp-old-ids', `${id}-R1`, 'msg_old')).toBe(true);
      expect(await repairStore.wasWebhookApplied(id, 'rp-old-ids', `${id}-R2`, 'msg_old')).toBe(false);
      expect(await repairStore.wasWebhookApplied(id, 'rp-old-ids', `${id}-R1`, 'msg_new')).toBe(false);
    });

    it.each(['RECYCLE', 'RESELL'] as const)('takes an item back from its partner to %s it instead', async (route) => {
      const { admin, id, jobId } = await anItemAtASwitchedOffPartner(`rp-to-${route.toLowerCase()}`);

      const routed = await grading.overrideRoute(admin, id, { route, reason: 'No partner for this any more', jobId });

      expect(routed).toMatchObject({ state: 'GRADED', route: { route } });
      expect(await routing.nextStep(id)).toEqual({ step: route });
    });

    it('never sends a job withdrawn before its webhook went out, nor its withdrawal', async () => {
      const { admin, id, jobId } = await anItemAtASwitchedOffPartner('rp-never-told');
      await grading.overrideRoute(admin, id, { route: 'RESELL', reason: 'Sell it as it is', jobId });
      const sentBefore = posted.length;

      // The job's own message, and the withdrawal's.
      expect(await network.deliverJob({ passportId: id, jobId })).toEqual({ delivered: false, withdrawalDelivered: false });
      expect(await network.deliverJob({ passportId: id, jobId })).toEqual({ delivered: false, withdrawalDelivered: false });
      expect(posted.length).toBe(sentBefore);
    });

    it('tells the partner of a job it received that it was withdrawn, signed, with when and why, once however often it is delivered', async () => {
      const { admin, id, jobId, secret } = await anItemAtASwitchedOffPartner('rp-told');
      await network.deliverJob({ passportId: id, jobId });
      await grading.overrideRoute(admin, id, { route: 'RECYCLE', reason: 'Partner closed down', jobId });
      const sentBefore = posted.length;

      partnerAnswers = 503;
      await expect(network.deliverJob({ passportId: id, jobId })).rejects.toBeInstanceOf(PartnerDeliveryFailedError);
      partnerAnswers = 200;
      expect(await network.deliverJob({ passportId: id, jobId })).toEqual({ delivered: false, withdrawalDelivered: true });
      expect(await network.deliverJob({ passportId: id, jobId })).toEqual({ delivered: false, withdrawalDelivered: false });

      const tries = posted.slice(sentBefore);
      expect(tries).toHaveLength(2);
      expect(new Set(tries.map((one) => one.headers['webhook-id']))).toEqual(new Set([`withdrawal_${jobId}`]));
      expect(new Set(tries.map((one) => one.body)).size).toBe(1);
      const [last] = tries.slice(-1);
      expect(verifyWebhook({ headers: last!.headers, body: last!.body, secrets: [secret], nowSeconds: Math.floor(clock / 1000) })).toMatchObject({ ok: true });
      const job = (await repairStore.getJob(id, jobId))!;
      expect(RepairJobWithdrawnWebhookSchema.parse(JSON.parse(last!.body))).toEqual({
        type: 'repair-job.withdrawn',
        timestamp: job.withdrawal!.at,
        data: { jobId, passportId: id, brand: job.brand, withdrawnAt: job.withdrawal!.at, reason: 'Partner closed down' },
      });
      expect(job.withdrawalDeliveredAt).toBeDefined();
    });

    it('tells the partner of a withdrawal that came while its job was on its way, once the job was taken', async () => {
      const { admin, id, jobId } = await anItemAtASwitchedOffPartner('rp-told-late');
      const sentBefore = posted.length;
      let withdrawn: { delivered: boolean; withdrawalDelivered: boolean } | undefined;
      const racing: RepairNetworkService = new RepairNetworkService({
        ...networkDependencies,
        sender: {
          post: async (endpoint, body, headers) => {
            if (!withdrawn) {
              // Between the job's send and its mark: the withdrawal, and its own message, which finds the job not delivered.
              await grading.overrideRoute(admin, id, { route: 'RECYCLE', reason: 'Partner never answered', jobId });
              withdrawn = await racing.deliverJob({ passportId: id, jobId });
            }
            return networkDependencies.sender.post(endpoint, body, headers);
          },
        },
      });

      expect(await racing.deliverJob({ passportId: id, jobId })).toEqual({ delivered: true, withdrawalDelivered: true });

      expect(withdrawn).toEqual({ delivered: false, withdrawalDelivered: false });
      expect(posted.slice(sentBefore).map((one) => one.headers['webhook-id'])).toEqual([`job_${jobId}`, `withdrawal_${jobId}`]);
      expect(await network.deliverJob({ passportId: id, jobId })).toEqual({ delivered: false, withdrawalDelivered: false });
    });

    it('refuses a partner report on the withdrawn job with its status, and changes nothing', async () => {
      const { admin, id, jobId, report } = await anItemAtASwitchedOffPartner('rp-late');
      await grading.overrideRoute(admin, id, { route: 'RECYCLE', reason: 'Partner never answered', jobId });
      const before = (await store.getPassport(id))!;

      const late = report({ jobId, status: 'COMPLETED', laborMinutes: 30, cost: eur(3_000) });

      await expect(late).rejects.toBeInstanceOf(ConflictError);
      await expect(late).rejects.toMatchObject({ extensions: { currentStatus: 'WITHDRAWN' } });
      expect(await store.getPassport(id)).toEqual(before);
      expect(await repairStore.getJob(id, jobId)).toMatchObject({ status: 'WITHDRAWN', reports: [] });
      expect(await repairStore.ledgerOf(id)).toEqual([]);
    });

    it('takes an item back only for an admin naming its open job, and changes nothing otherwise', async () => {
      const { ops, admin, id, jobId } = await anItemAtASwitchedOffPartner('rp-kept');
      const before = (await store.getPassport(id))!;

      await expect(grading.overrideRoute(ops, id, { route: 'RECYCLE', reason: 'Partner never answered', jobId })).rejects.toBeInstanceOf(ForbiddenError);
      const unnamed = grading.overrideRoute(admin, id, { route: 'RECYCLE', reason: 'Partner never answered' });
      await expect(unnamed).rejects.toBeInstanceOf(UnprocessableError);
      await expect(unnamed).rejects.toMatchObject({ issues: [{ in: 'body', path: ['jobId'] }] });
      const another = grading.overrideRoute(admin, id, { route: 'RECYCLE', reason: 'Partner never answered', jobId: `${id}-R2` });
      await expect(another).rejects.toBeInstanceOf(ConflictError);
      await expect(another).rejects.toMatchObject({ extensions: { currentState: 'IN_REPAIR', currentJobId: jobId } });

      expect(await store.getPassport(id)).toEqual(before);
      expect(await repairStore.getJob(id, jobId)).toMatchObject({ status: 'ASSIGNED' });
    });

    it('refuses a COMPLETED report that read the job before a withdrawal and writes after it, with the status WITHDRAWN', async () => {
      const { admin, id, jobId, secret } = await anItemAtASwitchedOffPartner('rp-overtaken-by-withdrawal');
      const overtaking = overtakenAt('applyReport', () => grading.overrideRoute(admin, id, { route: 'RECYCLE', reason: 'Partner never answered', jobId }));
      const racing = new RepairNetworkService({ ...networkDependencies, network: overtaking });
      const body: PartnerReport = { jobId, status: 'COMPLETED', laborMinutes: 30, cost: eur(3_000) };
      const message = signed(secret, body);

      const refusal = racing.applyReport({ partnerId: 'rp-overtaken-by-withdrawal', headers: message.headers, rawBody: message.rawBody, report: body });

      await expect(refusal).rejects.toBeInstanceOf(ConflictError);
      await expect(refusal).rejects.toMatchObject({ extensions: { currentStatus: 'WITHDRAWN' } });
      expect(await store.getPassport(id)).toMatchObject({ state: 'GRADED', route: { route: 'RECYCLE' } });
      expect(await repairStore.ledgerOf(id)).toEqual([]);
    });

    it('refuses a withdrawal that read the item before its partner reported it repaired and writes after, and keeps the repair', async () => {
      const { brand, admin, id, jobId, report } = await anItemAtASwitchedOffPartner('rp-overtakes-withdrawal');
      const overtaking = overtakenAt('withdrawJob', () => report({ jobId, status: 'COMPLETED', laborMinutes: 30, cost: eur(3_000) }));
      const racing = receiptAndGrading({ store, passports, now, trackingSecret: async () => 'tracking', repairs: overtaking });

      const refusal = racing.overrideRoute(admin, id, { route: 'RECYCLE', reason: 'Partner never answered', jobId });

      await expect(refusal).rejects.toBeInstanceOf(ConflictError);
      await expect(refusal).rejects.toMatchObject({ extensions: { currentState: 'REPAIRED' } });
      expect(await repairStore.getJob(id, jobId)).toMatchObject({ status: 'COMPLETED' });
      expect((await repairStore.ledgerOf(id)).map((line) => line.kind)).toEqual(['REPAIR']);
      expect(await openJobsAt(brand, 'rp-overtakes-withdrawal')).toBe(0);
    });

    it("answers a withdrawal whose job was reported repaired after it read the item with the item's state now", async () => {
      const { admin, id, jobId, report } = await anItemAtASwitchedOffPartner('rp-reported-before-job-read');
      const overtaking = overtakenAt('getJob', () => report({ jobId, status: 'COMPLETED', laborMinutes: 30, cost: eur(3_000) }));
      const racing = receiptAndGrading({ store, passports, now, trackingSecret: async () => 'tracking', repairs: overtaking });

      const refusal = racing.overrideRoute(admin, id, { route: 'RECYCLE', reason: 'Partner never answered', jobId });

      await expect(refusal).rejects.toBeInstanceOf(ConflictError);
      await expect(refusal).rejects.toMatchObject({ extensions: { currentState: 'REPAIRED' } });
      expect(await repairStore.getJob(id, jobId)).toMatchObject({ status: 'COMPLETED' });
    });

    it('resolves a withdrawal and COMPLETED reports sent at the same moment to exactly one of them, item by item', async () => {
      const { brand, admin, partner } = await aBrandWithCatalog();
      const secret = newWebhookSecret(randomBytes(32));
      await partners.savePartner(admin, 'rp-storm', partner({ webhookSecret: secret, capacity: 10 }), API);
      const items = await Promise.all(Array.from({ length: 6 }, () => aPassportToRepair(brand)));
      for (const id of items) await routing.assignRepairPartner(id);

      const outcomes = await Promise.all(
        items.map(async (id) => {
          const jobId = `${id}-R1`;
          const reports = [1, 2, 3].map((n) => {
            const body: PartnerReport = { jobId, status: 'COMPLETED', laborMinutes: 30 + n, cost: eur(3_000 + n) };
            const message = signed(secret, body);
            return network.applyReport({ partnerId: 'rp-storm', headers: message.headers, rawBody: message.rawBody, report: body });
          });
          const withdrawal = grading.overrideRoute(admin, id, { route: 'RECYCLE', reason: 'Partner too slow', jobId });
          const [withdrawn, ...reported] = await Promise.allSettled([withdrawal, ...reports]);
          return { id, jobId, withdrawn: withdrawn!, reported };
        }),
      );

      for (const { id, jobId, withdrawn, reported } of outcomes) {
        const applied = reported.filter((one) => one.status === 'fulfilled' && one.value.applied);
        const job = await repairStore.getJob(id, jobId);
        const passport = await store.getPassport(id);
        const ledger = await repairStore.ledgerOf(id);
        if (withdrawn.status === 'fulfilled') {
          expect(applied).toEqual([]);
          for (const one of reported) expect(one).toMatchObject({ status: 'rejected', reason: { extensions: { currentStatus: 'WITHDRAWN' } } });
          expect(job).toMatchObject({ status: 'WITHDRAWN' });
          expect(passport).toMatchObject({ state: 'GRADED', route: { route: 'RECYCLE' } });
          expect(ledger).toEqual([]);
        } else {
          expect(withdrawn.reason).toBeInstanceOf(ConflictError);
          expect(applied).toHaveLength(1);
          expect(job).toMatchObject({ status: 'COMPLETED' });
          expect(passport).toMatchObject({ state: 'REPAIRED' });
          expect(ledger.map((line) => line.kind)).toEqual(['REPAIR']);
        }
      }
      // Each job freed its slot once, however it ended.
      expect(await openJobsAt(brand, 'rp-storm')).toBe(0);
    });
  });
});
