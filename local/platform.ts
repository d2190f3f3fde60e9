import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { localCompileCacheDir } from '../infra/function-bundles';
import { synthesizeForLocalUse } from '../infra/synthesize';
import { DynamoDbSeedingPassportStore } from '../shared/adapters/dynamodb/passport-store';
import { startLocalCloud, type CloudMeter, type LocalCloudHandle } from './runtime/local-cloud';
import { serveWebApp } from './runtime/web-app';
import { WEB_DIST } from '../infra/web-build';
import { SANDBOX_CREDENTIALS, startDhlSandbox, type DhlFaults, type DhlSandbox } from './sandboxes/dhl/sandbox';
import { startRepairPartnerSandbox, type RepairPartnerSandbox } from './sandboxes/repair-partner/sandbox';
import { BACKMARKET_SANDBOX_TOKEN, startBackMarketSandbox, type BackMarketSandbox } from './sandboxes/backmarket/sandbox';
import { EBAY_SANDBOX_SIGNING_KEY, EBAY_SANDBOX_TOKEN, startEbaySandbox, type EbaySandbox } from './sandboxes/ebay/sandbox';
import { REFURBED_SANDBOX_TOKEN, startRefurbedSandbox, type RefurbedSandbox } from './sandboxes/refurbed/sandbox';
import { SHOPIFY_SANDBOX_TOKEN, SHOPIFY_SANDBOX_WEBHOOK_SECRET, startShopifySandbox, type ShopifySandbox } from './sandboxes/shopify/sandbox';
import { ANY_BRAND } from '../shared/adapters/shopify/shopify-tokens';
import { demoBrand } from './seed/demo-brand';
import { demoPartnerSecrets, demoRouting, seedDemoRepairNetwork } from './seed/repair-network';
import { startLocalAwsEndpoint } from './services/aws-endpoint';
import { PlatformClock } from './services/clock';
import { dataFolder } from './services/data-folder';
import { LocalIssuer, writeIssuerConfig } from './services/local-issuer';
import { startDynamoDbLocal, type DynamoDbLocal } from './services/dynamodb-local';
import { readOutbox } from './services/outbox';
import { serveStaffSignIn } from './services/staff-sign-in';
import { startS3Server } from './services/s3-server';

export const REGION = 'eu-central-1';
export const ACCOUNT = '000000000000';
const STACK = 'Kreislauf';

export interface LocalPlatformOptions {
  /** Where data lives between runs (DynamoDB, S3, outbox, secrets). */
  home: string;
  /** The API's port; 0 picks a free one. */
  port: number;
  /** Where the cloud assembly is synthesized, or found when it was synthesized from the same tree; default `{home}/cdk.out`. */
  assemblyDir?: string;
  /**
   * Keep DynamoDB in memory and forget everything on stop (tests): the queues' messages, the
   * executions, the events to deliver, the schedules and the streams' checkpoints are kept in
   * memory too, not written to the data folder at each change.
   */
  ephemeral?: boolean;
  /** Scales the workflows' Retry intervals and Wait states, the batching windows of the stream and queues and the quiet stream's back-off, e.g. 0.01 in tests. */
  timeScale?: number;
  dhlFaults?: DhlFaults;
  /** Multiplies every route's throttle (rate and burst) of the template; default 1. */
  throttleScale?: number;
  /** Silence the functions' logs. */
  quiet?: boolean;
  /** Progress lines while starting. */
  log?: (line: string) => void;
  /** Counts the cloud's billable operations (`npm run bench`); off by default. */
  meter?: CloudMeter;
  /** Runs the template's scheduled rules, e.g. the marketplaces' order poll every minute (default); see `LocalCloudOptions.scheduledRules`. */
  scheduledRules?: boolean;
  /**
   * Loads every function's code in the background once the platform is ready, so that first
   * requests do not wait for it (default). Off, a function loads at its first invocation: cheaper
   * where only a few functions are used (a test of one flow).
   */
  warmFunctions?: boolean;
  /**
   * DynamoDB Local already starting: the `ready` of `bootDynamoDbLocal`, with the data folder's
   * `dynamodbDir` (or in memory, when `ephemeral`). `npm start` begins it before it loads the rest
   * of the platform, so that the JVM boots while Node.js loads the modules. Stopped with the
   * platform, and when the platform cannot start.
   */
  dynamodb?: Promise<DynamoDbLocal>;
}

export interface LocalPlatform {
  /** The data folder; `staffToken(home, …)` of `services/local-issuer` signs staff tokens for it. */
  home: string;
  apiUrl: string;
  outboxUrl: string;
  outboxDir: string;
  dynamodbEndpoint: string;
  /** The local AWS endpoint the functions call (EventBridge, Secrets Manager, SES, SQS, Scheduler, Step Functions). */
  awsEndpoint: string;
  dhl: DhlSandbox;
  /** The demo brand's repair partners: receives their jobs and reports back on request. */
  repairPartners: RepairPartnerSandbox;
  /** A brand's Shopify shop: vouchers as discount codes, and the demo brand's own resale shop. */
  shopify: ShopifySandbox;
  /** The marketplaces the demo brand resells on. */
  ebay: EbaySandbox;
  backmarket: BackMarketSandbox;
  refurbed: RefurbedSandbox;
  /** Every sandbox's origin by name, as `GET /_local/sandboxes` answers. */
  sandboxes: Record<string, string>;
  cloud: LocalCloudHandle;
  stop(): Promise<void>;
}

/**
 * The whole platform on this machine from the synthesized CDK template (DESIGN.md §8): DynamoDB
 * Local, an S3 server, the local AWS endpoint (EventBridge, Secrets Manager, SES → outbox, SQS,
 * Scheduler, Step Functions) on the platform clock, the local issuer of staff tokens, the
 * sandboxes, every Lambda, route, authorizer, queue, stream mapping, rule, schedule and state
 * machine of the stack, and the demo brand.
 */
export async function startLocalPlatform(options: LocalPlatformOptions): Promise<LocalPlatform> {
  const log = options.log ?? (() => undefined);
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  /** Whether the DynamoDB Local passed in is among the services started (and stopped) below. */
  let dynamodbTaken = false;
  try {
    await mkdir(options.home, { recursive: true });
    const assemblyDir = options.assemblyDir ?? join(options.home, 'cdk.out');
    const outboxDir = join(options.home, 'outbox');
    const partnerSecrets = await demoPartnerSecrets(options.home);
    const clock = new PlatformClock({ file: dataFolder(options.home).clockFile });
    const issuer = LocalIssuer.open(options.home);
    // The JVM of DynamoDB Local boots in its own process while the functions are bundled (esbuild's
    // own process) and the CDK app is synthesized.
    log('starting DynamoDB Local, S3, the local AWS endpoint and the sandboxes…');
    const servicesStarted = Date.now();
    dynamodbTaken = true;
    const starting = [
      options.dynamodb ?? startDynamoDbLocal(options.ephemeral ? {} : { dataDir: dataFolder(options.home).dynamodbDir }),
      startS3Server({ directory: join(options.home, 's3'), clock }),
      startLocalAwsEndpoint({
        outboxDir,
        region: REGION,
        account: ACCOUNT,
        clock,
        ...(options.ephemeral ? {} : { eventJournalFile: join(options.home, 'state', 'event-deliveries.json') }),
      }),
      startDhlSandbox({ faults: options.dhlFaults ?? {}, brandCopies: true }),
      startRepairPartnerSandbox({ partners: partnerSecrets, now: () => clock.now() }),
      startShopifySandbox(),
      startEbaySandbox({ now: () => clock.now() }),
      startBackMarketSandbox(),
      startRefurbedSandbox(),
    ] as const;
    const servicesSettled = Promise.allSettled(starting).then((settled) => {
      if (settled.every(({ status }) => status === 'fulfilled')) {
        log(`DynamoDB Local, S3, the AWS endpoint and the sandboxes are up after ${Date.now() - servicesStarted} ms`);
      }
      return settled;
    });
    const [synthesis, settled] = await Promise.all([
      synthesizeForLocalUse({ outdir: assemblyDir, log }).then(
        () => undefined,
        (error: unknown) => ({ error }),
      ),
      servicesSettled,
    ]);
    // Whatever started is stopped again when something else failed.
    for (const service of settled) if (service.status === 'fulfilled') stops.push(service.value.stop);
    const failed = settled.find((service) => service.status === 'rejected');
    if (failed) throw failed.reason;
    if (synthesis) throw synthesis.error;
    const [dynamodb, s3, aws, dhl, repairPartners, shopify, ebay, backmarket, refurbed] = await Promise.all(starting);
    const sandboxes = {
      dhl: new URL(dhl.baseUrl).origin,
      repairPartner: repairPartners.origin,
      shopify: shopify.origin,
      ebay: ebay.apiUrl,
      backmarket: backmarket.apiUrl,
      refurbed: refurbed.apiUrl,
    };

    let started = Date.now();
    let cloud: LocalCloudHandle | undefined;
    const signIn = serveStaffSignIn(options.home);
    const webApp = serveWebApp({ directory: WEB_DIST });
    cloud = await startLocalCloud({
      assemblyDir,
      stackName: STACK,
      port: options.port,
      parameters: {
        DhlApiBaseUrl: dhl.baseUrl,
        DhlShippingApiBaseUrl: dhl.shippingBaseUrl,
        AllowLocalHttpWebhooks: 'true',
        EbayApiUrl: ebay.apiUrl,
        BackMarketApiUrl: backmarket.apiUrl,
        RefurbedApiUrl: refurbed.apiUrl,
        ShopifyAdminApiUrl: shopify.adminApiUrl,
      },
      stateDir: join(options.home, 'state'),
      // Shared by every platform started from this tree, and emptied by the next build that writes new code.
      compileCacheDir: localCompileCacheDir(),
      // An ephemeral platform forgets everything on stop: no journal of queues, executions, events or schedules.
      journal: !options.ephemeral,
      endpoints: { dynamodb: dynamodb.endpoint, s3: s3.endpoint, aws },
      ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
      ...(options.throttleScale !== undefined ? { throttleScale: options.throttleScale } : {}),
      quiet: options.quiet ?? false,
      ...(options.meter ? { meter: options.meter } : {}),
      ...(options.scheduledRules !== undefined ? { scheduledRules: options.scheduledRules } : {}),
      ready: false,
      jwks: issuer.jwks(),
      beforeApi: async (request, response) =>
        (await signIn(request, response)) || (await serveLocalPages(request, response, outboxDir, issuer, sandboxes)) || (await webApp(request, response)),
    });
    stops.push(() => cloud!.stop());
    log(`started the template's tables, functions, routes, queues, rules and state machines in ${Date.now() - started} ms`);
    const [staffAuthorizer] = cloud.jwtAuthorizers();
    if (staffAuthorizer?.audience[0]) {
      writeIssuerConfig(options.home, { issuer: staffAuthorizer.issuer, audience: staffAuthorizer.audience[0] });
    }

    started = Date.now();
    putSecret(cloud, aws, 'DhlCredentials', JSON.stringify(SANDBOX_CREDENTIALS));
    putSecret(cloud, aws, 'TrackingSecret', await trackingSecret(options.home));
    // The sandbox shop issues the vouchers of every brand made locally (the tests make brands of their own).
    putSecret(cloud, aws, 'PayoutsShopifyAccessTokens', JSON.stringify({ [shopify.host]: { token: SHOPIFY_SANDBOX_TOKEN, brands: [ANY_BRAND] } }));
    putSecret(
      cloud,
      aws,
      'ResaleChannelCredentials',
      JSON.stringify({
        shopifyWebhookSecrets: [SHOPIFY_SANDBOX_WEBHOOK_SECRET],
        brands: {
          demo: {
            shopify: { accessToken: SHOPIFY_SANDBOX_TOKEN },
            ebay: { accessToken: EBAY_SANDBOX_TOKEN, signingKey: EBAY_SANDBOX_SIGNING_KEY },
            backmarket: { token: BACKMARKET_SANDBOX_TOKEN },
            refurbed: { token: REFURBED_SANDBOX_TOKEN },
          },
        },
      }),
    );
    shopify.setWebhook({ url: `${cloud.apiUrl}/v1/webhooks/marketplaces/shopify`, secret: SHOPIFY_SANDBOX_WEBHOOK_SECRET });
    await seedDemoBrand(cloud, dynamodb.endpoint);
    await seedDemoRepairNetwork({
      tableName: tableOf(cloud),
      client: localDynamoDb(dynamodb.endpoint),
      fieldKey: await secretValue(cloud, aws.endpoint, 'FieldKey'),
      secrets: partnerSecrets,
      jobsUrl: repairPartners.jobsUrl,
      apiUrl: cloud.apiUrl,
    });
    cloud.setReady(true);
    log(`seeded the demo brand and its repair partners in ${Date.now() - started} ms`);
    // In the background: requests are answered meanwhile, and a function invoked before its turn starts as usual.
    if (options.warmFunctions ?? true) void cloud.warmFunctions();

    return {
      home: options.home,
      apiUrl: cloud.apiUrl,
      outboxUrl: `${cloud.apiUrl}/_local/outbox`,
      outboxDir,
      dynamodbEndpoint: dynamodb.endpoint,
      awsEndpoint: aws.endpoint,
      dhl,
      repairPartners,
      shopify,
      ebay,
      backmarket,
      refurbed,
      sandboxes,
      cloud,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    if (options.dynamodb && !dynamodbTaken) await options.dynamodb.then((dynamodb) => dynamodb.stop()).catch(() => undefined);
    throw error;
  }
}

function putSecret(cloud: LocalCloudHandle, aws: Awaited<ReturnType<typeof startLocalAwsEndpoint>>, logicalIdPrefix: string, value: string) {
  const secret = cloud.resources('AWS::SecretsManager::Secret').find((r) => r.logicalId.startsWith(logicalIdPrefix));
  if (!secret) throw new Error(`The template has no secret ${logicalIdPrefix}.`);
  aws.putSecret([secret.arn, secret.physicalId], value);
}

/** The key of the tracking tokens, made once per data folder so that links survive restarts. */
async function trackingSecret(home: string): Promise<string> {
  const file = join(home, 'tracking-secret');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}

async function seedDemoBrand(cloud: LocalCloudHandle, endpoint: string): Promise<void> {
  const catalog = { ...demoBrand, config: { ...demoBrand.config, routing: demoRouting } };
  await new DynamoDbSeedingPassportStore(tableOf(cloud), localDynamoDb(endpoint)).putCatalog(catalog);
}

function tableOf(cloud: LocalCloudHandle): string {
  const [table] = cloud.resources('AWS::DynamoDB::Table');
  if (!table) throw new Error('The template has no table.');
  return table.physicalId;
}

function localDynamoDb(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

/** A secret's value as the functions read it from the local Secrets Manager. */
async function secretValue(cloud: LocalCloudHandle, endpoint: string, logicalIdPrefix: string): Promise<string> {
  const secret = cloud.resources('AWS::SecretsManager::Secret').find((r) => r.logicalId.startsWith(logicalIdPrefix));
  if (!secret) throw new Error(`The template has no secret ${logicalIdPrefix}.`);
  const client = new SecretsManagerClient({ endpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secret.arn }));
  client.destroy();
  if (!SecretString) throw new Error(`Secret ${logicalIdPrefix} has no value.`);
  return SecretString;
}

/**
 * `/_local/outbox`: the e-mails the platform sent, as JSON; `/_local/outbox/{id}`: one as .eml;
 * `/_local/jwks.json`: the local issuer's public keys; `/_local/sandboxes`: every sandbox's origin by name. (The local cloud serves `/_local/clock` and `/_local/queues`.)
 */
async function serveLocalPages(
  request: IncomingMessage,
  response: ServerResponse,
  outboxDir: string,
  issuer: LocalIssuer,
  sandboxes: Record<string, string>,
): Promise<boolean> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (request.method === 'GET' && url.pathname === '/_local/sandboxes') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(sandboxes));
    return true;
  }
  if (request.method === 'GET' && url.pathname === '/_local/jwks.json') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(issuer.jwks()));
    return true;
  }
  if (request.method !== 'GET' || !url.pathname.startsWith('/_local/outbox')) return false;
  const messages = await readOutbox(outboxDir);
  const id = url.pathname.slice('/_local/outbox/'.length);
  if (!id) {
    response.writeHead(200, { 'content-type': 'application/json' });
    // The listing names the attachments; the message itself (`/_local/outbox/{id}`) carries them.
    const listed = messages.map(({ file: _file, attachments, ...message }) => ({
      ...message,
      attachments: attachments.map(({ fileName, contentType, content }) => ({ fileName, contentType, bytes: content.length })),
    }));
    response.end(JSON.stringify(listed));
    return true;
  }
  const message = messages.find((m) => m.id === id);
  if (!message) {
    response.writeHead(404, { 'content-type': 'application/problem+json' });
    response.end(JSON.stringify({ type: 'about:blank', title: 'Not found', status: 404, detail: `No message ${id} in the outbox.` }));
    return true;
  }
  response.writeHead(200, { 'content-type': 'message/rfc822' });
  response.end(await readFile(message.file));
  return true;
}
