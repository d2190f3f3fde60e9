import type { IncomingHttpHeaders } from 'node:http';
import { DescribeTableCommand, DynamoDBClient, type TransactWriteItemsInput } from '@aws-sdk/client-dynamodb';
import type { CloudMeter } from '../local/runtime/local-cloud';
import { startCountingProxy, type CountingProxy, type ProxiedCall } from './counting-proxy';
import { actionsOf, itemsOf, transactionWriteUnits } from './transaction-units';

/** The billable operations counted while the platform works. */
export interface OperationCounts {
  dynamodbRequests: number;
  readRequestUnits: number;
  writeRequestUnits: number;
  lambdaInvocations: number;
  lambdaGbSeconds: number;
  stateTransitions: number;
  eventBridgeEvents: number;
  sqsRequests: number;
  s3WriteRequests: number;
  s3ReadRequests: number;
  emails: number;
  /** Schedules made (`CreateSchedule`): each is billed as one invocation when it fires. */
  schedulerRequests: number;
  secretsManagerRequests: number;
  /** Bytes the functions wrote to their logs (each line and its newline), as CloudWatch Logs ingests them. */
  logBytes: number;
  /** The CloudWatch metrics the functions published (embedded-metric documents in their logs): namespace, name and dimensions. */
  metricSeries: Set<string>;
  /** Invocations and GB-seconds per function logical id. */
  byFunction: Map<string, { invocations: number; gbSeconds: number }>;
  /** Requests per DynamoDB operation. */
  byDynamoDbOperation: Map<string, number>;
}

export const noOperations = (): OperationCounts => ({
  dynamodbRequests: 0,
  readRequestUnits: 0,
  writeRequestUnits: 0,
  lambdaInvocations: 0,
  lambdaGbSeconds: 0,
  stateTransitions: 0,
  eventBridgeEvents: 0,
  sqsRequests: 0,
  s3WriteRequests: 0,
  s3ReadRequests: 0,
  emails: 0,
  schedulerRequests: 0,
  secretsManagerRequests: 0,
  logBytes: 0,
  metricSeries: new Set(),
  byFunction: new Map(),
  byDynamoDbOperation: new Map(),
});

/** DynamoDB operations that report the capacity they consumed when asked with `ReturnConsumedCapacity`. */
const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

const operationOf = (headers: IncomingHttpHeaders) => String(headers['x-amz-target'] ?? '').split('.')[1] ?? '';
const bump = (map: Map<string, number>, key: string, by = 1) => map.set(key, (map.get(key) ?? 0) + by);

/**
 * The metrics a log line publishes when it is a CloudWatch embedded-metric document: one series per
 * namespace, metric name and set of dimension values, as CloudWatch bills custom metrics.
 */
export function metricSeriesOf(line: string): string[] {
  if (!line.includes('"_aws"')) return [];
  let document: { _aws?: { CloudWatchMetrics?: { Namespace?: string; Dimensions?: string[][]; Metrics?: { Name?: string }[] }[] } } & Record<string, unknown>;
  try {
    document = JSON.parse(line);
  } catch {
    return [];
  }
  return (document._aws?.CloudWatchMetrics ?? []).flatMap(({ Namespace = '', Dimensions = [], Metrics = [] }) =>
    Metrics.flatMap(({ Name = '' }) =>
      (Dimensions.length > 0 ? Dimensions : [[]]).map((keys) => [Namespace, Name, ...keys.map((key) => `${key}=${String(document[key])}`)].join(' ')),
    ),
  );
}

/** The items a transaction acts on, read before it went on. */
interface TransactionItems {
  actions: ReturnType<typeof actionsOf>;
  before: Awaited<ReturnType<typeof itemsOf>>;
}

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/**
 * Counts what the functions of the local cloud do, through counting proxies in front of DynamoDB
 * Local, the S3 server and the local AWS endpoint, and the cloud's invocation and transition hooks.
 * `counting` is off until the caller turns it on, so warm-up and set-up are not counted.
 */
export class OperationMeter {
  counting = false;
  /** Counts every call (also when not counting), to tell when the platform has gone quiet. */
  activity = 0;
  counts = noOperations();
  private readonly proxies: Partial<Record<'dynamodb' | 's3' | 'aws', CountingProxy>> = {};
  /** DynamoDB Local itself, past the proxy: reads the items a transaction writes, uncounted. */
  private direct: DynamoDBClient | undefined;
  private readonly keyNames = new Map<string, string[]>();

  async start(): Promise<void> {
    this.proxies.dynamodb = await startCountingProxy({
      // Asks DynamoDB for the consumed capacity of every read and write, as an on-demand bill counts it.
      rewrite: (headers, body) => {
        const operation = operationOf(headers);
        if (!READS.has(operation) && !WRITES.has(operation)) return body;
        const input = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
        return Buffer.from(JSON.stringify({ ...input, ReturnConsumedCapacity: 'TOTAL' }));
      },
      // A transaction's items as they were, for its write units (DynamoDB Local reports those of one item).
      before: async (headers, body) => (this.counting && operationOf(headers) === 'TransactWriteItems' ? this.transactionItems(body) : undefined),
      record: (call) => this.recordDynamoDb(call),
    });
    this.proxies.s3 = await startCountingProxy({ record: (call) => this.recordS3(call) });
    this.proxies.aws = await startCountingProxy({ record: (call) => this.recordAws(call) });
  }

  /** The hooks to give the local cloud. */
  cloudMeter(): CloudMeter {
    return {
      functionEndpoint: (service, endpoint) => {
        const proxy = this.proxies[service];
        if (!proxy) return endpoint;
        proxy.target = endpoint;
        return proxy.url;
      },
      invoked: (definition, durationMs) => {
        this.activity++;
        if (!this.counting) return;
        // Lambda bills duration rounded up to the millisecond, times the configured memory.
        const gbSeconds = (definition.memorySize / 1024) * (Math.ceil(durationMs) / 1000);
        this.counts.lambdaInvocations++;
        this.counts.lambdaGbSeconds += gbSeconds;
        const own = this.counts.byFunction.get(definition.logicalId) ?? { invocations: 0, gbSeconds: 0 };
        this.counts.byFunction.set(definition.logicalId, { invocations: own.invocations + 1, gbSeconds: own.gbSeconds + gbSeconds });
      },
      output: (_definition, line) => {
        if (!this.counting) return;
        this.counts.logBytes += Buffer.byteLength(line) + 1;
        for (const series of metricSeriesOf(line)) this.counts.metricSeries.add(series);
      },
      sqsRequest: () => {
        this.activity++;
        if (this.counting) this.counts.sqsRequests++;
      },
      transition: () => {
        this.activity++;
        if (this.counting) this.counts.stateTransitions++;
      },
    };
  }

  async stop(): Promise<void> {
    await Promise.all(Object.values(this.proxies).map((proxy) => proxy.stop()));
    this.direct?.destroy();
  }

  private async recordDynamoDb(call: ProxiedCall): Promise<void> {
    this.activity++;
    if (!this.counting) return;
    const operation = operationOf(call.headers);
    this.counts.dynamodbRequests++;
    bump(this.counts.byDynamoDbOperation, operation);
    if (call.status !== 200 || (!READS.has(operation) && !WRITES.has(operation))) return;
    if (operation === 'TransactWriteItems' && call.before) {
      this.counts.writeRequestUnits += await this.transactionUnits(call.body, call.before as TransactionItems);
      return;
    }
    const { ConsumedCapacity } = JSON.parse(call.responseBody.toString('utf8')) as { ConsumedCapacity?: Capacity | Capacity[] };
    for (const capacity of [ConsumedCapacity ?? []].flat()) {
      const units = capacity.CapacityUnits ?? 0;
      if (READS.has(operation)) this.counts.readRequestUnits += capacity.ReadCapacityUnits ?? units;
      else this.counts.writeRequestUnits += capacity.WriteCapacityUnits ?? units;
    }
  }

  private client(): DynamoDBClient {
    const target = this.proxies.dynamodb?.target;
    if (!target) throw new Error('DynamoDB Local has not started');
    // DynamoDB Local runs with -sharedDb: any credentials see the platform's tables.
    this.direct ??= new DynamoDBClient({ endpoint: target, region: 'eu-central-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
    return this.direct;
  }

  private async transactionItems(body: Buffer): Promise<TransactionItems> {
    const { TransactItems = [] } = JSON.parse(body.toString('utf8')) as TransactWriteItemsInput;
    for (const table of new Set(TransactItems.map((item) => (item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck)?.TableName ?? ''))) {
      if (this.keyNames.has(table)) continue;
      const { Table } = await this.client().send(new DescribeTableCommand({ TableName: table }));
      this.keyNames.set(table, (Table?.KeySchema ?? []).map((key) => key.AttributeName ?? ''));
    }
    const actions = actionsOf(TransactItems, (table) => this.keyNames.get(table) ?? []);
    return { actions, before: await itemsOf(this.client(), actions) };
  }

  /** What DynamoDB bills the transaction: every item it wrote or checked (`transactionWriteUnits`). */
  private async transactionUnits(body: Buffer, { actions, before }: TransactionItems): Promise<number> {
    const { TransactItems = [] } = JSON.parse(body.toString('utf8')) as TransactWriteItemsInput;
    const after = await itemsOf(this.client(), actions);
    return transactionWriteUnits(
      actions.map((_action, index) => ({ before: before[index], after: after[index], checkOnly: TransactItems[index]?.ConditionCheck !== undefined })),
    );
  }

  private recordS3(call: ProxiedCall): void {
    this.activity++;
    if (!this.counting) return;
    // S3 bills PUT, COPY, POST and LIST at one rate and GET, HEAD and the rest at another; DELETE is free.
    const listing = call.method === 'GET' && /[?&]list-type=|^\/[^/]+\/?(\?|$)/.test(call.path);
    if (call.method === 'PUT' || call.method === 'POST' || listing) this.counts.s3WriteRequests++;
    else if (call.method !== 'DELETE') this.counts.s3ReadRequests++;
  }

  private recordAws(call: ProxiedCall): void {
    this.activity++;
    if (!this.counting) return;
    const target = String(call.headers['x-amz-target'] ?? '');
    if (target.startsWith('AWSEvents.')) {
      // EventBridge bills every entry of PutEvents (per 64 KB chunk; the platform's events are small).
      const { Entries } = JSON.parse(call.body.toString('utf8')) as { Entries?: unknown[] };
      this.counts.eventBridgeEvents += Entries?.length ?? 0;
    } else if (target.startsWith('AmazonSQS.')) this.counts.sqsRequests++;
    else if (target.startsWith('secretsmanager.')) this.counts.secretsManagerRequests++;
    else if (call.path.startsWith('/v2/email/outbound-emails')) this.counts.emails++;
    else if (call.method === 'POST' && call.path.startsWith('/schedules/')) this.counts.schedulerRequests++;
  }
}
