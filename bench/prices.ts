/**
 * Published on-demand prices in eu-central-1 (Europe, Frankfurt), in USD, beyond the free tiers,
 * as read on the services' pricing pages on the date below. Check them there before relying on them.
 */
export const PRICES_DATE = '2026-12-02';

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
} as const;

export type PriceName = keyof typeof PRICES;

/** How a price reads in the table: the published figure in its own unit. */
export function publishedPrice(name: PriceName): string {
  const { usd, unit } = PRICES[name];
  const per = unit.startsWith('per million') ? 1e6 : unit.startsWith('per 1,000 ') ? 1000 : unit.startsWith('per 10,000') ? 10_000 : 1;
  return `$${(usd * per).toPrecision(per === 1 ? 6 : 4).replace(/\.?0+$/, '')} ${unit}`;
}
