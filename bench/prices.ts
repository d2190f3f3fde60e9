import type { OperationCounts } from './meter';

/**
 * Published on-demand prices in eu-central-1 (Europe, Frankfurt), in USD, beyond the free tiers,
 * as read on the services' pricing pages on the date below. Check them there before relying on them.
 */
export const PRICES_DATE = '2026-12-02';
/** When the prices of the idle part (alarms, metrics, logs, secrets, keys, traces) were read. */
export const IDLE_PRICES_DATE = '2026-12-06';

export const PRICES = {
  dynamodbWriteRequestUnit: { usd: 0.7625 / 1e6, unit: 'per million write request units', source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/' },
  dynamodbReadRequestUnit: { usd: 0.1525 / 1e6, unit: 'per million read request units', source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/' },
  lambdaRequest: { usd: 0.2 / 1e6, unit: 'per million requests', source: 'https://aws.amazon.com/lambda/pricing/' },
  lambdaArmGbSecond: { usd: 0.0000133334, unit: 'per GB-second (Arm, first 7.5 billion GB-s a month)', source: 'https://aws.amazon.com/lambda/pricing/' },
  stateTransition: { usd: 0.025 / 1000, unit: 'per 1,000 state transitions (Standard)', source: 'https://aws.amazon.com/step-functions/pricing/' },
  eventBridgeEvent: { usd: 1 / 1e6, unit: 'per million custom events', source: 'https://aws.amazon.com/eventbridge/pricing/' },
  sqsRequest: { usd: 0.4 / 1e6, unit: 'per million requests (standard queue)', source: 'https://aws.amazon.com/sqs/pricing/' },
  s3WriteRequest: { usd: 0.0054 / 1000, unit: 'per 1,000 PUT, COPY, POST, LIST requests (S3 Standard)', source: 'https://aws.amazon.com/s3/pricing/' },
  s3ReadRequest: { usd: 0.00043 / 1000, unit: 'per 1,000 GET and other requests (S3 Standard)', source: 'https://aws.amazon.com/s3/pricing/' },
  email: { usd: 0.1 / 1000, unit: 'per 1,000 outbound e-mails', source: 'https://aws.amazon.com/ses/pricing/' },
  schedulerInvocation: { usd: 1 / 1e6, unit: 'per million scheduled invocations', source: 'https://aws.amazon.com/eventbridge/pricing/' },
  secretsManagerRequest: { usd: 0.05 / 10_000, unit: 'per 10,000 API calls', source: 'https://aws.amazon.com/secrets-manager/pricing/' },
  // What a deployment pays whether or not an item moves (the idle part; read on IDLE_PRICES_DATE).
  alarm: { usd: 0.1, unit: 'per standard-resolution alarm metric a month', source: 'https://aws.amazon.com/cloudwatch/pricing/' },
  customMetric: { usd: 0.3, unit: 'per custom metric a month (first 10,000; prorated by the hour it is published)', source: 'https://aws.amazon.com/cloudwatch/pricing/' },
  dashboard: { usd: 3, unit: 'per dashboard a month', source: 'https://aws.amazon.com/cloudwatch/pricing/' },
  logIngestion: { usd: 0.63 / 2 ** 30, unit: 'per GB of logs ingested (standard class)', source: 'https://aws.amazon.com/cloudwatch/pricing/' },
  secret: { usd: 0.4, unit: 'per secret a month', source: 'https://aws.amazon.com/secrets-manager/pricing/' },
  kmsKey: { usd: 1, unit: 'per customer managed key a month', source: 'https://aws.amazon.com/kms/pricing/' },
  xrayTrace: { usd: 5 / 1e6, unit: 'per million traces recorded', source: 'https://aws.amazon.com/xray/pricing/' },
} as const;

export type PriceName = keyof typeof PRICES;

/** How a price reads in the table: the published figure in its own unit. */
export function publishedPrice(name: PriceName): string {
  const { usd, unit } = PRICES[name];
  const per = unit.startsWith('per million')
    ? 1e6
    : unit.startsWith('per 1,000 ')
      ? 1000
      : unit.startsWith('per 10,000')
        ? 10_000
        : unit.startsWith('per GB of')
          ? 2 ** 30
          : 1;
  return `$${(usd * per).toPrecision(per === 1 ? 6 : 4).replace(/\.?0+$/, '')} ${unit}`;
}

/** What the counted operations cost: each kind of count with its price. */
export const COST_LINES: { name: string; price: PriceName; quantity: (counts: OperationCounts) => number }[] = [
  { name: 'DynamoDB write request units', price: 'dynamodbWriteRequestUnit', quantity: (c) => c.writeRequestUnits },
  { name: 'DynamoDB read request units', price: 'dynamodbReadRequestUnit', quantity: (c) => c.readRequestUnits },
  { name: 'Lambda requests', price: 'lambdaRequest', quantity: (c) => c.lambdaInvocations },
  { name: 'Lambda GB-seconds (Arm)', price: 'lambdaArmGbSecond', quantity: (c) => c.lambdaGbSeconds },
  { name: 'Step Functions state transitions', price: 'stateTransition', quantity: (c) => c.stateTransitions },
  { name: 'EventBridge events', price: 'eventBridgeEvent', quantity: (c) => c.eventBridgeEvents },
  { name: 'SQS requests', price: 'sqsRequest', quantity: (c) => c.sqsRequests },
  { name: 'S3 PUT/POST/LIST requests', price: 's3WriteRequest', quantity: (c) => c.s3WriteRequests },
  { name: 'S3 GET requests', price: 's3ReadRequest', quantity: (c) => c.s3ReadRequests },
  { name: 'SES e-mails', price: 'email', quantity: (c) => c.emails },
  { name: 'Scheduler schedules made (billed once each when it fires)', price: 'schedulerInvocation', quantity: (c) => c.schedulerRequests },
  { name: 'Secrets Manager API calls', price: 'secretsManagerRequest', quantity: (c) => c.secretsManagerRequests },
];

export const costOf = (counts: OperationCounts) => COST_LINES.reduce((sum, line) => sum + line.quantity(counts) * PRICES[line.price].usd, 0);
