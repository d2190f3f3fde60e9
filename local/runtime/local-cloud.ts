import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { S3Client } from '@aws-sdk/client-s3';
import type { JSONWebKeySet } from 'jose';
import { withoutCallLogging } from '../../shared/adapters/sdk-client';
import type { LocalAwsEndpoint } from '../services/aws-endpoint';
import type { PlatformClock } from '../services/clock';
import { LOCAL_CREDENTIALS } from '../services/local-credentials';
import { LocalScheduler } from '../services/scheduler';
import { LocalSqs } from '../services/sqs';
import { createStepFunctionsService } from '../services/step-functions';
import { readStackAssembly } from './assembly';
import { ensureBuckets } from './buckets';
import { serveDistributionBuckets } from './distribution-buckets';
import { ensureTables, latestStreamArn } from './dynamodb-tables';
import { connectEventRules, readEventRules } from './event-rules';
import { readHttpApi, type ApiRoute, type HttpApiDefinition } from './http-api';
import { startHttpApiServer, type RequestHook, type RouteAuthorization } from './http-server';
import { TemplateResolver } from './intrinsics';
import { createJwtAuthorizer } from './jwt-authorizer';
import { readLambdaFunctions } from './lambda-functions';
import { LambdaError, LambdaPool, type InvocationMeter, type OutputMeter } from './lambda-pool';
import { createLambdaService } from './lambda-service';
import { serveLocalPages } from './local-pages';
import { createLogger, type Logger } from './log';
import { readQueueMappings } from './queue-mappings';
import { QueuePoller } from './queue-poller';
import { createTemplateQueues, keepQueueContents } from './queues';
import { findResource, listResources, type LocalResource } from './resources';
import { readScheduledRules, ScheduledRules } from './scheduled-rules';
import { readTemplateSchedules } from './schedules';
import { keepSecretValue, secretValues } from './secrets';
import { readStateMachines, StateMachines, type ExecutionDescription } from './state-machines';
import { readStreamMappings } from './stream-mappings';
import { IDLE_POLL_INTERVAL_MS, StreamPoller } from './stream-poller';
import { deliverToTarget, type TargetServices } from './targets';
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
  /** Where stream checkpoints, generated secrets, inline code, schedules and queue messages are kept between runs. */
  stateDir: string;
  /**
   * Writes the queues' messages, the running executions, the schedules and the streams'
   * checkpoints to `stateDir` at every change, so that a stop or a `kill -9` loses none of them
   * and the next start goes on from there (default). Off, they live in memory only: for a cloud
   * whose DynamoDB is in memory too (the tests' ephemeral platforms), where nothing could go on
   * from them, and each change would cost a file written and renamed for nothing.
   */
  journal?: boolean;
  /** The AWS endpoint also carries the platform clock, which the cloud and its functions tell time by. */
  endpoints: { dynamodb: string; s3: string; aws: LocalAwsEndpoint };
  /**
   * The keys the template's JWT authorizers verify tokens with (the local issuer's), in place of
   * their issuers' `jwks_uri`. Without them every request to a JWT route is answered 401.
   */
  jwks?: JSONWebKeySet;
  /** Added to every function's environment, after everything else. */
  extraEnv?: Record<string, string>;
  /**
   * Multiplies the template's waits in real time: Step Functions Retry intervals and Wait seconds,
   * and the event source mappings' batching windows (0.01 makes a 5 s retry take 50 ms).
   */
  timeScale?: number;
  /** Drops the functions' console output and the runtime's progress lines. */
  quiet?: boolean;
  /**
   * Answers requests before the API does (health checks, local-only routes); returns true when it
   * answered. The cloud itself answers `/_local/clock` and `/_local/queues` after it.
   */
  beforeApi?: RequestHook;
  /**
   * Whether the API answers as soon as the cloud has started (default), or 503 until
   * `setReady(true)`; until then events are accepted but not delivered to targets, and executions
   * of the last run are not run again.
   */
  ready?: boolean;
  region?: string;
  account?: string;
  /** The logical id of the HTTP API to serve, when the template has several. */
  httpApi?: string;
  /** Execution environments per function at most (default 4). */
  workersPerFunction?: number;
  /** Where the functions' execution environments keep V8's compiled code of their modules for each other (`LambdaPoolOptions.compileCacheDir`). */
  compileCacheDir?: string;
  /**
   * Multiplies the rate and burst limit of every route's throttle (the stage's route settings);
   * default 1, the template's own limits. Test suites that fire storms at one cloud raise it.
   */
  throttleScale?: number;
  /** Counts what the cloud does (off by default): for `npm run bench`'s cost of a lifecycle. */
  meter?: CloudMeter;
  /**
   * Runs the template's scheduled rules (`rate(…)`, `cron(…)`) on the platform clock; default true.
   * `npm run bench` turns them off for its cost of a lifecycle: what they do is set by their rate,
   * not by an item. Schedules (EventBridge Scheduler) run either way.
   */
  scheduledRules?: boolean;
}

/** Optional hooks that let a caller count the billable operations of the local cloud. */
export interface CloudMeter {
  /** The endpoint the functions get for a service instead of its own, e.g. a counting proxy in front of it. */
  functionEndpoint?(service: 'dynamodb' | 's3' | 'aws', endpoint: string): string;
  /** After each invocation: the function and how long its handler ran. */
  invoked?: InvocationMeter;
  /** Each line a function writes to its log (standard output or error). */
  output?: OutputMeter;
  /** Each state a Step Functions execution enters or retries. */
  transition?(stateMachine: string, state: string): void;
  /** Each billable SQS request the local cloud makes itself (targets sending, event source mappings receiving and deleting). */
  sqsRequest?(operation: 'SendMessage' | 'ReceiveMessage' | 'DeleteMessageBatch'): void;
}

/** A JWT authorizer of the template with its issuer and audiences resolved. */
export interface JwtAuthorizerConfig {
  name: string;
  issuer: string;
  audience: string[];
}

export interface LocalCloudHandle {
  stackName: string;
  region: string;
  account: string;
  /** The platform clock (the AWS endpoint's): `advance(seconds)` and `moveTo(ms)` fire what becomes due. */
  clock: PlatformClock;
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
  /** The JWT authorizers of the served HTTP API: what a local token must carry as `iss` and `aud`. */
  jwtAuthorizers(): JwtAuthorizerConfig[];
  setReady(ready: boolean): void;
  /**
   * Loads every function's code in one execution environment each, one function at a time, the
   * API's first, so that first invocations do not wait for it (functions start on first
   * invocation otherwise). Resolves when all are loaded or the cloud stops.
   */
  warmFunctions(): Promise<void>;
  stop(): Promise<void>;
}

function authorizeWith(definition: HttpApiDefinition, jwks: JSONWebKeySet | undefined, clock: PlatformClock, log: Logger) {
  const verify = createJwtAuthorizer({ jwks, now: () => clock.now() });
  return async (route: ApiRoute, request: IncomingMessage): Promise<RouteAuthorization> => {
    const authorizer = definition.authorizers.find((candidate) => candidate.authorizerId === route.authorizerId);
    if (route.authorizationType !== 'JWT' || authorizer?.type !== 'JWT') {
      log.error(`${route.routeKey}: the local cloud runs JWT authorizers only (this route uses ${route.authorizationType})`);
      return { allowed: false, statusCode: 500, message: 'Internal Server Error' };
    }
    const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
    return verify(authorizer, route.authorizationScopes, { headers: request.headers, query });
  };
}

/**
 * Runs a synthesized CDK stack on this machine: creates its tables, buckets and queues, stores its
 * secrets, runs its Lambda functions in worker threads, polls its table streams and queues,
 * connects its EventBridge rules, runs its schedules and state machines on the platform clock and
 * serves its HTTP API behind its JWT authorizers, all from the template. The functions reach SQS,
 * Scheduler, Step Functions, EventBridge, Secrets Manager and SESv2 on the local AWS endpoint.
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
  const aws = options.endpoints.aws;
  const { clock } = aws;
  let localPages: RequestHook = () => false;
  let bucketFiles: RequestHook = () => false;
  const server = await startHttpApiServer({
    port: options.port,
    beforeApi: async (request, response) =>
      (await options.beforeApi?.(request, response)) === true || (await localPages(request, response)) || (await bucketFiles(request, response)),
    log,
    now: () => clock.date(),
    ...(options.throttleScale !== undefined ? { throttleScale: options.throttleScale } : {}),
  });
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
      awsEndpoint: aws.endpoint,
    });
    const { region, account } = resolver;

    const clientConfig = { region, credentials: LOCAL_CREDENTIALS };
    const dynamodb = new DynamoDBClient({ ...clientConfig, endpoint: options.endpoints.dynamodb });
    // The stream pollers' GetRecords are most of the cloud's own SDK calls: no call logging (see the adapters' clients).
    const streams = withoutCallLogging(new DynamoDBStreamsClient({ ...clientConfig, endpoint: options.endpoints.dynamodb }));
    const s3 = new S3Client({ ...clientConfig, endpoint: options.endpoints.s3, forcePathStyle: true });
    stoppers.push(async () => {
      dynamodb.destroy();
      streams.destroy();
      s3.destroy();
    });
    // What CloudFront serves from a bucket (the grading photos), on the same origin.
    bucketFiles = serveDistributionBuckets(stack.template, { bucketName: (logicalId) => resolver.resource(logicalId).name, s3 });

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
    const secretsFile = join(options.stateDir, 'secrets.json');
    const secrets = secretValues(
      secretIds.map((logicalId) => ({ logicalId, properties: resolver.properties(logicalId) })),
      secretsFile,
    );
    for (const logicalId of secretIds) {
      const secret = resolver.resource(logicalId);
      aws.putSecret([secret.arn, secret.name], secrets.get(logicalId) ?? '');
    }
    // A generated secret given a new value through the API keeps it in the next run.
    const generatedSecrets = new Map(
      secretIds.filter((logicalId) => typeof resolver.properties(logicalId).SecretString !== 'string').map((logicalId) => [resolver.resource(logicalId).arn, logicalId]),
    );
    aws.onSecretValuePut((arn, value) => {
      const logicalId = generatedSecrets.get(arn);
      if (logicalId) keepSecretValue(secretsFile, logicalId, value);
    });
    stoppers.push(async () => aws.onSecretValuePut(undefined));

    /** Where a journal is written, or undefined when the cloud keeps none (`journal: false`). */
    const journalPath = (...path: string[]): string | undefined => ((options.journal ?? true) ? join(options.stateDir, ...path) : undefined);
    const queueContentsFile = journalPath('queues.json');
    const sqs: LocalSqs = new LocalSqs({
      region,
      account,
      endpoint: aws.endpoint,
      clock,
      ...(queueContentsFile ? { onChange: () => keepQueueContents(sqs, queueContentsFile) } : {}),
      ...(options.meter?.sqsRequest ? { onInProcessRequest: options.meter.sqsRequest } : {}),
    });
    createTemplateQueues(resolver, sqs, queueContentsFile);
    const unmountSqs = aws.mount(sqs.service);
    stoppers.push(async () => {
      unmountSqs();
      sqs.stop();
      if (queueContentsFile) keepQueueContents(sqs, queueContentsFile);
    });

    const endpointFor = (service: 'dynamodb' | 's3' | 'aws', endpoint: string) => options.meter?.functionEndpoint?.(service, endpoint) ?? endpoint;
    const functionAws = endpointFor('aws', aws.endpoint);
    const pool = new LambdaPool(readLambdaFunctions(resolver, stack, join(options.stateDir, 'inline-code')), {
      region,
      onInvoked: options.meter?.invoked,
      onOutput: options.meter?.output,
      quiet: options.quiet,
      workersPerFunction: options.workersPerFunction,
      compileCacheDir: options.compileCacheDir,
      clockOffset: clock.offsetBuffer,
      sharedEnvironment: {
        AWS_ENDPOINT_URL_DYNAMODB: endpointFor('dynamodb', options.endpoints.dynamodb),
        AWS_ENDPOINT_URL_DYNAMODB_STREAMS: options.endpoints.dynamodb,
        AWS_ENDPOINT_URL_S3: endpointFor('s3', options.endpoints.s3),
        AWS_ENDPOINT_URL_EVENTBRIDGE: functionAws,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: functionAws,
        AWS_ENDPOINT_URL_SESV2: functionAws,
        AWS_ENDPOINT_URL_SQS: functionAws,
        AWS_ENDPOINT_URL_SCHEDULER: functionAws,
        AWS_ENDPOINT_URL_SFN: functionAws,
        KREISLAUF_S3_FORCE_PATH_STYLE: 'true',
        ...options.extraEnv,
      },
    });
    const pollers: { stop(): Promise<void> }[] = [];
    // Pollers are told first and awaited last: stopping the pool ends the invocations they wait for.
    stoppers.push(async () => {
      const stopping = pollers.map((poller) => poller.stop());
      await pool.stop();
      await Promise.all(stopping);
    });
    const functionRef = (ref: string): string => pool.find(ref)?.arn ?? findResource(resolver, ref, ResourceType.function).arn;

    const executionsFile = journalPath('executions.json');
    const machines = new StateMachines(readStateMachines(resolver), {
      region,
      account,
      invoke: (ref, payload) => pool.invoke(ref, payload),
      timeScale: options.timeScale,
      log,
      now: () => clock.date(),
      ...(options.meter?.transition ? { onTransition: options.meter.transition } : {}),
      ...(executionsFile ? { journalFile: executionsFile } : {}),
      validatedFile: join(options.stateDir, 'validated-state-machines.json'),
    });
    stoppers.push(() => machines.stop());
    const machineArn = (ref: string): string => findResource(resolver, ref, ResourceType.stateMachine).arn;
    const unmountStepFunctions = aws.mount(createStepFunctionsService(machines));
    stoppers.push(async () => unmountStepFunctions());
    const unmountLambda = aws.mount(
      createLambdaService({
        arnOf: (ref) => {
          try {
            return functionRef(ref);
          } catch {
            return undefined;
          }
        },
        invoke: (arn, event) => pool.invoke(arn, event),
      }),
    );
    stoppers.push(async () => unmountLambda());

    const targets: TargetServices = {
      invoke: (arn, payload) => pool.invoke(arn, payload),
      startExecution: (arn, input) => machines.startExecution(arn, input),
      sqs,
    };
    const eventRules = readEventRules(resolver);
    for (const rule of eventRules) aws.addEventRule(rule);
    stoppers.push(async () => aws.onEventDelivery(undefined));
    // Events and executions left over from the last run wait until the platform is ready (its
    // secrets are stored), as new events do: the rules match now, targets are reached from then.
    let delivering = false;
    const startDeliveries = (): void => {
      if (delivering) return;
      delivering = true;
      connectEventRules(aws, eventRules, targets);
      machines.resumeInterrupted();
    };

    const schedulesFile = journalPath('schedules.json');
    const scheduler = new LocalScheduler({
      region,
      account,
      clock,
      ...(schedulesFile ? { file: schedulesFile } : {}),
      deliver: ({ targetArn, input, messageGroupId, messageAttributes }) =>
        deliverToTarget(targets, {
          arn: targetArn,
          input,
          ...(messageGroupId ? { messageGroupId } : {}),
          ...(messageAttributes ? { messageAttributes } : {}),
        }),
      log: (line) => log.warn(line),
    });
    const { groups, schedules } = readTemplateSchedules(resolver);
    scheduler.putTemplateSchedules(groups, schedules);
    const unmountScheduler = aws.mount(scheduler.service);
    const removeScheduledRules =
      options.scheduledRules === false
        ? () => undefined
        : clock.addAlarmSource(new ScheduledRules(readScheduledRules(resolver), { clock, region, account, targets, log }));
    scheduler.start();
    stoppers.push(async () => {
      unmountScheduler();
      scheduler.stop();
      removeScheduledRules();
    });

    const scaled = <M extends { batchingWindowMs: number }>(mapping: M): M => ({
      ...mapping,
      batchingWindowMs: mapping.batchingWindowMs * (options.timeScale ?? 1),
    });
    for (const { mapping: read, tableName } of readStreamMappings(resolver, log)) {
      const mapping = scaled(read);
      const streamArn = await latestStreamArn(dynamodb, tableName);
      if (!streamArn) {
        log.warn(`event source mapping ${mapping.logicalId}: table ${tableName} has no stream; not polled`);
        continue;
      }
      const checkpointFile = journalPath('stream-checkpoints', `${mapping.logicalId}.json`);
      const poller = new StreamPoller(mapping, {
        client: streams,
        streamArn,
        invoke: (functionArn, event) => pool.invoke(functionArn, event),
        onFailure: (destinationArn, record) => {
          sqs.sendMessage(destinationArn, { body: JSON.stringify(record) });
        },
        ...(checkpointFile ? { checkpointFile } : {}),
        region,
        log,
        // A scaled platform (the tests') scales the quiet stream's back-off with its other waits.
        ...(options.timeScale !== undefined ? { idlePollIntervalMs: IDLE_POLL_INTERVAL_MS * options.timeScale } : {}),
      });
      pollers.push(poller);
      await poller.start();
    }
    for (const mapping of readQueueMappings(resolver, log).map(scaled)) {
      const poller = new QueuePoller(mapping, { sqs, invoke: (functionArn, event) => pool.invoke(functionArn, event), region, log });
      pollers.push(poller);
      poller.start();
    }

    const api = readHttpApi(resolver, options.httpApi);
    server.serve(
      api && {
        definition: api,
        accountId: account,
        invoke: (arn, event) => pool.invoke(arn, event),
        authorize: authorizeWith(api, options.jwks, clock, log),
      },
    );
    localPages = serveLocalPages({
      clock,
      sqs,
      invoke: (ref, event) => {
        let arn: string;
        try {
          arn = functionRef(ref);
        } catch (error) {
          return Promise.reject(new LambdaError('ResourceNotFoundException', (error as Error).message, []));
        }
        return pool.invoke(arn, event);
      },
      endpoints: { aws: aws.endpoint, dynamodb: options.endpoints.dynamodb },
    });
    server.setReady(options.ready ?? true);
    if (options.ready ?? true) startDeliveries();
    const apiUrl = api && api.stage !== '$default' ? `${server.origin}/${api.stage}` : server.origin;
    // Not "running": `npm start` says that once it is ready (seeded, answering); until then the API answers 503.
    log.info(`${stack.stackName}: API at ${apiUrl} (${api?.routes.length ?? 0} routes)`);

    return {
      stackName: stack.stackName,
      region,
      account,
      clock,
      apiUrl,
      port: server.port,
      invoke: (ref, event) => pool.invoke(functionRef(ref), event),
      startExecution: (ref, input, name) => machines.startExecution(machineArn(ref), input, name),
      listExecutions: (ref) => machines.listExecutions(machineArn(ref)),
      describeExecution: (arn) => machines.describeExecution(arn),
      waitForExecution: (arn) => machines.waitForExecution(arn),
      physicalId: (ref) => findResource(resolver, ref).physicalId,
      resources: (type) => listResources(resolver, type),
      jwtAuthorizers: () =>
        (api?.authorizers ?? []).flatMap((authorizer) =>
          authorizer.type === 'JWT' && authorizer.issuer
            ? [{ name: authorizer.name, issuer: authorizer.issuer, audience: authorizer.audience }]
            : [],
        ),
      setReady: (ready) => {
        server.setReady(ready);
        if (ready) startDeliveries();
      },
      warmFunctions: () => pool.warm(api?.routes.flatMap((route) => (route.functionArn ? [route.functionArn] : [])) ?? []),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
