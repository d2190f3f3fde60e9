import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { S3Client } from '@aws-sdk/client-s3';
import type { LocalAwsEndpoint } from '../services/aws-endpoint';
import { readStackAssembly } from './assembly';
import { ensureBuckets } from './buckets';
import { ensureTables, latestStreamArn } from './dynamodb-tables';
import { connectEventRules, readEventRules } from './event-rules';
import { readHttpApi } from './http-api';
import { startHttpApiServer, type RequestHook } from './http-server';
import { TemplateResolver } from './intrinsics';
import { readLambdaFunctions } from './lambda-functions';
import { LambdaPool } from './lambda-pool';
import { createLogger } from './log';
import { findResource, listResources, type LocalResource } from './resources';
import { secretValues } from './secrets';
import { readStateMachines, StateMachines, type ExecutionDescription } from './state-machines';
import { readStreamMappings } from './stream-mappings';
import { StreamPoller } from './stream-poller';
import { ResourceType } from './template';

export type { ExecutionDescription } from './state-machines';
export type { LocalResource } from './resources';
export { LambdaError } from './lambda-pool';

export interface LocalCloudOptions {
  /** The synthesized cloud assembly (`cdk.out`). */
  assemblyDir: string;
  /** Which stack to run when the assembly holds several. */
  stackName?: string;
  /** Port of the HTTP API; 0 takes a free one. */
  port: number;
  /** Values of the template's parameters; the others take their `Default`. */
  parameters?: Record<string, string>;
  /** Where stream checkpoints, generated secrets and inline code are kept between runs. */
  stateDir: string;
  endpoints: { dynamodb: string; s3: string; aws: LocalAwsEndpoint };
  /** Added to every function's environment, after everything else. */
  extraEnv?: Record<string, string>;
  /** Multiplies Step Functions Retry intervals and Wait seconds (0.01 makes a 5 s retry take 50 ms). */
  timeScale?: number;
  /** Drops the functions' console output and the runtime's progress lines. */
  quiet?: boolean;
  /** Answers requests before the API does (health checks, local-only routes); returns true when it answered. */
  beforeApi?: RequestHook;
  /** Whether the API answers as soon as the cloud has started (default), or 503 until `setReady(true)`. */
  ready?: boolean;
  region?: string;
  account?: string;
  /** The logical id of the HTTP API to serve, when the template has several. */
  httpApi?: string;
  /** Execution environments per function at most (default 4). */
  workersPerFunction?: number;
}

export interface LocalCloudHandle {
  stackName: string;
  region: string;
  account: string;
  /** The HTTP API's base URL, `http://localhost:PORT` (plus the stage, for a named stage). */
  apiUrl: string;
  port: number;
  /** Invokes a function by logical id, CDK construct id, name or ARN; rejects with a `LambdaError` named after the errorType. */
  invoke(functionRef: string, event: unknown): Promise<unknown>;
  /** @throws an error named `ExecutionAlreadyExists` for a name the machine already used. */
  startExecution(stateMachineRef: string, input?: unknown, name?: string): { executionArn: string; startDate: Date };
  listExecutions(stateMachineRef: string): ExecutionDescription[];
  describeExecution(executionArn: string): ExecutionDescription;
  /** Resolves with the execution's description once it has stopped. */
  waitForExecution(executionArn: string): Promise<ExecutionDescription>;
  /** CloudFormation's physical id (what `Ref` returns) of a resource, by logical id, CDK construct id or a unique prefix. */
  physicalId(logicalIdOrPrefix: string): string;
  /** The resources the local cloud runs, optionally of one type. */
  resources(type?: string): LocalResource[];
  setReady(ready: boolean): void;
  stop(): Promise<void>;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Runs a synthesized CDK stack on this machine: creates its tables and buckets, stores its
 * secrets, runs its Lambda functions in worker threads, polls its table streams, connects its
 * EventBridge rules, runs its state machines and serves its HTTP API, all from the template.
 *
 * @example
 * const cloud = await startLocalCloud({
 *   assemblyDir: 'cdk.out', port: 3000, stateDir: '.kreislauf/state',
 *   endpoints: { dynamodb: dynamo.endpoint, s3: s3.endpoint, aws },
 * });
 * await fetch(`${cloud.apiUrl}/v1/brands/demo/catalog`);
 * await cloud.stop();
 */
export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloudHandle> {
  const log = createLogger(options.quiet);
  const stack = readStackAssembly(options.assemblyDir, options.stackName);
  const server = await startHttpApiServer({ port: options.port, beforeApi: options.beforeApi, log });
  const stoppers: (() => Promise<void>)[] = [() => server.close()];
  // Stopped in reverse order of starting: deliveries, executions, pollers and functions, then the server.
  const stopAll = async (): Promise<void> => {
    for (const stopOne of stoppers.splice(0).reverse()) await stopOne();
  };
  try {
    const resolver = new TemplateResolver(stack.template, {
      stackName: stack.stackName,
      region: options.region,
      account: options.account,
      parameters: options.parameters,
      apiOrigin: server.origin,
    });
    const { region, account } = resolver;
    const clientConfig = { region, credentials: LOCAL_CREDENTIALS };
    const dynamodb = new DynamoDBClient({ ...clientConfig, endpoint: options.endpoints.dynamodb });
    const streams = new DynamoDBStreamsClient({ ...clientConfig, endpoint: options.endpoints.dynamodb });
    const s3 = new S3Client({ ...clientConfig, endpoint: options.endpoints.s3, forcePathStyle: true });
    stoppers.push(async () => {
      dynamodb.destroy();
      streams.destroy();
      s3.destroy();
    });

    await ensureTables(
      dynamodb,
      resolver.logicalIds(ResourceType.table).map((logicalId) => ({
        logicalId,
        tableName: resolver.resource(logicalId).name,
        properties: resolver.properties(logicalId),
      })),
      log,
    );
    await ensureBuckets(
      s3,
      resolver.logicalIds(ResourceType.bucket).map((logicalId) => ({
        bucketName: resolver.resource(logicalId).name,
        properties: resolver.properties(logicalId),
      })),
      log,
    );
    const secretIds = resolver.logicalIds(ResourceType.secret);
    const secrets = secretValues(
      secretIds.map((logicalId) => ({ logicalId, properties: resolver.properties(logicalId) })),
      join(options.stateDir, 'secrets.json'),
    );
    for (const logicalId of secretIds) {
      const secret = resolver.resource(logicalId);
      options.endpoints.aws.putSecret([secret.arn, secret.name], secrets.get(logicalId) ?? '');
    }

    const awsEndpoint = options.endpoints.aws.endpoint;
    const pool = new LambdaPool(readLambdaFunctions(resolver, stack, join(options.stateDir, 'inline-code')), {
      region,
      quiet: options.quiet,
      workersPerFunction: options.workersPerFunction,
      sharedEnvironment: {
        AWS_ENDPOINT_URL_DYNAMODB: options.endpoints.dynamodb,
        AWS_ENDPOINT_URL_DYNAMODB_STREAMS: options.endpoints.dynamodb,
        AWS_ENDPOINT_URL_S3: options.endpoints.s3,
        AWS_ENDPOINT_URL_EVENTBRIDGE: awsEndpoint,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: awsEndpoint,
        AWS_ENDPOINT_URL_SESV2: awsEndpoint,
        KREISLAUF_S3_FORCE_PATH_STYLE: 'true',
        ...options.extraEnv,
      },
    });
    const pollers: StreamPoller[] = [];
    // Pollers are told first and awaited last: stopping the pool ends the invocations they wait for.
    stoppers.push(async () => {
      const stopping = pollers.map((poller) => poller.stop());
      await pool.stop();
      await Promise.all(stopping);
    });
    const functionRef = (ref: string): string => pool.find(ref)?.arn ?? findResource(resolver, ref, ResourceType.function).arn;

    const machines = new StateMachines(readStateMachines(resolver), {
      region,
      account,
      invoke: (ref, payload) => pool.invoke(ref, payload),
      timeScale: options.timeScale,
      log,
    });
    stoppers.push(() => machines.stop());
    const machineArn = (ref: string): string => findResource(resolver, ref, ResourceType.stateMachine).arn;

    connectEventRules(
      options.endpoints.aws,
      readEventRules(resolver, log),
      {
        startExecution: (arn, input) => machines.startExecution(arn, input),
        invoke: (arn, event) => pool.invoke(arn, event),
      },
      log,
    );
    stoppers.push(async () => options.endpoints.aws.onEventDelivery(async () => undefined));

    for (const { mapping, tableName } of readStreamMappings(resolver, log)) {
      const streamArn = await latestStreamArn(dynamodb, tableName);
      if (!streamArn) {
        log.warn(`event source mapping ${mapping.logicalId}: table ${tableName} has no stream; not polled`);
        continue;
      }
      const poller = new StreamPoller(mapping, {
        client: streams,
        streamArn,
        invoke: (functionArn, event) => pool.invoke(functionArn, event),
        checkpointFile: join(options.stateDir, 'stream-checkpoints', `${mapping.logicalId}.json`),
        region,
        log,
      });
      pollers.push(poller);
      await poller.start();
    }

    const api = readHttpApi(resolver, options.httpApi);
    server.serve(api && { definition: api, accountId: account, invoke: (arn, event) => pool.invoke(arn, event) });
    server.setReady(options.ready ?? true);
    const apiUrl = api && api.stage !== '$default' ? `${server.origin}/${api.stage}` : server.origin;
    log.info(`${stack.stackName} is running: API at ${apiUrl} (${api?.routes.length ?? 0} routes)`);

    return {
      stackName: stack.stackName,
      region,
      account,
      apiUrl,
      port: server.port,
      invoke: (ref, event) => pool.invoke(functionRef(ref), event),
      startExecution: (ref, input, name) => machines.startExecution(machineArn(ref), input, name),
      listExecutions: (ref) => machines.listExecutions(machineArn(ref)),
      describeExecution: (arn) => machines.describeExecution(arn),
      waitForExecution: (arn) => machines.waitForExecution(arn),
      physicalId: (ref) => findResource(resolver, ref).physicalId,
      resources: (type) => listResources(resolver, type),
      setReady: (ready) => server.setReady(ready),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
