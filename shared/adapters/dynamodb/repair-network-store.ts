import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, type QueryCommandInput, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { BrandConfigUnreadableError } from '../../domain/brand-config';
import { ConcurrentChangeError, ConflictError } from '../../domain/errors';
import type { LedgerEntry } from '../../domain/ledger';
import type { Passport } from '../../domain/passport';
import type { RepairJob } from '../../domain/repair-jobs';
import type { RepairPartner } from '../../domain/repair-partners';
import type { TransitionRequest } from '../../ports/passport-store';
import { StoredRepairPartnerSchema } from '../../schemas/repair';
import { type CostLimitRaiseWrite, type JobWithdrawalWrite, PartnerAtCapacityError, type PartnerReportWrite, type PassportRepairRecords, type RepairNetworkStore, type StoredPartner } from '../../ports/repair-network';
import {
  FINISHED_JOB_PREFIX,
  LEDGER_PREFIX,
  OPEN_JOB_PREFIX,
  PARTNER_PREFIX,
  partnerIdIndexPartition,
  partnerJobKey,
  partnerJobsPartition,
  partnerLoadKey,
  partnerSecretKey,
  partnersPartition,
  legacyPartnerWebhookKey,
  partnerWebhookKey,
  REPAIR_JOB_PREFIX,
  repairJobKey,
  repairPartnerKey,
} from './keys';
import { ledgerLineFrom } from './ledger-store';
import { cancelledBy, type DynamoDbPassportRecords, type TransactItem } from './passport-store';
import { queryAll } from './query-all';
import { conditionHeld, problemsOf, withoutKeys } from './stored-item';

type Item = Record<string, unknown>;

/** The table key of an item key that may carry index attributes too. */
const primaryKey = ({ PK, SK }: { PK: string; SK: string }) => ({ PK, SK });
/** Sorts after every ISO 8601 timestamp, to close a range of them. */
const AFTER_EVERY_TIMESTAMP = '~';

/**
 * The repair network on the single table (DESIGN.md §5): partners with their sealed secrets
 * and open-job counters in the brand's partner partition, jobs, ledger entries and applied
 * webhooks beside their passport. Writes that belong together go through the passport store's
 * transactions, so a job and its passport's state never disagree.
 */
export class DynamoDbPassportRepairRecords implements PassportRepairRecords {
  protected readonly doc: DynamoDBDocumentClient;

  constructor(protected readonly tableName: string, client: DynamoDBClient) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async jobsOf(passportId: string): Promise<RepairJob[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': `P#${passportId}`, ':prefix': REPAIR_JOB_PREFIX },
      ConsistentRead: true,
    });
    return items.map((item) => withoutKeys(item) as unknown as RepairJob).sort((a, b) => a.assignedAt.localeCompare(b.assignedAt));
  }

  async ledgerOf(passportId: string): Promise<LedgerEntry[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': `P#${passportId}`, ':prefix': LEDGER_PREFIX },
      ConsistentRead: true,
    });
    return items
      .map(ledgerLineFrom)
      .sort((a, b) => a.at.localeCompare(b.at) || a.entryId.localeCompare(b.entryId, 'en', { numeric: true }));
  }

  protected async queryAll(query: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Item[]> {
    return queryAll(this.doc, { TableName: this.tableName, ...query });
  }
}

/**
 * {@link DynamoDbPassportRepairRecords} with the partners and the jobs' writes. A class is kept
 * whole in a bundle, so the staff's passport pages, which read a passport's jobs and ledger, carry
 * none of this.
 */
export class DynamoDbRepairNetworkStore extends DynamoDbPassportRepairRecords implements RepairNetworkStore {
  constructor(
    tableName: string,
    private readonly passports: DynamoDbPassportRecords,
    client: DynamoDBClient,
  ) {
    super(tableName, client);
  }

  async savePartner(partner: RepairPartner, secret?: { sealed: string; requireNew: boolean }): Promise<{ created: boolean }> {
    const existing = await this.get(repairPartnerKey(partner.brand, partner.partnerId));
    const items: TransactItem[] = [
      { Put: { TableName: this.tableName, Item: { ...repairPartnerKey(partner.brand, partner.partnerId), entity: 'RepairPartner', ...partner } } },
    ];
    if (secret) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: { ...partnerSecretKey(partner.brand, partner.partnerId), entity: 'RepairPartnerSecret', sealed: secret.sealed },
          ...(secret.requireNew ? { ConditionExpression: 'attribute_not_exists(PK)' } : {}),
        },
      });
    }
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (cancelledBy(error, 1)) throw new ConflictError(`Repair partner ${partner.partnerId} was configured by another request at the same time; send the request again.`);
      throw error;
    }
    return { created: existing === undefined };
  }

  async getPartner(brand: string, partnerId: string): Promise<StoredPartner | undefined> {
    const [partner, secret] = await Promise.all([this.get(repairPartnerKey(brand, partnerId)), this.get(partnerSecretKey(brand, partnerId))]);
    if (!partner || !secret) return undefined;
    return { partner: parsePartner(brand, partner), sealedSecret: String(secret.sealed) };
  }

  async partners(brand: string): Promise<RepairPartner[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': partnersPartition(brand), ':prefix': PARTNER_PREFIX },
      ConsistentRead: true,
    });
    return items.map((item) => parsePartner(brand, item));
  }

  async partnersWithId(partnerId: string): Promise<StoredPartner[]> {
    const items = await this.queryAll({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': partnerIdIndexPartition(partnerId) },
    });
    const found = await Promise.all(
      items.map((item) =>
        // A partner id may be configured at several brands: one brand's unreadable partner must
        // not stop the others' webhooks. It verifies nothing; that brand's own reads refuse it.
        this.getPartner(String(item.brand), partnerId).catch((error: unknown) => {
          if (error instanceof BrandConfigUnreadableError) return undefined;
          throw error;
        }),
      ),
    );
    return found.filter((partner): partner is StoredPartner => partner !== undefined);
  }

  async partnerJobs(brand: string, partnerId: string, finishedSince: string): Promise<RepairJob[]> {
    const pk = partnerJobsPartition(brand, partnerId);
    const [open, finished] = await Promise.all([
      this.queryAll({
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :open)',
        ExpressionAttributeValues: { ':pk': pk, ':open': OPEN_JOB_PREFIX },
      }),
      this.queryAll({
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': pk,
          ':from': `${FINISHED_JOB_PREFIX}${finishedSince}`,
          ':to': `${FINISHED_JOB_PREFIX}${AFTER_EVERY_TIMESTAMP}`,
        },
      }),
    ]);
    return [...open, ...finished].map((item) => withoutKeys(item) as unknown as RepairJob);
  }

  async getJob(passportId: string, jobId: string): Promise<RepairJob | undefined> {
    const item = await this.get(repairJobKey(passportId, jobId));
    return item ? (withoutKeys(item) as unknown as RepairJob) : undefined;
  }

  async assignJob(job: RepairJob, capacity: number, transition: TransitionRequest): Promise<Passport> {
    if (capacity < 1) throw new PartnerAtCapacityError(`Repair partner ${job.partnerId} takes no jobs now.`);
    const alongside: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...repairJobKey(job.passportId, job.jobId), ...partnerJobKey(job.brand, job.partnerId, job), entity: 'RepairJob', ...job },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: partnerLoadKey(job.brand, job.partnerId),
          UpdateExpression: 'SET openJobs = if_not_exists(openJobs, :zero) + :one',
          ConditionExpression: 'attribute_not_exists(openJobs) OR openJobs < :capacity',
          ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':capacity': capacity },
        },
      },
      {
        // The capacity above is the one read: an admin who changed it or took the partner off
        // meanwhile makes the assignment decide again.
        ConditionCheck: {
          TableName: this.tableName,
          Key: primaryKey(repairPartnerKey(job.brand, job.partnerId)),
          ConditionExpression: '#capacity = :capacity AND active = :active',
          ExpressionAttributeNames: { '#capacity': 'capacity' },
          ExpressionAttributeValues: { ':capacity': capacity, ':active': true },
        },
      },
    ];
    try {
      return await this.passports.transition(job.passportId, transition, alongside);
    } catch (error) {
      if (cancelledBy(error, 2)) throw new ConflictError(`Repair job ${job.jobId} exists already.`);
      if (cancelledBy(error, 3)) throw new PartnerAtCapacityError(`Repair partner ${job.partnerId} reached its capacity of ${capacity} open jobs.`);
      if (cancelledBy(error, 4)) throw new ConcurrentChangeError(`Repair partner ${job.partnerId} was changed since it was read; job ${job.jobId} was not assigned.`);
      throw error;
    }
  }

  markJobDelivered(passportId: string, jobId: string, at: string): Promise<void> {
    return this.markFirst(passportId, jobId, 'deliveredAt', at);
  }

  markWithdrawalDelivered(passportId: string, jobId: string, at: string): Promise<void> {
    return this.markFirst(passportId, jobId, 'withdrawalDeliveredAt', at);
  }

  async wasWebhookApplied(passportId: string, partnerId: string, jobId: string, webhookId: string): Promise<boolean> {
    const [applied, legacy] = await Promise.all([
      this.get(partnerWebhookKey(passportId, partnerId, jobId, webhookId)),
      this.get(legacyPartnerWebhookKey(passportId, partnerId, webhookId)),
    ]);
    // A record of before 8 December 2026 was kept per item and partner; it is a replay only on the job it names.
    return applied !== undefined || legacy?.['jobId'] === jobId;
  }

  async applyReport(write: PartnerReportWrite): Promise<'applied' | 'replayed'> {
    const { job } = write;
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...partnerWebhookKey(job.passportId, job.partnerId, job.jobId, write.webhookId), entity: 'PartnerWebhook', jobId: job.jobId, status: job.status, receivedAt: write.receivedAt },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ];
    const jobChanged = job.status !== write.previousStatus;
    if (jobChanged) items.push(this.jobUpdate(job, write.previousStatus));
    if (jobChanged && job.finishedAt) items.push(this.slotFreed(job));

    // The passport's own writes come first in its transaction, so ours start two places later.
    const offset = write.passport ? 2 : 0;
    try {
      if (!write.passport) await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
      else if ('transition' in write.passport) await this.passports.transition(job.passportId, write.passport.transition, items);
      else await this.passports.amend(job.passportId, write.passport.amend, items);
    } catch (error) {
      if (cancelledBy(error, offset)) return 'replayed';
      // The job's condition, or the passport's when a report that finished the job moved the passport on first (an
      // update finds its passport REPAIRED): either way the job changed, and the report is judged again on it.
      if ((jobChanged && cancelledBy(error, offset + 1)) || (write.passport && error instanceof ConflictError)) {
        const current = await this.getJob(job.passportId, job.jobId);
        if (current?.status !== write.previousStatus) {
          throw new ConcurrentChangeError(`Repair job ${job.jobId} changed at the same time and is now ${current?.status}; send the report again.`, {
            currentStatus: current?.status,
          });
        }
      }
      throw error;
    }
    return 'applied';
  }

  async withdrawJob({ job, previousStatus, transition }: JobWithdrawalWrite): Promise<Passport> {
    try {
      return await this.passports.transition(job.passportId, transition, [this.jobUpdate(job, previousStatus), this.slotFreed(job)]);
    } catch (error) {
      // The passport's own writes come first in its transaction: the job's condition is the third.
      if (cancelledBy(error, 2)) {
        const current = await this.getJob(job.passportId, job.jobId);
        throw new ConcurrentChangeError(`Repair job ${job.jobId} changed at the same time and is now ${current?.status}; it was not withdrawn.`, {
          currentStatus: current?.status,
        });
      }
      throw error;
    }
  }

  async raiseCostLimit({ job, previousLimit, amend }: CostLimitRaiseWrite): Promise<Passport> {
    const update: TransactItem = {
      Update: {
        TableName: this.tableName,
        Key: repairJobKey(job.passportId, job.jobId),
        UpdateExpression: 'SET costLimit = :limit',
        ConditionExpression: '#status = :status AND costLimit.amount = :previous',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':limit': job.costLimit, ':status': job.status, ':previous': previousLimit.amount },
      },
    };
    try {
      return await this.passports.amend(job.passportId, amend, [update]);
    } catch (error) {
      // The passport's own writes come first in its transaction: the job's condition is the third.
      if (cancelledBy(error, 2)) throw new ConcurrentChangeError(`Repair job ${job.jobId} changed at the same time; its cost limit was not raised.`);
      throw error;
    }
  }

  /** Sets a job's instant `field` unless it is set: a redelivered message keeps the first instant. */
  private async markFirst(passportId: string, jobId: string, field: 'deliveredAt' | 'withdrawalDeliveredAt', at: string): Promise<void> {
    await conditionHeld(
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: repairJobKey(passportId, jobId),
          UpdateExpression: 'SET #field = :at',
          ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(#field)',
          ExpressionAttributeNames: { '#field': field },
          ExpressionAttributeValues: { ':at': at },
        }),
      ),
    );
  }

  /** The slot a job held at its partner, freed when the job ends however it ends. */
  private slotFreed(job: RepairJob): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: partnerLoadKey(job.brand, job.partnerId),
        UpdateExpression: 'SET openJobs = if_not_exists(openJobs, :one) - :one',
        ExpressionAttributeValues: { ':one': 1 },
      },
    };
  }

  /** The job's new status and what the report brought, on condition that nobody reported in between. */
  private jobUpdate(job: RepairJob, previousStatus: RepairJob['status']): TransactItem {
    const fields: Record<string, unknown> = {
      status: job.status,
      reports: job.reports,
      GSI1SK: partnerJobKey(job.brand, job.partnerId, job).GSI1SK,
      finishedAt: job.finishedAt,
      laborMinutes: job.laborMinutes,
      cost: job.cost,
      parts: job.parts,
      notes: job.notes,
      withdrawal: job.withdrawal,
    };
    const present = Object.entries(fields).filter(([, value]) => value !== undefined);
    return {
      Update: {
        TableName: this.tableName,
        Key: repairJobKey(job.passportId, job.jobId),
        UpdateExpression: `SET ${present.map(([name]) => `#${name} = :${name}`).join(', ')}`,
        ConditionExpression: '#status = :previous',
        ExpressionAttributeNames: Object.fromEntries(present.map(([name]) => [`#${name}`, name])),
        ExpressionAttributeValues: { ...Object.fromEntries(present.map(([name, value]) => [`:${name}`, value])), ':previous': previousStatus },
      },
    };
  }

  private async get(key: { PK: string; SK: string }): Promise<Item | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: primaryKey(key), ConsistentRead: true }));
    return Item;
  }

}

/** A stored partner, parsed; one that does not parse is the brand's configuration gone bad, never used as it is. */
function parsePartner(brand: string, item: Item): RepairPartner {
  const parsed = StoredRepairPartnerSchema.safeParse(withoutKeys(item));
  if (parsed.success && parsed.data.brand === brand) return parsed.data;
  const problems = parsed.success ? [`brand: the partner is configured for "${parsed.data.brand}"`] : problemsOf(parsed.error);
  throw new BrandConfigUnreadableError(brand, problems.map((problem) => `repair partner ${String(item.partnerId)}: ${problem}`));
}
