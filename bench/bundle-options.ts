// The platform's own bundle options, so the sizes measured here are the deployed ones.
export { LAMBDA_BUNDLE_OPTIONS } from '../infra/function-bundles';

/** The AWS SDK packages a bundle is measured against, in the order the tables show them. */
export const SDK_CLIENTS = [
  'lib-dynamodb',
  'client-dynamodb',
  'client-s3',
  'client-sfn',
  'client-eventbridge',
  'client-sqs',
  'client-sesv2',
  'client-scheduler',
  'client-secrets-manager',
] as const;

export type SdkClient = (typeof SDK_CLIENTS)[number];

/** The SDK packages among a bundle's input files (`node_modules/@aws-sdk/<name>/…`). */
export function sdkClientsIn(inputs: Iterable<string>): SdkClient[] {
  const found = new Set<string>();
  for (const input of inputs) {
    const match = /node_modules\/@aws-sdk\/([a-z0-9-]+)\//.exec(input);
    if (match) found.add(match[1]!);
  }
  // The DocumentClient brings the DynamoDB client; the set names the DocumentClient only.
  if (found.has('lib-dynamodb')) found.delete('client-dynamodb');
  return SDK_CLIENTS.filter((client) => found.has(client));
}
