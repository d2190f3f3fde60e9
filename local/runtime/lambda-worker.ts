// A Lambda execution environment, run in a worker thread as the JavaScript esbuild makes of this
// file alone (`executionEnvironmentScript` in lambda-pool.ts, no bundling), so it imports nothing
// but Node built-ins and types.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire, enableCompileCache, flushCompileCache } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileFunction, constants as vmConstants } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import type { AssignRequest, InitRequest, InvokeRequest, LambdaErrorPayload, WorkerReply, WorkerSetup } from './lambda-protocol';

type Handler = (event: unknown, context: unknown, callback: (error?: unknown, result?: unknown) => void) => unknown;

/** Given by the first message (`assign`), before any other. */
let setup: WorkerSetup;
const port = parentPort;

/**
 * Makes `Date` tell the platform clock's time (real time plus the shared offset, read on every
 * call), so a function sees the clock a test moved. Dates built from explicit values stay as they are.
 */
function followPlatformClock(buffer: SharedArrayBuffer): void {
  const offset = new BigInt64Array(buffer);
  const RealDate = Date;
  const realNow = Date.now.bind(Date);
  const now = (): number => realNow() + Number(Atomics.load(offset, 0));
  const PlatformDate = new Proxy(RealDate, {
    construct: (target, args, newTarget) => Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget),
    apply: () => new RealDate(now()).toString(),
    get: (target, property, receiver) => (property === 'now' ? now : Reflect.get(target, property, receiver)),
  });
  globalThis.Date = PlatformDate;
}

/**
 * Node calls `vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER` (see `loadCommonJs`) experimental and
 * warns about it in every execution environment whose code imports dynamically: a line of the
 * local runtime's own, not of the function, which Lambda would never print. Only that warning is
 * dropped; every other warning of the function still prints.
 */
function dropLoaderWarning(): void {
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (String(warning instanceof Error ? warning.message : warning).includes('USE_MAIN_CONTEXT_DEFAULT_LOADER')) return;
    emitWarning(warning, ...rest);
  }) as typeof process.emitWarning;
}

dropLoaderWarning();

class RuntimeError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

function toErrorPayload(error: unknown): LambdaErrorPayload {
  if (error instanceof Error) {
    return { errorType: error.name, errorMessage: error.message, trace: (error.stack ?? '').split('\n') };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

// Lambda reads a `.js` handler as CommonJS unless the code's own package.json says otherwise;
// a package.json further up (this repository's "type": "module") must not change that.
function isEsm(file: string): boolean {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs')) return false;
  const packageFile = join(setup.codeDirectory, 'package.json');
  return existsSync(packageFile) && (JSON.parse(readFileSync(packageFile, 'utf8')) as { type?: string }).type === 'module';
}

function loadCommonJs(file: string): unknown {
  const source = readFileSync(file, 'utf8').replace(/^#!.*/, '');
  const module = { exports: {} as unknown };
  const wrapper = compileFunction(source, ['exports', 'require', 'module', '__filename', '__dirname'], {
    filename: file,
    importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

async function loadHandler(): Promise<Handler> {
  const slash = setup.handler.lastIndexOf('/');
  const moduleAndPath = setup.handler.slice(slash + 1);
  const dot = moduleAndPath.indexOf('.');
  if (dot < 1) throw new RuntimeError('Runtime.MalformedHandlerName', `Bad handler ${setup.handler}`);
  const base = join(setup.codeDirectory, setup.handler.slice(0, slash + 1) + moduleAndPath.slice(0, dot));
  const file = ['.js', '.mjs', '.cjs'].map((extension) => base + extension).find((candidate) => existsSync(candidate));
  if (!file) throw new RuntimeError('Runtime.ImportModuleError', `Error: Cannot find module '${base}'`);
  // Modules another environment compiled already load from the cache; those compiled here are written to it.
  if (setup.compileCacheDir) enableCompileCache(setup.compileCacheDir);
  const exported: unknown = isEsm(file) ? await import(pathToFileURL(file).href) : loadCommonJs(file);
  if (setup.compileCacheDir) flushCompileCache();
  const handler = moduleAndPath
    .slice(dot + 1)
    .split('.')
    .reduce<unknown>((target, key) => (target as Record<string, unknown> | undefined)?.[key], exported);
  if (typeof handler !== 'function') {
    throw new RuntimeError('Runtime.HandlerNotFound', `${setup.handler} is undefined or not exported`);
  }
  return handler as Handler;
}

function runHandler(handler: Handler, event: unknown, context: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const callback = (error?: unknown, result?: unknown): void => (error ? reject(error) : resolve(result));
    const returned = handler(event, context, callback);
    if (typeof returned === 'object' && returned !== null && 'then' in returned) {
      Promise.resolve(returned).then(resolve, reject);
    } else if (handler.length < 3) {
      resolve(returned);
    }
  });
}

let loading: Promise<Handler> | undefined;

function reply(message: WorkerReply): void {
  port?.postMessage(message);
}

/** Becomes the execution environment of one function: its environment variables, its setup and the platform clock. */
function assign(request: AssignRequest): void {
  for (const name of Object.keys(process.env)) delete process.env[name];
  Object.assign(process.env, request.env);
  setup = request.setup;
  if (setup.clockOffset) followPlatformClock(setup.clockOffset);
}

port?.on('message', async (request: AssignRequest | InitRequest | InvokeRequest) => {
  if ('type' in request && request.type === 'assign') {
    assign(request);
    return;
  }
  if ('type' in request) {
    loading ??= loadHandler();
    await loading.catch(() => undefined);
    reply({ type: 'initialized' });
    return;
  }
  let handler: Handler;
  try {
    loading ??= loadHandler();
    handler = await loading;
  } catch (error) {
    reply({ type: 'error', id: request.id, error: toErrorPayload(error), fatal: true });
    return;
  }
  const deadline = Date.now() + request.timeoutMs;
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: setup.functionName,
    functionVersion: setup.functionVersion,
    invokedFunctionArn: setup.invokedFunctionArn,
    memoryLimitInMB: setup.memoryLimitInMB,
    awsRequestId: request.awsRequestId,
    logGroupName: setup.logGroupName,
    logStreamName: setup.logStreamName,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  reply({ type: 'started', id: request.id });
  try {
    const result = await runHandler(handler, JSON.parse(request.eventJson), context);
    reply({ type: 'result', id: request.id, payloadJson: JSON.stringify(result ?? null) });
  } catch (error) {
    reply({ type: 'error', id: request.id, error: toErrorPayload(error), fatal: false });
  }
});
