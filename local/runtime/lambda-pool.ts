import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { transformSync } from 'esbuild';
import { LOCAL_CREDENTIALS } from '../services/local-credentials';
import type { AssignRequest, InitRequest, InvokeRequest, LambdaErrorPayload, WorkerReply, WorkerSetup } from './lambda-protocol';

/** A Lambda function of the template, ready to run locally. */
export interface LambdaFunctionDefinition {
  logicalId: string;
  functionName: string;
  arn: string;
  /** Where the bundle lives. */
  codeDirectory: string;
  /** Why the function cannot run locally (no code found, not a Node.js runtime); it fails when invoked. */
  unavailable?: string;
  handler: string;
  runtime: string;
  timeoutSeconds: number;
  memorySize: number;
  /** The template's resolved `Environment.Variables`. */
  environment: Record<string, string>;
  /** `ReservedConcurrentExecutions`, which caps the function's pool. */
  reservedConcurrency?: number;
}

export interface LambdaPoolOptions {
  region: string;
  /** Added to every function's environment after Lambda's own variables (endpoints, extra settings). */
  sharedEnvironment?: Record<string, string>;
  /** Execution environments per function at most (default 4). */
  workersPerFunction?: number;
  /** Drops the functions' console output instead of printing it with the function name as prefix. */
  quiet?: boolean;
  /** The platform clock's shared offset: the functions' `Date` follows the moved clock. */
  clockOffset?: SharedArrayBuffer;
  /** Told after each invocation how long the handler ran (init not counted), e.g. to count GB-seconds. */
  onInvoked?: InvocationMeter;
  /** Told each line a function writes to standard output or error (what Lambda sends to CloudWatch Logs), also when `quiet`. */
  onOutput?: OutputMeter;
  /**
   * A folder for V8's compiled code of the functions' ES modules (Node.js's module compile cache,
   * checked against each file's content): an execution environment loads what another one compiled,
   * in this run or an earlier one, instead of compiling it again. Off by default.
   */
  compileCacheDir?: string;
}

export type InvocationMeter = (definition: LambdaFunctionDefinition, durationMs: number) => void;

export type OutputMeter = (definition: LambdaFunctionDefinition, line: string) => void;

/** Where an execution environment's console output goes: printed with the function's name (unless quiet), and to the meter. */
interface FunctionOutput {
  quiet: boolean;
  onLine: ((line: string) => void) | undefined;
}

/** A failed invocation: `name` is Lambda's `errorType`, so callers can match on it like Step Functions does. */
export class LambdaError extends Error {
  constructor(
    readonly errorType: string,
    readonly errorMessage: string,
    readonly trace: string[] = [],
  ) {
    super(errorMessage);
    this.name = errorType;
  }

  /** Lambda's error document, as Step Functions puts it in an error's `Cause`. */
  toPayload(): LambdaErrorPayload {
    return { errorType: this.errorType, errorMessage: this.errorMessage, trace: this.trace };
  }
}

/** Lambda gives a function this long to load its code before the first invocation starts. */
const INIT_TIMEOUT_MS = 10_000;

/**
 * The Node.js options an execution environment starts with: those of this process without tsx's
 * loader hooks. The worker is plain Node.js (built-ins only, its script compiled to JavaScript by
 * {@link executionEnvironmentScript}), and the hooks a thread inherits cost it about 80 ms of CPU to
 * start, for every function at every start.
 */
export function workerExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  const kept: string[] = [];
  for (let at = 0; at < execArgv.length; at++) {
    const option = execArgv[at]!;
    const isLoader = option === '--require' || option === '-r' || option === '--import' || option === '--loader';
    const value = isLoader ? execArgv[at + 1] ?? '' : option.includes('=') ? option.slice(option.indexOf('=') + 1) : '';
    if (/[\\/]tsx[\\/]/.test(value)) {
      if (isLoader) at++;
      continue;
    }
    kept.push(option);
  }
  return kept;
}

let compiledScript: URL | undefined;

/**
 * The script of an execution environment, `lambda-worker.ts` as JavaScript. Node can strip the
 * types of a `.ts` file itself, but each worker then sets up its own type stripper: 40 ms more to
 * start a worker on the 2-core machine (an empty worker started in 85–95 ms from `.ts` against
 * 42–65 ms from `.mjs`), for every function of every platform. Compiled once per version of the
 * source, into the temporary folder.
 */
export function executionEnvironmentScript(): URL {
  if (compiledScript) return compiledScript;
  const source = readFileSync(new URL('./lambda-worker.ts', import.meta.url), 'utf8');
  const file = join(tmpdir(), `kreislauf-lambda-worker-${createHash('sha256').update(source).digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(file)) {
    const { code } = transformSync(source, { loader: 'ts', format: 'esm', target: 'node22', sourcefile: 'lambda-worker.ts' });
    // Written under another name and renamed, so that a platform starting beside this one never reads half a file.
    const partial = `${file}.${process.pid}.${randomUUID()}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, file);
  }
  compiledScript = pathToFileURL(file);
  return compiledScript;
}

interface Invocation {
  request: InvokeRequest;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

function today(): string {
  return new Date().toISOString().slice(0, 10).replaceAll('-', '/');
}

function forward(stream: Readable, prefix: string, target: NodeJS.WriteStream, { quiet, onLine }: FunctionOutput): void {
  if (quiet && !onLine) {
    stream.resume();
    return;
  }
  createInterface({ input: stream }).on('line', (line) => {
    onLine?.(line);
    if (!quiet) target.write(`${prefix} ${line}\n`);
  });
}

/**
 * A worker thread that is not yet any function's: Node.js started and the runtime's script loaded.
 * Until a function takes it, it does not keep the process alive.
 */
interface Thread {
  worker: Worker;
  gone: boolean;
}

function startThread(): Thread {
  const worker = new Worker(executionEnvironmentScript(), { execArgv: workerExecArgv(), env: {}, stdout: true, stderr: true, name: 'lambda:execution-environment' });
  worker.unref();
  const thread = { worker, gone: false };
  const gone = () => {
    thread.gone = true;
  };
  worker.once('error', gone).once('exit', gone);
  return thread;
}

/**
 * One worker thread kept started ahead, for the next execution environment of any function: it
 * then loads its code at once instead of first waiting for a thread to start (45–75 ms on the
 * 2-core machine); the next spare starts while it loads.
 */
class SpareThread {
  private next: Thread | undefined;
  private stopped = false;

  start(): void {
    if (!this.next && !this.stopped) this.next = startThread();
  }

  take(): Worker {
    const spare = this.next;
    this.next = undefined;
    this.start();
    const worker = !spare || spare.gone ? startThread().worker : spare.worker.removeAllListeners();
    worker.ref();
    return worker;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const spare = this.next;
    this.next = undefined;
    await spare?.worker.terminate();
  }
}

/**
 * Lambda's limits on a synchronous invocation's payloads, in bytes of JSON: 6 MB each for the event and the result
 * ("For synchronous invocations, the maximum payload size is 6 MB", https://docs.aws.amazon.com/lambda/latest/dg/API_Invoke.html),
 * which Lambda applies as 6,291,456 bytes for the event and 6,291,556 for the result (the figures its errors name).
 * Every invocation the local cloud makes is synchronous: API Gateway's, Step Functions', the queues' and streams'
 * event source mappings'.
 */
export const MAX_EVENT_BYTES = 6_291_456;
export const MAX_RESULT_BYTES = 6_291_556;

/** The errorType of an invocation whose event is over {@link MAX_EVENT_BYTES}: the function never ran. */
export const EVENT_TOO_LARGE = 'RequestEntityTooLargeException';

/** One Lambda execution environment: a worker thread running one invocation at a time. */
class ExecutionEnvironment {
  alive = true;
  private current: { invocation: Invocation; timer: NodeJS.Timeout; startedAt?: number } | undefined;
  private initialized: (() => void) | undefined;

  constructor(
    private readonly worker: Worker,
    definition: LambdaFunctionDefinition,
    setup: WorkerSetup,
    env: Record<string, string>,
    output: FunctionOutput,
    private readonly onRetired: (environment: ExecutionEnvironment) => void,
    private readonly onInvoked?: (durationMs: number) => void,
  ) {
    this.worker.postMessage({ type: 'assign', setup, env } satisfies AssignRequest);
    forward(this.worker.stdout, `[${definition.functionName}]`, process.stdout, output);
    forward(this.worker.stderr, `[${definition.functionName}]`, process.stderr, output);
    this.worker.on('message', (reply: WorkerReply) => this.onReply(reply));
    this.worker.on('error', (error) => this.crash(new LambdaError(error.name || 'Runtime.ExitError', error.message)));
    this.worker.on('exit', (code) =>
      this.crash(new LambdaError('Runtime.ExitError', `Runtime exited with error: exit status ${code}`)),
    );
  }

  /** Loads the code ahead of the first invocation; resolves when loaded, failed or gone. */
  init(): Promise<void> {
    return new Promise((resolve) => {
      this.initialized = resolve;
      this.worker.postMessage({ type: 'init' } satisfies InitRequest);
    });
  }

  run(invocation: Invocation): void {
    const timer = setTimeout(() => this.timeOut(INIT_TIMEOUT_MS), INIT_TIMEOUT_MS);
    this.current = { invocation, timer };
    this.worker.postMessage(invocation.request);
  }

  /** Retires first, so the invocation's settling never hands the next invocation to a dying worker. */
  terminate(reason: LambdaError): Promise<number> {
    this.retire();
    this.settle(undefined, reason);
    return this.worker.terminate();
  }

  private onReply(reply: WorkerReply): void {
    if (reply.type === 'initialized') {
      this.initialized?.();
      return;
    }
    const current = this.current;
    if (!current || current.invocation.request.id !== reply.id) return;
    if (reply.type === 'started') {
      current.startedAt = performance.now();
      clearTimeout(current.timer);
      const timeoutMs = current.invocation.request.timeoutMs;
      current.timer = setTimeout(() => this.timeOut(timeoutMs), timeoutMs);
      return;
    }
    if (reply.type === 'result') {
      // The function ran (and may have written); only its result does not reach the caller.
      if (Buffer.byteLength(reply.payloadJson) > MAX_RESULT_BYTES) {
        this.settle(undefined, new LambdaError('Function.ResponseSizeTooLarge', `Response payload size exceeded maximum allowed payload size (${MAX_RESULT_BYTES} bytes).`));
        return;
      }
      this.settle(JSON.parse(reply.payloadJson));
      return;
    }
    const { errorType, errorMessage, trace } = reply.error;
    const error = new LambdaError(errorType, errorMessage, trace);
    if (reply.fatal) void this.terminate(error);
    else this.settle(undefined, error);
  }

  private timeOut(afterMs: number): void {
    const requestId = this.current?.invocation.request.awsRequestId;
    const seconds = (afterMs / 1000).toFixed(2);
    const message = `RequestId: ${requestId} Error: Task timed out after ${seconds} seconds`;
    void this.terminate(new LambdaError('Sandbox.Timedout', message));
  }

  private crash(error: LambdaError): void {
    this.retire();
    this.settle(undefined, error);
  }

  private retire(): void {
    if (!this.alive) return;
    this.alive = false;
    this.initialized?.();
    this.onRetired(this);
  }

  /** Ends the current invocation once; the environment is then free for the next one. */
  private settle(value: unknown, error?: Error): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    clearTimeout(current.timer);
    if (current.startedAt !== undefined) this.onInvoked?.(performance.now() - current.startedAt);
    if (error) current.invocation.reject(error);
    else current.invocation.resolve(value);
  }

  get busy(): boolean {
    return this.current !== undefined;
  }
}

/** The execution environments of one function, created on demand up to the concurrency limit. */
class FunctionPool {
  private readonly environments = new Set<ExecutionEnvironment>();
  private readonly queue: Invocation[] = [];
  private nextId = 1;
  private stopped = false;

  constructor(
    readonly definition: LambdaFunctionDefinition,
    private readonly thread: SpareThread,
    private readonly env: Record<string, string>,
    private readonly limit: number,
    private readonly quiet: boolean,
    private readonly onOutput: OutputMeter | undefined,
    /** What every execution environment of the pool is set up with besides the function's own: the clock, the compile cache. */
    private readonly shared: Pick<WorkerSetup, 'clockOffset' | 'compileCacheDir'>,
    private readonly onInvoked: InvocationMeter | undefined,
  ) {}

  invoke(event: unknown): Promise<unknown> {
    if (this.stopped) return Promise.reject(new LambdaError('Runtime.Stopped', 'the local cloud is stopping'));
    const eventJson = JSON.stringify(event ?? null);
    if (Buffer.byteLength(eventJson) > MAX_EVENT_BYTES) {
      return Promise.reject(new LambdaError(EVENT_TOO_LARGE, `Request must be smaller than ${MAX_EVENT_BYTES} bytes for the InvokeFunction operation`));
    }
    const request: InvokeRequest = { id: this.nextId++, awsRequestId: randomUUID(), eventJson, timeoutMs: this.definition.timeoutSeconds * 1000 };
    return new Promise((resolve, reject) => {
      this.queue.push({
        request,
        resolve: (value) => {
          resolve(value);
          this.dispatch();
        },
        reject: (error) => {
          reject(error);
          this.dispatch();
        },
      });
      this.dispatch();
    });
  }

  /** Starts one execution environment with its code loaded, unless one exists already. */
  async warm(): Promise<void> {
    if (this.stopped || this.environments.size > 0 || this.definition.unavailable) return;
    await this.spawn()?.init();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const reason = new LambdaError('Runtime.Stopped', 'the local cloud is stopping');
    for (const invocation of this.queue.splice(0)) invocation.reject(reason);
    await Promise.all([...this.environments].map((environment) => environment.terminate(reason)));
  }

  private dispatch(): void {
    while (this.queue.length > 0 && !this.stopped) {
      const environment = [...this.environments].find((candidate) => candidate.alive && !candidate.busy) ?? this.spawn();
      if (!environment) return;
      const invocation = this.queue.shift();
      if (invocation) environment.run(invocation);
    }
  }

  private spawn(): ExecutionEnvironment | undefined {
    if (this.environments.size >= this.limit) return undefined;
    const { definition } = this;
    if (definition.unavailable) {
      const error = new LambdaError('Runtime.Unavailable', `${definition.logicalId} cannot run locally: ${definition.unavailable}`);
      for (const invocation of this.queue.splice(0)) invocation.reject(error);
      return undefined;
    }
    const setup: WorkerSetup = {
      codeDirectory: definition.codeDirectory,
      handler: definition.handler,
      functionName: definition.functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: definition.arn,
      memoryLimitInMB: String(definition.memorySize),
      logGroupName: `/aws/lambda/${definition.functionName}`,
      logStreamName: `${today()}/[$LATEST]${randomBytes(16).toString('hex')}`,
      ...this.shared,
    };
    const env = { ...this.env, AWS_LAMBDA_LOG_STREAM_NAME: setup.logStreamName };
    const { onInvoked, onOutput } = this;
    const environment = new ExecutionEnvironment(
      this.thread.take(),
      definition,
      setup,
      env,
      { quiet: this.quiet, onLine: onOutput && ((line) => onOutput(definition, line)) },
      (retired) => {
        this.environments.delete(retired);
        this.dispatch();
      },
      onInvoked && ((durationMs) => onInvoked(definition, durationMs)),
    );
    this.environments.add(environment);
    return environment;
  }
}

function lambdaEnvironment(definition: LambdaFunctionDefinition, options: LambdaPoolOptions): Record<string, string> {
  return {
    ...definition.environment,
    AWS_REGION: options.region,
    AWS_DEFAULT_REGION: options.region,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_EXECUTION_ENV: `AWS_Lambda_${definition.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: definition.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(definition.memorySize),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${definition.functionName}`,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    LAMBDA_TASK_ROOT: definition.codeDirectory,
    _HANDLER: definition.handler,
    ...options.sharedEnvironment,
  };
}

/**
 * Runs the template's Lambda functions from their bundles, each in a small pool of worker
 * threads (one invocation per worker at a time, like Lambda execution environments), with the
 * function's own environment and timeout.
 *
 * @example
 * const pool = new LambdaPool(definitions, { region: 'eu-central-1' });
 * const result = await pool.invoke('ApiHandler', event);
 */
export class LambdaPool {
  private readonly pools: FunctionPool[];
  private stopped = false;
  /** Invocations under way, of every function; warming waits for none. */
  private running = 0;
  private readonly idleWaiters: (() => void)[] = [];
  private readonly spare = new SpareThread();

  constructor(definitions: LambdaFunctionDefinition[], options: LambdaPoolOptions) {
    const shared = {
      ...(options.clockOffset ? { clockOffset: options.clockOffset } : {}),
      ...(options.compileCacheDir ? { compileCacheDir: options.compileCacheDir } : {}),
    };
    this.pools = definitions.map((definition) => {
      const limit = Math.max(1, Math.min(options.workersPerFunction ?? 4, definition.reservedConcurrency ?? Infinity));
      return new FunctionPool(definition, this.spare, lambdaEnvironment(definition, options), limit, options.quiet ?? false, options.onOutput, shared, options.onInvoked);
    });
    if (definitions.length > 0) this.spare.start();
  }

  /** The function a reference names: its logical id, function name or (qualified) ARN. */
  find(functionRef: string): LambdaFunctionDefinition | undefined {
    return this.poolFor(functionRef)?.definition;
  }

  /** Invokes a function synchronously; rejects with a {@link LambdaError} when the function fails. */
  invoke(functionRef: string, event: unknown): Promise<unknown> {
    const pool = this.poolFor(functionRef);
    if (!pool) {
      return Promise.reject(new LambdaError('ResourceNotFoundException', `Function not found: ${functionRef}`));
    }
    this.running += 1;
    return pool.invoke(event).finally(() => {
      this.running -= 1;
      if (this.running === 0) for (const resume of this.idleWaiters.splice(0)) resume();
    });
  }

  /**
   * Starts one execution environment per function and loads its code, one function after the
   * other (as provisioned concurrency would, so that first requests do not wait for the code to
   * load); functions invoked meanwhile start as usual. Code that fails to load fails its first
   * invocation, as without warming. The functions `first` names (logical ids, names or ARNs) go first.
   * The next function is loaded only while no invocation runs, so that a request made right after
   * the start does not share the CPU with the warming (the first request on a 2-core machine).
   */
  async warm(first: string[] = []): Promise<void> {
    const firstPools = new Set(first.map((ref) => this.poolFor(ref)));
    for (const pool of [...this.pools].sort((a, b) => Number(firstPools.has(b)) - Number(firstPools.has(a)))) {
      await this.idle();
      if (this.stopped) return;
      await pool.warm();
    }
  }

  /** Resolves once no invocation runs. */
  private idle(): Promise<void> {
    return this.running === 0 ? Promise.resolve() : new Promise((resume) => this.idleWaiters.push(resume));
  }

  /** Terminates every worker; pending invocations reject. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.pools.map((pool) => pool.stop()), this.spare.stop()]);
  }

  private poolFor(functionRef: string): FunctionPool | undefined {
    const name = functionRef.startsWith('arn:') ? functionRef.split(':')[6] : functionRef;
    return this.pools.find(
      ({ definition }) => definition.functionName === name || definition.logicalId === name || definition.arn === functionRef,
    );
  }
}
