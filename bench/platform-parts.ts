import { randomUUID } from 'node:crypto';
import { demoBrand } from '../local/seed/demo-brand';
import { startLocalPlatform, type LocalPlatform } from '../local/platform';
import { readOutbox } from '../local/services/outbox';
import { staffToken } from '../local/services/local-issuer';
import { OperationMeter, noOperations, type OperationCounts } from './meter';
import { COST_LINES, costOf, IDLE_PRICES_DATE, PRICES, PRICES_DATE, publishedPrice } from './prices';
import { HOURS_A_MONTH, IDLE_PRICE_NAMES, IDLE_SQS_POLLERS, idleMonth, scheduledJobs, secretReadsPerRun, type ScheduledJob, type Template } from './idle-cost';
import { readStackAssembly } from '../local/runtime/assembly';
import { join } from 'node:path';
import { SECRET_CACHE_SECONDS } from '../shared/adapters/secrets/secrets';
import { format, machine, median, percentile, table } from './report';
import { listingSku } from '../shared/domain/listing-sku';
import { SALES_CHANNELS } from '../shared/domain/listings';

const smartphone = demoBrand.products.find((product) => product.category === 'smartphone')!;

/** Answers to the demo brand's smartphone questions that grade it GOOD. */
function goodAnswers(): Record<string, string> {
  const answers: Record<string, string> = {};
  const questions = demoBrand.questions.filter((question) => question.category === 'smartphone');
  for (const question of questions) answers[question.id] = question.options.find((option) => option.grade === 'LIKE_NEW')!.id;
  const lowering = questions.find((question) => question.options.some((option) => option.grade === 'GOOD'));
  if (lowering) answers[lowering.id] = lowering.options.find((option) => option.grade === 'GOOD')!.id;
  return answers;
}

const takeBackBody = (quoteId: string) => ({
  quoteId,
  customer: { name: 'Erika Mustermann', email: `bench.${randomUUID().slice(0, 8)}@example.org`, locale: 'de' },
  address: { street: 'Hauptstraße', houseNumber: '5', postalCode: '10115', city: 'Berlin', country: 'DE' },
  payout: { method: 'VOUCHER' },
});

async function call(platform: LocalPlatform, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${platform.apiUrl}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as any) : undefined };
}

async function expectStatus(answer: Promise<{ status: number; body: any }>, status: number, what: string) {
  const got = await answer;
  if (got.status !== status) throw new Error(`${what}: ${got.status} ${JSON.stringify(got.body)}`);
  return got.body;
}

/** Runs `count` requests, at most `concurrency` at a time; returns each one's latency, the failures and the wall time. */
async function bounded(count: number, concurrency: number, request: (index: number) => Promise<void>) {
  const latencies: number[] = [];
  const failures: string[] = [];
  let next = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const index = next++;
        const started = performance.now();
        await request(index).catch((error: unknown) => failures.push(error instanceof Error ? error.message : String(error)));
        latencies.push(performance.now() - started);
      }
    }),
  );
  return { latencies, failures, wallMs: performance.now() - began };
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Waits until `check` holds, polling outside the API (so the waiting is not counted). */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** Waits until nothing was counted for `quietMs`: the asynchronous work a step set off is done. */
async function settle(meter: OperationMeter, quietMs = 2500) {
  let seen = -1;
  let quietSince = Date.now();
  while (Date.now() - quietSince < quietMs) {
    if (meter.activity !== seen) {
      seen = meter.activity;
      quietSince = Date.now();
    }
    await sleep(100);
  }
}

const LOAD = { quotes: 200, takeBacks: 100, reads: 200, concurrency: 8 };

async function benchLoad(platform: LocalPlatform, meter: OperationMeter): Promise<string> {
  const answers = goodAnswers();
  // One request of each first, so that the load meets warm functions as a running platform would.
  const warm = await expectStatus(call(platform, 'POST', '/v1/brands/demo/quotes', { sku: smartphone.sku, answers }), 201, 'quote');
  const warmTakeBack = await expectStatus(
    call(platform, 'POST', '/v1/brands/demo/take-backs', takeBackBody(warm.quoteId), { 'idempotency-key': randomUUID() }),
    201,
    'take-back',
  );
  await expectStatus(call(platform, 'GET', `/v1/take-backs/${warmTakeBack.id}?token=${encodeURIComponent(warmTakeBack.trackingToken)}`), 200, 'get take-back');
  await settle(meter);
  const quoteIds: string[] = [];
  const quotes = await bounded(LOAD.quotes, LOAD.concurrency, async () => {
    const quote = await expectStatus(call(platform, 'POST', '/v1/brands/demo/quotes', { sku: smartphone.sku, answers }), 201, 'quote');
    quoteIds.push(quote.quoteId);
  });
  const created: { id: string; trackingToken: string }[] = [];
  const takeBacks = await bounded(LOAD.takeBacks, LOAD.concurrency, async (index) => {
    const body = takeBackBody(quoteIds[index % quoteIds.length]!);
    created.push(await expectStatus(call(platform, 'POST', '/v1/brands/demo/take-backs', body, { 'idempotency-key': randomUUID() }), 201, 'take-back'));
  });
  const reads = await bounded(LOAD.reads, LOAD.concurrency, async (index) => {
    if (created.length === 0) throw new Error('no take-back was created');
    const { id, trackingToken } = created[index % created.length]!;
    await expectStatus(call(platform, 'GET', `/v1/take-backs/${id}?token=${encodeURIComponent(trackingToken)}`), 200, 'get take-back');
  });
  await settle(meter, 4000);
  const row = (name: string, count: number, run: { latencies: number[]; failures: string[]; wallMs: number }) => [
    name,
    count,
    run.failures.length === 0 ? '0' : `${run.failures.length} (${[...new Set(run.failures)].slice(0, 2).join('; ')})`,
    (count / (run.wallMs / 1000)).toFixed(1),
    format.ms(median(run.latencies)),
    format.ms(percentile(run.latencies, 99)),
  ];
  return [
    '## Take-back API through the local cloud',
    '',
    machine(),
    '',
    `A bounded load on loopback: each route gets a fixed number of requests, ${LOAD.concurrency} at a time, against the platform the bench`,
    'started with its route throttles raised a thousandfold (every function warm after the first requests; the label workflows the take-backs set off run at the same time).',
    'The functions reach DynamoDB, S3 and the AWS endpoint through the counting proxies of the cost part (one more loopback hop).',
    '',
    table(
      ['request', 'count', 'failed', 'requests/s', 'p50', 'p99'],
      [
        row('`POST /v1/brands/demo/quotes`', LOAD.quotes, quotes),
        row('`POST /v1/brands/demo/take-backs`', LOAD.takeBacks, takeBacks),
        row('`GET /v1/take-backs/{id}`', LOAD.reads, reads),
      ],
    ),
  ].join('\n');
}

/** One lifecycle: request → label → receipt → grading → voucher → listing → sale. Returns the counts per step. */
async function lifecycle(platform: LocalPlatform, meter: OperationMeter): Promise<[string, OperationCounts][]> {
  const steps: [string, OperationCounts][] = [];
  const ops = { authorization: `Bearer ${await staffToken(platform.home, { brand: 'demo', roles: ['ops'] })}` };
  const emailed = async (passport: string, template: string) =>
    (await readOutbox(platform.outboxDir)).some((message) => message.tags.passport === passport && message.tags.template === template);
  const step = async (name: string, act: () => Promise<void>) => {
    meter.counts = noOperations();
    await act();
    await settle(meter);
    steps.push([name, meter.counts]);
  };
  let id = '';
  // The label is made asynchronously right after the request; the step ends once its e-mail is out.
  await step('request and label (quote, take-back, DHL label, e-mail)', async () => {
    const quote = await expectStatus(call(platform, 'POST', '/v1/brands/demo/quotes', { sku: smartphone.sku, answers: goodAnswers() }), 201, 'quote');
    const created = await expectStatus(
      call(platform, 'POST', '/v1/brands/demo/take-backs', takeBackBody(quote.quoteId), { 'idempotency-key': randomUUID() }),
      201,
      'take-back',
    );
    id = created.id;
    await until('the label e-mail', () => emailed(id, 'label'));
  });
  await step('receipt', async () => {
    await expectStatus(call(platform, 'POST', `/v1/passports/${id}/receipt`, {}, ops), 200, 'receipt');
  });
  const origins = (await expectStatus(call(platform, 'GET', '/_local/sandboxes'), 200, 'the sandboxes')) as Record<string, string>;
  const sku = () => listingSku('demo', id);
  const quantityOn = async (channel: string) => {
    const rows = (await (await fetch(`${origins[channel]}/_sandbox/listings`)).json()) as { sku: string; quantity: number }[];
    return rows.find((row) => row.sku === sku())?.quantity;
  };
  const onEveryChannel = async (quantity: number, channels: readonly string[]) =>
    (await Promise.all(channels.map(quantityOn))).every((found) => found === quantity);
  // The voucher sets off the listing workflow at once, so grading, voucher and listing are one step.
  await step('grading, voucher and listing on the four channels', async () => {
    const graded = await expectStatus(call(platform, 'POST', `/v1/passports/${id}/grading`, { grade: 'GOOD' }, ops), 200, 'grading');
    if (graded.route?.route !== 'RESELL') throw new Error(`the bench expects the graded phone to be resold, not routed to ${graded.route?.route}`);
    await until('the voucher e-mail', () => emailed(id, 'voucher-issued'));
    await until('the listings on every channel', () => onEveryChannel(1, SALES_CHANNELS));
  });
  await step('sale (an order in the shop; the other channels withdrawn; e-mail)', async () => {
    const ordered = await fetch(`${origins.shopify}/_sandbox/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sku: sku() }),
    });
    if (ordered.status !== 201) throw new Error(`the shop order: ${ordered.status} ${await ordered.text()}`);
    await until('the item-sold e-mail', () => emailed(id, 'item-sold'));
    await until('the other listings withdrawn', () => onEveryChannel(0, SALES_CHANNELS.filter((channel) => channel !== 'shopify')));
  });
  return steps;
}

function sum(all: OperationCounts[]): OperationCounts {
  const total = noOperations();
  for (const counts of all) {
    for (const key of Object.keys(total) as (keyof OperationCounts)[]) {
      if (typeof total[key] === 'number') (total[key] as number) += counts[key] as number;
    }
    for (const [fn, own] of counts.byFunction) {
      const seen = total.byFunction.get(fn) ?? { invocations: 0, gbSeconds: 0 };
      total.byFunction.set(fn, { invocations: seen.invocations + own.invocations, gbSeconds: seen.gbSeconds + own.gbSeconds });
    }
    for (const [operation, count] of counts.byDynamoDbOperation) total.byDynamoDbOperation.set(operation, (total.byDynamoDbOperation.get(operation) ?? 0) + count);
  }
  return total;
}

async function benchCost(platform: LocalPlatform, meter: OperationMeter): Promise<string> {
  meter.counting = false;
  await lifecycle(platform, meter); // warms every function of the lifecycle, so durations are warm ones
  meter.counting = true;
  const steps = await lifecycle(platform, meter);
  meter.counting = false;
  const total = sum(steps.map(([, counts]) => counts));
  const usd = costOf(total);
  const lines = COST_LINES.map((line) => ({ ...line, quantity: line.quantity(total), usd: line.quantity(total) * PRICES[line.price].usd })).sort(
    (a, b) => b.usd - a.usd,
  );
  // Request units come in halves (an eventually consistent read is half a unit): 13.5, not 13.500.
  const number = (n: number) => String(Math.round(n * 1000) / 1000);
  return [
    '## AWS cost of one item lifecycle',
    '',
    machine(),
    '',
    'One take-back of the demo smartphone through the local cloud, after one uncounted warm-up lifecycle: counted at the',
    "functions' clients (counting proxies in front of DynamoDB Local, the S3 server and the local AWS endpoint; DynamoDB",
    'asked for `ReturnConsumedCapacity: TOTAL`, except for a transaction: DynamoDB Local reports one item of each kind of',
    "action in it, so the bench bills each item it writes or checks from the item's sizes, `bench/transaction-units.ts`), at",
    "the Lambda pool (handler duration, rounded up to 1 ms, × the template's memory) and at the Step Functions runner",
    '(states entered and retried). Priced with the table below.',
    'The carrier (DHL) is not included. Goal (issue 8): ≤ $0.002 per lifecycle. The platform runs no scheduled rules',
    "(the marketplaces' order poll every minute, the listings' reconciliation, the stalled-passport sweeper, the monthly",
    'reports): their work is set by their rate, not by the item.',
    '',
    table(
      ['step', 'Lambda invocations', 'GB-s', 'DynamoDB requests', 'WRU', 'RRU', 'transitions', 'events', 'SQS', 'S3', 'e-mails', 'cost'],
      [
        ...steps.map(([name, c]) => [
          name,
          c.lambdaInvocations,
          c.lambdaGbSeconds.toFixed(3),
          c.dynamodbRequests,
          number(c.writeRequestUnits),
          number(c.readRequestUnits),
          c.stateTransitions,
          c.eventBridgeEvents,
          c.sqsRequests,
          c.s3WriteRequests + c.s3ReadRequests,
          c.emails,
          format.usd(costOf(c)),
        ]),
        [
          '**total**',
          total.lambdaInvocations,
          total.lambdaGbSeconds.toFixed(3),
          total.dynamodbRequests,
          number(total.writeRequestUnits),
          number(total.readRequestUnits),
          total.stateTransitions,
          total.eventBridgeEvents,
          total.sqsRequests,
          total.s3WriteRequests + total.s3ReadRequests,
          total.emails,
          `**${format.usd(usd)}**`,
        ],
      ],
    ),
    '',
    `**${format.usd(usd)} per lifecycle** (request to sale), ${usd <= 0.002 ? 'within' : 'over'} the $0.002 goal. By cost:`,
    '',
    table(
      ['what', 'quantity', 'price', 'cost', 'share'],
      lines.map((line) => [line.name, number(line.quantity), publishedPrice(line.price), format.usd(line.usd), `${((line.usd / usd) * 100).toFixed(0)} %`]),
    ),
    '',
    `What dominates: ${lines
      .slice(0, 3)
      .map((line) => `${line.name} (${((line.usd / usd) * 100).toFixed(0)} %)`)
      .join(', ')}.`,
    '',
    'Lambda per function (counted lifecycle):',
    '',
    table(
      ['function', 'invocations', 'GB-s'],
      [...total.byFunction].sort((a, b) => b[1].gbSeconds - a[1].gbSeconds).map(([fn, own]) => [fn, own.invocations, own.gbSeconds.toFixed(4)]),
    ),
    '',
    'DynamoDB requests per operation: ' +
      [...total.byDynamoDbOperation].sort((a, b) => b[1] - a[1]).map(([operation, count]) => `${operation} ${count}`).join(', ') +
      '.',
    '',
    'SQS requests are those a function sends, each message a rule or schedule puts on a queue, and for each batch an',
    "event source mapping hands to a function its ReceiveMessage and DeleteMessageBatch. Not counted: the mappings' empty",
    'long polls (billed, but set by the poll rate, not by the item), DynamoDB Streams reads (free for Lambda triggers),',
    'CloudWatch Logs and X-Ray, API Gateway requests, storage, data transfer, and the monthly fees of Secrets Manager, KMS',
    "and the CloudWatch alarms (the idle month's part prices those).",
    'Local handler durations on this machine stand in for Lambda ones.',
    '',
    `### Prices (eu-central-1, USD, as of ${PRICES_DATE})`,
    '',
    'The published on-demand prices beyond the free tiers, from the pages named; the Step Functions price for Europe',
    '(Frankfurt) was read on its page, the others are the eu-central-1 prices as the pages list them: check before relying on them.',
    '',
    table(
      ['what', 'price', 'source'],
      COST_LINES.map((line) => [line.name, publishedPrice(line.price), PRICES[line.price].source]),
    ),
  ].join('\n');
}

/**
 * One counted run of each scheduled job, for the idle month (`idle-cost.ts`), invoked with
 * EventBridge's scheduled event: the second of two runs (warm, and finding done what a first run of
 * the month does once), with the first run's secret reads for the runs that find the cache expired.
 */
async function countJobRuns(platform: LocalPlatform, meter: OperationMeter, jobs: ScheduledJob[]): Promise<Map<string, OperationCounts>> {
  const perRun = new Map<string, OperationCounts>();
  const scheduledEvent = (rule: string) => ({
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: platform.cloud.account,
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: platform.cloud.region,
    resources: [`arn:aws:events:${platform.cloud.region}:${platform.cloud.account}:rule/${rule}`],
    detail: {},
  });
  const run = async (job: ScheduledJob) => {
    meter.counts = noOperations();
    meter.counting = true;
    await platform.cloud.invoke(job.functionId, scheduledEvent(job.rule));
    await settle(meter);
    meter.counting = false;
    return meter.counts;
  };
  for (const job of jobs) {
    const first = await run(job);
    const warm = await run(job);
    // The warm run found the secrets it needs cached; later runs read them again once the cache has expired.
    const secretsManagerRequests = secretReadsPerRun(first.secretsManagerRequests, job.runsPerMonth, SECRET_CACHE_SECONDS);
    perRun.set(job.functionId, { ...warm, secretsManagerRequests });
  }
  return perRun;
}

/** Dollars as the idle month's tables show them: cents from a cent up, else seven decimals. */
const dollars = (usd: number) => (usd >= 0.01 ? `$${usd.toFixed(2)}` : format.usd(usd));
const usdOf = (lines: { usd: number }[]) => lines.reduce((sum, line) => sum + line.usd, 0);

/** The month again with the jobs' runs counted while a brand resells (its order cursors polled on every channel). */
function resellingLines(template: Template, reselling: Map<string, OperationCounts>, quietUsd: number): string[] {
  const lines = idleMonth(template, reselling);
  const usd = usdOf(lines);
  const jobsUsd = usdOf(lines.filter((line) => line.price === 'operations'));
  return [
    `**A brand reselling: ${dollars(usd)} a month.** The jobs counted again after the other parts of the bench (the demo brand`,
    'then sells on the four channels, so the order poll reads each one every minute and the reconciliation every quarter',
    `hour; their credentials are cached five minutes): ${dollars(usd - quietUsd)} more, the jobs' runs ${dollars(jobsUsd)} and their`,
    `traces, logs and metrics the rest (the table below, "a brand reselling").`,
    '',
  ];
}

/** The idle month's section: priced from the runs on the platform as it started, and, when counted, again after the lifecycles. */
function idleSection(template: Template, perRun: Map<string, OperationCounts>, reselling: Map<string, OperationCounts> | undefined): string {
  const jobs = scheduledJobs(template);
  const lines = idleMonth(template, perRun).sort((a, b) => b.usd - a.usd);
  const usd = usdOf(lines);
  const quantity = (n: number) => n.toLocaleString('en', { maximumFractionDigits: n < 100 ? 2 : 0 });
  const idlePrices = Object.keys(IDLE_PRICE_NAMES) as (keyof typeof IDLE_PRICE_NAMES)[];
  return [
    '## AWS cost of an idle month',
    '',
    machine(),
    '',
    'What the deployed stack costs a month when no item moves, from the synthesized template and counted runs: the',
    "resources billed by the month (alarms, secrets), the empty long polls of the SQS queues Lambda consumes, and the",
    "scheduled jobs' runs. Each job ran twice through the local cloud as the platform started (the demo brand seeded,",
    "nothing in flight); its second, warm run is counted as in the lifecycle's part below, with the first run's Secrets",
    'Manager reads for each run that finds their five-minute cache expired (every fifth run of a job every minute);',
    `× its runs in an average month (${HOURS_A_MONTH.toFixed(1)} hours). Free tiers left out: this is what an account past them pays.`,
    '',
    table(
      ['what', 'a month', 'price', 'cost', 'share'],
      lines.map((line) => [
        line.what,
        quantity(line.quantity),
        line.price === 'operations' ? 'its counted operations, below' : publishedPrice(line.price),
        dollars(line.usd),
        `${((line.usd / usd) * 100).toFixed(0)} %`,
      ]),
    ),
    '',
    `**${dollars(usd)} a month** with no item moving. What dominates: ${lines
      .slice(0, 3)
      .map((line) => `${line.what} (${((line.usd / usd) * 100).toFixed(0)} %)`)
      .join(', ')}.`,
    '',
    ...(reselling ? resellingLines(template, reselling, usd) : []),
    'One counted run of each scheduled job (log bytes: the lines the function writes; metrics: the custom metrics it publishes):',
    '',
    table(
      ['function', 'schedule', 'runs a month', 'when', 'GB-s', 'DynamoDB requests', 'RRU', 'WRU', 'SQS', 'secrets', 'e-mails', 'log bytes', 'metrics', 'cost of a run'],
      jobs.flatMap((job) =>
        (reselling ? (['as started', 'a brand reselling'] as const) : (['as started'] as const)).map((when) => {
          const run = (when === 'as started' ? perRun : reselling!).get(job.functionId)!;
          return [
            job.functionId,
            `\`${job.expression}\``,
            quantity(job.runsPerMonth),
            when,
            run.lambdaGbSeconds.toFixed(4),
            run.dynamodbRequests,
            run.readRequestUnits,
            run.writeRequestUnits,
            run.sqsRequests,
            run.secretsManagerRequests,
            run.emails,
            run.logBytes,
            run.metricSeries.size,
            format.usd(costOf(run)),
          ];
        }),
      ),
    ),
    '',
    `The long polls are counted at the ${IDLE_SQS_POLLERS.most} concurrent batches Lambda keeps polling a quiet standard`,
    `queue, each a ReceiveMessage of at most 20 seconds (${IDLE_SQS_POLLERS.receivesPerMinute} a minute); Lambda's documentation says it may go down to`,
    `${IDLE_SQS_POLLERS.fewest}, which would make them ${IDLE_SQS_POLLERS.fewest}/${IDLE_SQS_POLLERS.most} of the line. The marketplaces' order poll and the`,
    "reconciliation call the sandboxes here (the marketplaces' own APIs when deployed: not AWS's bill).",
    'DynamoDB Local reports no read unit for a Query that finds nothing; billed half a unit each, the jobs would cost',
    'about 2 cents a month more. Not counted: storage (the table, the buckets, the logs kept 30–90 days), Lambda\'s own',
    "START/END/REPORT log lines, the init of a job's cold start (one that runs every quarter hour or less often may start",
    "cold each time), the KMS requests behind the secrets' reads, and what has no monthly fee (API Gateway,",
    'CloudFront, Cognito, Step Functions, DynamoDB on demand and S3 bill by use only).',
    '',
    `### Prices of the idle month (eu-central-1, USD, as of ${IDLE_PRICES_DATE})`,
    '',
    `Besides those of the lifecycle's part (as of ${PRICES_DATE}); check them on the pages named before relying on them.`,
    '',
    table(
      ['what', 'price', 'source'],
      idlePrices.map((price) => [IDLE_PRICE_NAMES[price]!, publishedPrice(price), PRICES[price].source]),
    ),
  ].join('\n');
}

/** Parts `idle`, `load` and `cost`: one platform, started by the bench with its operation meter. */
export async function benchPlatform(options: { home: string; port: number; idle: boolean; load: boolean; cost: boolean }): Promise<[string, string][]> {
  const meter = new OperationMeter();
  await meter.start();
  console.log('bench: starting the platform…');
  // The routes' throttles are raised: the load part measures what the platform serves, not its limits (docs/throttling.md).
  // No scheduled rule runs: the marketplaces' order poll (every minute), the reconciliation and the sweeper do what
  // their rate sets, not what an item does, and a poll that fell into the counted lifecycle was counted with it.
  const platform = await startLocalPlatform({
    home: options.home,
    port: options.port,
    ephemeral: true,
    quiet: true,
    throttleScale: 1000,
    meter: meter.cloudMeter(),
    scheduledRules: false,
  });
  const sections: [string, string][] = [];
  try {
    const template = readStackAssembly(join(options.home, 'cdk.out')).template as Template;
    let idleRuns: Map<string, OperationCounts> | undefined;
    if (options.idle) {
      console.log('bench: counting the scheduled jobs of an idle month…');
      idleRuns = await countJobRuns(platform, meter, scheduledJobs(template));
    }
    if (options.load) {
      console.log('bench: load on the take-back API…');
      sections.push(['load', await benchLoad(platform, meter)]);
    }
    if (options.cost) {
      console.log('bench: counting one item lifecycle…');
      sections.push(['cost', await benchCost(platform, meter)]);
    }
    if (idleRuns) {
      // After the lifecycles the demo brand resells: the order poll and the reconciliation then read its channels.
      const reselling = options.cost ? await countJobRuns(platform, meter, scheduledJobs(template)) : undefined;
      sections.push(['idle', idleSection(template, idleRuns, reselling)]);
    }
  } finally {
    await platform.stop();
    await meter.stop();
  }
  return sections;
}
