import { randomBytes } from 'node:crypto';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand, demoRepairPartners } from '../../local/seed/demo-brand';
import { demoRouting } from '../../local/seed/repair-network';
import { repairJobKey } from '../../shared/adapters/dynamodb/keys';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import { ConflictError, NotFoundError, UnprocessableError } from '../../shared/domain/errors';
import { CostLimitExceededError } from '../../shared/domain/repair-jobs';
import type { Staff } from '../../shared/http/staff';
import { RepairAssignedSchema, RepairCostLimitRaisedSchema } from '../../shared/schemas/events';
import { type PartnerReport, type RepairPartnerRequest, RepairJobWebhookSchema } from '../../shared/schemas/repair';
import { FieldCipher } from '../../shared/services/field-cipher';
import { RepairCostLimits } from '../../shared/services/repair-cost-limits';
import { RepairNetworkService, RepairPartners } from '../../shared/services/repair-network-service';
import { RoutingWorkflow } from '../../shared/services/routing-workflow';
import { newId } from '../../shared/services/tokens';
import { WorkQueueService } from '../../shared/services/work-queue-service';
import { newWebhookSecret, webhookHeaders } from '../../shared/webhooks/standard-webhooks';
import { aPassport, aQuote } from '../support/fixtures';
import { receiptAndGrading, type ReceiptAndGrading } from '../support/receipt-and-grading';
import { createTableLikeStack, localDynamoDb } from '../support/table';

const API = 'https://api.kreislauf.test';
const eur = (amount: number) => ({ amount, currency: 'EUR' });
/** The demo partner's 45 minutes at 60 € an hour and the FAIR smartphone's 25 € of parts, plus the default 25 %. */
const LIMIT = 8_750;

describe("a repair job's cost limit against DynamoDB Local", () => {
  let store: DynamoDbSeedingPassportStore;
  let doc: DynamoDBDocumentClient;
  let tableName: string;
  let grading: ReceiptAndGrading;
  let passports: WorkQueueService;
  let routing: RoutingWorkflow;
  let repairStore: DynamoDbRepairNetworkStore;
  let network: RepairNetworkService;
  let partners: RepairPartners;
  let limits: RepairCostLimits;
  const posted: { body: string }[] = [];
  let clock = Date.parse('2026-12-08T10:00:00.000Z');
  const now = () => new Date((clock += 1_000));
  const resolveHost = async () => [{ address: '93.184.215.14', family: 4 as const }];

  beforeAll(async () => {
    const client = localDynamoDb(inject('dynamodbEndpoint'));
    doc = DynamoDBDocumentClient.from(client);
    tableName = `cost-limits-${newId()}`;
    await createTableLikeStack(client, tableName);
    store = new DynamoDbSeedingPassportStore(tableName, client);
    repairStore = new DynamoDbRepairNetworkStore(tableName, store, client);
    passports = new WorkQueueService({ store, network: repairStore });
    grading = receiptAndGrading({ store, passports, now, trackingSecret: async () => 'tracking', repairs: repairStore });
    routing = new RoutingWorkflow({ store, network: repairStore, now });
    const cipher = new FieldCipher(async () => 'field-key-for-tests');
    network = new RepairNetworkService({
      store,
      network: repairStore,
      cipher,
      sender: { post: async (_endpoint, body) => (posted.push({ body }), 200) },
      now,
      apiBaseUrl: API,
      allowLocalHttp: false,
      resolveHost,
    });
    partners = new RepairPartners({ store, network: repairStore, cipher, now, randomBytes, allowLocalHttp: false, resolveHost });
    limits = new RepairCostLimits({ network: repairStore, now });
  });

  /** A brand of its own with one partner, and an item of it assigned to that partner: the job's id and a signed report sender. */
  async function anAssignedJob(routingConfig: typeof demoRouting = demoRouting) {
    const brand = `brand-${newId().toLowerCase()}`;
    const admin: Staff = { subject: 'admin-1', brand, roles: ['admin'] };
    await store.putCatalog({ ...demoBrand, config: { ...demoBrand.config, brand, routing: routingConfig } });
    const { partnerId: _id, brand: _brand, webhookUrl: _url, ...geraetewerk } = demoRepairPartners[0]!;
    const secret = newWebhookSecret(randomBytes(32));
    const partner: RepairPartnerRequest = { ...geraetewerk, webhookUrl: 'https://partner.example/jobs', webhookSecret: secret };
    await partners.savePartner(admin, 'rp-limited', partner, API);
    const id = await aPassportToRepair(brand);
    const jobId = `${id}-R1`;
    expect(await routing.assignRepairPartner(id)).toEqual({ outcome: 'ASSIGNED', jobId });
    const report = (body: Omit<PartnerReport, 'jobId'>, webhookId = `msg_${newId()}`) => {
      const full = { jobId, ...body } as PartnerReport;
      const rawBody = JSON.stringify(full);
      const headers = webhookHeaders({ id: webhookId, timestamp: Math.floor(clock / 1000), body: rawBody, secret });
      return network.applyReport({ partnerId: 'rp-limited', headers, rawBody, report: full });
    };
    return { brand, admin, id, jobId, report };
  }

  async function aPassportToRepair(brand: string) {
    const quote = aQuote({ brand, grade: 'FAIR', value: { min: 8_900, max: 13_100, currency: 'EUR' } });
    await store.saveQuote(quote);
    const passport = aPassport(quote);
    await store.createPassport(passport, { type: 'TakeBackRequested', data: {} });
    await store.transition(passport.id, { to: 'LABEL_CREATED', at: now().toISOString(), event: { type: 'LabelCreated', data: {} } });
    const staff: Staff = { subject: 'ops-1', brand, roles: ['ops'] };
    await grading.receive(staff, passport.id, {});
    expect(await grading.grade(staff, passport.id, { grade: 'FAIR', notes: 'Battery worn' })).toMatchObject({ route: { route: 'REPAIR' } });
    return passport.id;
  }

  /** Everything a refused report must leave as it was: the job, the passport with its timeline, the ledger. */
  async function recordsOf(id: string, jobId: string) {
    return { job: await repairStore.getJob(id, jobId), passport: await store.getPassport(id), timeline: await store.getTimeline(id), ledger: await repairStore.ledgerOf(id) };
  }

  it("fixes the limit at assignment, keeps it on the event and sends it in the job, whatever the brand's tolerance becomes later", async () => {
    const { brand, id, jobId } = await anAssignedJob();
    // The brand tightens its tolerance after the job was assigned.
    await store.putCatalog({ ...demoBrand, config: { ...demoBrand.config, brand, routing: { ...demoRouting, repairCostTolerance: 0 } } });
    const sentBefore = posted.length;

    expect(await network.deliverJob({ passportId: id, jobId })).toMatchObject({ delivered: true });

    expect(await repairStore.getJob(id, jobId)).toMatchObject({ expectedCost: eur(4_500), costLimit: eur(LIMIT) });
    const assigned = (await store.getTimeline(id)).find((event) => event.type === 'RepairAssigned')!;
    expect(RepairAssignedSchema.shape.data.parse(assigned.data)).toMatchObject({ costLimit: eur(LIMIT) });
    const job = RepairJobWebhookSchema.parse(JSON.parse(posted.slice(sentBefore)[0]!.body));
    expect(job.data.costLimit).toEqual(eur(LIMIT));
  });

  it("takes the brand's own tolerance for a job assigned under it", async () => {
    const { id, jobId } = await anAssignedJob({ ...demoRouting, repairCostTolerance: 0.1 });

    expect(await repairStore.getJob(id, jobId)).toMatchObject({ costLimit: eur(7_700) });
  });

  it('refuses a finishing report above the limit with 422, writes nothing, and books a corrected one at the limit', async () => {
    const { id, jobId, report } = await anAssignedJob();
    await report({ status: 'ACCEPTED' });
    const before = await recordsOf(id, jobId);
    const battery = { sku: 'BAT-X2', name: 'Battery', quantity: 2, cost: eur(1_900) };

    for (const status of ['COMPLETED', 'UNREPAIRABLE'] as const) {
      const refusal = report({ status, laborMinutes: 40, cost: eur(LIMIT - 3_800 + 1), parts: [battery] }, `msg_over_${status}`);
      await expect(refusal).rejects.toBeInstanceOf(CostLimitExceededError);
      await expect(refusal).rejects.toMatchObject({ status: 422, extensions: { costLimit: eur(LIMIT), reportTotal: eur(LIMIT + 1) } });
      expect(await repairStore.wasWebhookApplied(id, 'rp-limited', jobId, `msg_over_${status}`)).toBe(false);
    }
    expect(await recordsOf(id, jobId)).toEqual(before);

    expect(await report({ status: 'COMPLETED', laborMinutes: 40, cost: eur(LIMIT - 3_800), parts: [battery] })).toEqual({ jobId, status: 'COMPLETED', applied: true });
    expect((await repairStore.ledgerOf(id)).map((line) => line.amount.amount)).toEqual([LIMIT - 3_800, 3_800]);
  });

  it("books the refused report once an admin raised the job's limit, and keeps the raise on the item's timeline", async () => {
    const { admin, id, jobId, report } = await anAssignedJob();
    const dear = { status: 'COMPLETED' as const, laborMinutes: 120, cost: eur(11_000) };
    await expect(report(dear, 'msg_dear')).rejects.toBeInstanceOf(CostLimitExceededError);

    const raised = await limits.raise(admin, jobId, { amount: 11_000, reason: 'Mainboard replaced as well, agreed by phone' });

    expect(raised).toMatchObject({ jobId, status: 'ASSIGNED', costLimit: eur(11_000) });
    const event = (await store.getTimeline(id)).at(-1)!;
    expect(event.type).toBe('RepairCostLimitRaised');
    expect(RepairCostLimitRaisedSchema.shape.data.parse(event.data)).toEqual({
      jobId,
      partnerId: 'rp-limited',
      from: eur(LIMIT),
      to: eur(11_000),
      reason: 'Mainboard replaced as well, agreed by phone',
      by: 'admin-1',
    });
    // The refused report was not recorded, so the partner may send it again as it was.
    expect(await report(dear, 'msg_dear')).toEqual({ jobId, status: 'COMPLETED', applied: true });
    expect((await passports.detail(admin, id)).jobs).toMatchObject([{ jobId, costLimit: eur(11_000), cost: eur(11_000) }]);
  });

  it('refuses a raise to the limit or below it, naming the limit, and writes nothing', async () => {
    const { admin, id, jobId } = await anAssignedJob();
    const before = await recordsOf(id, jobId);

    const refusal = limits.raise(admin, jobId, { amount: LIMIT, reason: 'Same again' });

    await expect(refusal).rejects.toBeInstanceOf(UnprocessableError);
    await expect(refusal).rejects.toMatchObject({ issues: [{ path: ['amount'] }], extensions: { costLimit: eur(LIMIT) } });
    expect(await recordsOf(id, jobId)).toEqual(before);
  });

  it('raises a limit consistently when two admins raise it at once: each raise applied starts from the limit before it', async () => {
    for (const amounts of [
      [10_000, 12_000],
      [10_000, 10_000],
    ]) {
      const { admin, id, jobId } = await anAssignedJob();

      const outcomes = await Promise.allSettled(amounts.map((amount) => limits.raise(admin, jobId, { amount, reason: `Raise to ${amount}` })));

      const highest = Math.max(...amounts);
      expect((await repairStore.getJob(id, jobId))!.costLimit).toEqual(eur(highest));
      const raises = (await store.getTimeline(id)).filter((event) => event.type === 'RepairCostLimitRaised').map((event) => RepairCostLimitRaisedSchema.shape.data.parse(event.data));
      expect(raises.map((raise) => raise.from.amount)).toEqual([LIMIT, ...raises.slice(0, -1).map((raise) => raise.to.amount)]);
      expect(raises.at(-1)!.to).toEqual(eur(highest));
      expect(raises).toHaveLength(outcomes.filter((outcome) => outcome.status === 'fulfilled').length);
      for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(UnprocessableError);
    }
  });

  it("decides again a raise that another admin's raise overtook between its read and its write, on the other's limit", async () => {
    const { admin, id, jobId } = await anAssignedJob();
    let overtaken = false;
    // The store, whose first raise lets another admin's raise land first, after this one read the job.
    const racing = new Proxy(repairStore, {
      get(target, property, receiver) {
        if (property !== 'raiseCostLimit') return Reflect.get(target, property, receiver);
        return async (write: Parameters<DynamoDbRepairNetworkStore['raiseCostLimit']>[0]) => {
          if (!overtaken) {
            overtaken = true;
            await limits.raise(admin, jobId, { amount: 12_000, reason: 'Screen too' });
          }
          return target.raiseCostLimit(write);
        };
      },
    });

    const refusal = new RepairCostLimits({ network: racing, now }).raise(admin, jobId, { amount: 10_000, reason: 'Battery and port' });

    await expect(refusal).rejects.toMatchObject({ status: 422, extensions: { costLimit: eur(12_000) } });
    expect((await repairStore.getJob(id, jobId))!.costLimit).toEqual(eur(12_000));
    const raises = (await store.getTimeline(id)).filter((event) => event.type === 'RepairCostLimitRaised');
    expect(raises.map((event) => event.data)).toMatchObject([{ from: eur(LIMIT), to: eur(12_000) }]);
  });

  it('refuses to raise the limit of a finished or withdrawn job with 409, naming its status', async () => {
    const completed = await anAssignedJob();
    await completed.report({ status: 'COMPLETED', cost: eur(3_500) });
    const withdrawn = await anAssignedJob();
    await grading.overrideRoute(withdrawn.admin, withdrawn.id, { route: 'RECYCLE', reason: 'Partner closed down', jobId: withdrawn.jobId });

    for (const [{ admin, id, jobId }, status] of [
      [completed, 'COMPLETED'],
      [withdrawn, 'WITHDRAWN'],
    ] as const) {
      const before = await recordsOf(id, jobId);
      const refusal = limits.raise(admin, jobId, { amount: 20_000, reason: 'Too late' });
      await expect(refusal).rejects.toBeInstanceOf(ConflictError);
      await expect(refusal).rejects.toMatchObject({ status: 409, extensions: { currentStatus: status } });
      expect(await recordsOf(id, jobId)).toEqual(before);
    }
  });

  it("answers another brand's admin as if the job did not exist, and writes nothing", async () => {
    const { id, jobId } = await anAssignedJob();
    const before = await recordsOf(id, jobId);
    const stranger: Staff = { subject: 'admin-9', brand: `brand-${newId().toLowerCase()}`, roles: ['admin'] };

    await expect(limits.raise(stranger, jobId, { amount: 20_000, reason: 'Not ours' })).rejects.toBeInstanceOf(NotFoundError);
    expect(await recordsOf(id, jobId)).toEqual(before);
  });

  it('books any cost on a job assigned before cost limits, as then, and refuses to raise a limit it does not have', async () => {
    const { admin, id, jobId, report } = await anAssignedJob();
    // A job as it was stored before 8 December 2026: without a limit.
    await doc.send(new UpdateCommand({ TableName: tableName, Key: repairJobKey(id, jobId), UpdateExpression: 'REMOVE costLimit' }));

    await expect(limits.raise(admin, jobId, { amount: 20_000, reason: 'Give it one' })).rejects.toMatchObject({ status: 409, extensions: { costLimit: null } });
    expect(await report({ status: 'COMPLETED', laborMinutes: 300, cost: eur(60_000) })).toEqual({ jobId, status: 'COMPLETED', applied: true });
    expect((await repairStore.ledgerOf(id)).map((line) => line.amount)).toEqual([eur(60_000)]);
  });
});
