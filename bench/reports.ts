import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { demoBrand } from '../local/seed/demo-brand';
import { startDynamoDbLocal } from '../local/services/dynamodb-local';
import { DynamoDbAggregateStore } from '../shared/adapters/dynamodb/aggregate-store';
import { DynamoDbSeedingPassportStore } from '../shared/adapters/dynamodb/passport-store';
import type { BrandConfig } from '../shared/domain/catalog';
import type { ReportGrouping, ReportKind } from '../shared/schemas/reports';
import { EventAggregation } from '../shared/services/event-aggregation';
import { impactFactors } from '../shared/services/passport-impact';
import { ReportsService } from '../shared/services/reports-service';
import { createTableLikeStack } from '../tests/support/table';
import { tableDefinitionOfStack } from '../tests/support/table-definition';
import { eventsOf, type ItemLife, passportItemOf } from './report-events';
import { format, machine, median, table } from './report';

// `npm run bench -- reports`: N items' events go through the real aggregation code (the
// EventAggregation service and the DynamoDB aggregate store) into DynamoDB Local, then every
// report and grouping is timed against those aggregates. Settings: BENCH_REPORT_SIZES (default
// "1000,100000"), BENCH_REPORT_RUNS (timed runs per report, default 21).

const REPORTS: [ReportKind, ReportGrouping][] = [
  ['impact', 'month'],
  ['impact', 'category'],
  ['finance', 'month'],
  ['finance', 'category'],
  ['finance', 'channel'],
  ['returns', 'month'],
  ['returns', 'category'],
];
const CHANNELS = ['shopify', 'ebay', 'backmarket', 'refurbed'] as const;
const REASONS = (demoBrand.config.returnReasons ?? []).map((reason) => reason.code);
/** Events handed to the aggregation at once; it writes them in transactions of up to 100 writes. */
const FEED_BATCH = 500;
/** Feeders at once, each on its own months, so their transactions rarely add to the same counters. */
const FEEDERS = 4;
const MONTHS = 12;

/** Consecutive items cycle through the products, then move on a month, so every product comes in every month. */
function monthIndexOf(i: number): number {
  return Math.floor(i / demoBrand.products.length) % MONTHS;
}

/** Item `i` of a brand: every product, month, route, channel and reason comes round, whatever N. */
function lifeOf(brand: string, i: number): ItemLife {
  const product = demoBrand.products[i % demoBrand.products.length]!;
  const kind = i % 10;
  const route = kind === 8 ? 'RECYCLE' : kind >= 6 && kind < 8 ? 'REPAIR' : 'RESELL';
  const price = Math.round(product.newPrice.amount * 0.4);
  return {
    passportId: `${brand}-${String(i).padStart(8, '0')}`,
    brand,
    requestedAt: new Date(Date.UTC(2026, monthIndexOf(i), 3, 9, 0, 0)),
    product: { sku: product.sku, name: product.name, category: product.category, weightGrams: product.weightGrams },
    returnReason: REASONS[i % REASONS.length]!,
    route,
    voucher: Math.round(product.newPrice.amount * 0.25),
    labelCost: demoBrand.config.labelCost!.amount,
    ...(route === 'REPAIR' ? { repairCost: 4_500 } : {}),
    ...(route !== 'RECYCLE' && kind !== 9 ? { sale: { channel: CHANNELS[i % CHANNELS.length]!, price, fee: Math.round(price * 0.12), shipping: 490 } } : {}),
  };
}

async function inParallel<T>(items: readonly T[], workers: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function feed(doc: DynamoDBDocumentClient, tableName: string, aggregation: EventAggregation, brand: string, n: number): Promise<{ ms: number; events: number }> {
  const lives = Array.from({ length: n }, (_v, i) => lifeOf(brand, i));
  const batches: Record<string, unknown>[][] = [];
  for (let start = 0; start < n; start += 25) batches.push(lives.slice(start, start + 25).map(passportItemOf));
  await inParallel(batches, 8, async (items) => {
    let pending: Record<string, unknown>[] | undefined = items.map((Item) => ({ PutRequest: { Item } }));
    while (pending && pending.length > 0) {
      const result = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending as never } }));
      pending = result.UnprocessedItems?.[tableName] as Record<string, unknown>[] | undefined;
    }
  });

  const started = performance.now();
  let events = 0;
  await Promise.all(
    Array.from({ length: FEEDERS }, async (_v, feeder) => {
      const mine = lives.filter((_life, i) => monthIndexOf(i) % FEEDERS === feeder).flatMap(eventsOf);
      for (let start = 0; start < mine.length; start += FEED_BATCH) {
        const outcome = await aggregation.aggregate(mine.slice(start, start + FEED_BATCH));
        if (outcome.failed.length > 0) throw new Error(`${outcome.failed.length} events not counted`);
        events += outcome.counted.length;
        if (Math.floor(events / 50_000) > Math.floor((events - outcome.counted.length) / 50_000)) {
          console.log(`bench: reports, ${events.toLocaleString('en')} events counted after ${format.s(performance.now() - started)}`);
        }
      }
    }),
  );
  return { ms: performance.now() - started, events };
}

/**
 * Runs the benchmark; hands its section of docs/benchmarks.md to `write` after each size from the
 * second on, so a run stopped at the largest size keeps the sizes it finished.
 */
export async function benchReports(write: (markdown: string) => void): Promise<void> {
  const sizes = (process.env.BENCH_REPORT_SIZES ?? '1000,100000').split(',').map(Number);
  const runs = Number(process.env.BENCH_REPORT_RUNS ?? 21);
  const dynamo = await startDynamoDbLocal();
  try {
    const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const doc = DynamoDBDocumentClient.from(client);
    const tableName = 'bench-reports';
    await createTableLikeStack(client, tableName, await tableDefinitionOfStack());
    const aggregates = new DynamoDbAggregateStore(tableName, client);
    const passports = new DynamoDbSeedingPassportStore(tableName, client);
    const brandConfig = async (brand: string) => (await passports.getCatalog(brand))?.config;
    const aggregation = new EventAggregation({ aggregates, brandConfig, factors: impactFactors() });
    const reports = new ReportsService({ aggregates, brandConfig, factors: impactFactors(), now: () => new Date(), renderImpactPdf: async () => new Uint8Array() });

    const fed: Fed[] = [];
    for (const n of sizes) {
      const brand = `bench-${n}`;
      const config: BrandConfig = { ...demoBrand.config, brand };
      await passports.putCatalog({ ...demoBrand, config });
      console.log(`bench: reports, feeding ${n.toLocaleString('en')} items' events…`);
      const { ms: feedMs, events } = await feed(doc, tableName, aggregation, brand, n);
      console.log(`bench: reports, ${events.toLocaleString('en')} events counted in ${format.s(feedMs)}`);
      fed.push({ n, brand, feedMs, events, items: (await aggregates.read(brand, 'category', '2026-01', '2026-12')).length });
      if (fed.length > 1) write(await timed(reports, fed, runs));
    }
  } finally {
    await dynamo.stop();
  }
}

interface Fed {
  n: number;
  brand: string;
  feedMs: number;
  events: number;
  items: number;
}

/** Times every report at every size fed, and answers the section. */
async function timed(reports: ReportsService, fed: readonly Fed[], runs: number): Promise<string> {
  // The sizes take turns within every run, so that a change of the machine's load hits them alike.
  console.log('bench: reports, timing the reports…');
  const query = (groupBy: ReportGrouping) => ({ from: '2026-01', to: '2026-12', groupBy });
  const times = REPORTS.map(() => fed.map((): number[] => []));
  for (const [index, [kind, groupBy]] of REPORTS.entries()) {
    for (const { brand } of fed) for (let warm = 0; warm < 3; warm++) await reports.report(brand, kind, query(groupBy));
    for (let run = 0; run < runs; run++) {
      for (const [size, { brand }] of fed.entries()) {
        const started = performance.now();
        await reports.report(brand, kind, query(groupBy));
        times[index]![size]!.push(performance.now() - started);
      }
    }
  }
  const results = fed.map((result, size) => ({ ...result, medians: REPORTS.map((_report, index) => median(times[index]![size]!)) }));

  const first = results[0]!;
  const last = results[results.length - 1]!;
  const header = ['report', ...results.map((result) => `N = ${result.n.toLocaleString('en')}`), `N = ${last.n.toLocaleString('en')} ÷ N = ${first.n.toLocaleString('en')}`];
  const rows = REPORTS.map(([kind, groupBy], index) => [
    `${kind} by ${groupBy}`,
    ...results.map((result) => format.ms(result.medians[index]!)),
    `${(last.medians[index]! / first.medians[index]!).toFixed(2)}×`,
  ]);
  const feeding = table(
    ['N items', 'events counted', 'feed time', 'events / s', 'category aggregate items of the year'],
    results.map((result) => [
      result.n.toLocaleString('en'),
      result.events.toLocaleString('en'),
      format.s(result.feedMs),
      Math.round(result.events / (result.feedMs / 1000)).toLocaleString('en'),
      result.items,
    ]),
  );
  return [
    '## Reports',
    '',
    `Every report over one year, by each grouping, after N items' events went through the aggregation (\`bench/reports.ts\`): median of ${runs} runs after 3 warm-ups, the sizes taking turns within each run, `,
    'the report service against DynamoDB Local (no HTTP). The goal: a report at the largest N within 1.2× of its time at 1,000 items, ',
    'since a report reads months × categories (or channels, products) of aggregates, never passports.',
    '',
    table(header, rows),
    '',
    feeding,
    '',
    ...(last.n < 1_000_000 ? [millionNote(last), ''] : []),
    machine(),
  ].join('\n');
}

/** Why the largest size is not a million: what feeding a million would take at the rate measured. */
function millionNote(last: { n: number; events: number; feedMs: number }): string {
  const eventsPerItem = last.events / last.n;
  const hours = (1_000_000 * eventsPerItem) / (last.events / (last.feedMs / 1000)) / 3600;
  return `1,000,000 items (${((1_000_000 * eventsPerItem) / 1e6).toFixed(1)} million events) would take about ${hours.toFixed(1)} h to feed at the rate measured here, far beyond the ten minutes allowed, so the largest size is ${last.n.toLocaleString('en')}.`;
}
