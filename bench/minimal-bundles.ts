import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { LAMBDA_BUNDLE_OPTIONS, type SdkClient } from './bundle-options';

/** How a minimal handler uses one SDK package: imports, a client, one call (so nothing is shaken out). */
const USES: Record<SdkClient, { imports: string; setup: string; call: string }> = {
  'lib-dynamodb': {
    imports: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';`,
    setup: `const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));`,
    call: `await documents.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { PK: 'P#1', SK: 'META' } }));`,
  },
  'client-dynamodb': {
    imports: `import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';`,
    setup: `const dynamodb = new DynamoDBClient({});`,
    call: `await dynamodb.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { PK: { S: 'P#1' } } }));`,
  },
  'client-s3': {
    imports: `import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';`,
    setup: `const s3 = new S3Client({});`,
    call: `await s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }));`,
  },
  'client-sfn': {
    imports: `import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';`,
    setup: `const sfn = new SFNClient({});`,
    call: `await sfn.send(new StartExecutionCommand({ stateMachineArn: 'arn', input: '{}' }));`,
  },
  'client-eventbridge': {
    imports: `import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';`,
    setup: `const events = new EventBridgeClient({});`,
    call: `await events.send(new PutEventsCommand({ Entries: [] }));`,
  },
  'client-sqs': {
    imports: `import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';`,
    setup: `const sqs = new SQSClient({});`,
    call: `await sqs.send(new SendMessageCommand({ QueueUrl: 'q', MessageBody: '{}' }));`,
  },
  'client-sesv2': {
    imports: `import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';`,
    setup: `const ses = new SESv2Client({});`,
    call: `await ses.send(new SendEmailCommand({ Content: { Raw: { Data: new Uint8Array() } } }));`,
  },
  'client-scheduler': {
    imports: `import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';`,
    setup: `const scheduler = new SchedulerClient({});`,
    call: `await scheduler.send(new CreateScheduleCommand({ Name: 'n', ScheduleExpression: 'at(2030-01-01T00:00:00)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: 'a', RoleArn: 'r' } }));`,
  },
  'client-secrets-manager': {
    imports: `import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';`,
    setup: `const secrets = new SecretsManagerClient({});`,
    call: `await secrets.send(new GetSecretValueCommand({ SecretId: 's' }));`,
  },
};

export interface MinimalBundle {
  /** What it holds, e.g. `lib-dynamodb+client-s3`, or `lib-dynamodb+zod/mini`. */
  name: string;
  file: string;
  bytes: number;
}

/** The name of a set of clients, as budgets and tables key it. */
export const setName = (clients: readonly string[]) => (clients.length === 0 ? 'no AWS SDK' : clients.join('+'));

function minimalHandler(clients: readonly SdkClient[], withZodMini: boolean): string {
  const uses = clients.map((client) => USES[client]);
  const zod = withZodMini
    ? {
        imports: `import * as z from 'zod/mini';`,
        setup: `const Event = z.object({ id: z.string().check(z.minLength(1)) });`,
        call: `Event.parse(event);`,
      }
    : undefined;
  const parts = zod ? [...uses, zod] : uses;
  return [
    ...parts.map((part) => part.imports),
    ...parts.map((part) => part.setup),
    `export const handler = async (event) => {`,
    ...parts.map((part) => `  ${part.call}`),
    `  return { statusCode: 200 };`,
    `};`,
    '',
  ].join('\n');
}

/** How a comparison's minimal bundles differ from the platform's options. */
export interface BundleVariant {
  /** esbuild's order of a package's entry fields instead of the platform's. */
  mainFields?: string[];
  /** The SDK's default credential provider chain, as a handler bundled without the platform's alias carries it. */
  sdkCredentialChain?: boolean;
}

/**
 * Bundles a minimal handler for each set of SDK clients (and the DocumentClient with `zod/mini`,
 * the runtime-validation anchor) with the platform's bundle options, in one esbuild build, so
 * with the same credential provider as the functions; a variant changes one option for a comparison.
 */
export async function buildMinimalBundles(directory: string, sets: SdkClient[][], variant: BundleVariant = {}): Promise<MinimalBundle[]> {
  await mkdir(directory, { recursive: true });
  const wanted = new Map<string, string>();
  for (const clients of sets) wanted.set(setName(clients), minimalHandler(clients, false));
  wanted.set('lib-dynamodb+zod/mini', minimalHandler(['lib-dynamodb'], true));
  const entryPoints: Record<string, string> = {};
  let index = 0;
  const names = new Map<string, string>();
  for (const [name, source] of wanted) {
    const key = `minimal-${index++}`;
    names.set(key, name);
    const sourceFile = join(directory, `${key}.mjs`);
    await writeFile(sourceFile, source);
    entryPoints[key] = sourceFile;
  }
  const { alias, ...options } = LAMBDA_BUNDLE_OPTIONS;
  await build({
    ...options,
    ...(variant.sdkCredentialChain ? {} : { alias }),
    ...(variant.mainFields ? { mainFields: variant.mainFields } : {}),
    entryPoints,
    outdir: join(directory, 'out'),
    nodePaths: [join(import.meta.dirname, '..', 'node_modules')],
  });
  return Promise.all(
    [...names].map(async ([key, name]) => {
      const file = join(directory, 'out', `${key}.js`);
      return { name, file, bytes: (await stat(file)).size };
    }),
  );
}
