import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { executionEnvironmentScript, LambdaError, LambdaPool, MAX_EVENT_BYTES, MAX_RESULT_BYTES, type LambdaFunctionDefinition, workerExecArgv } from '../../local/runtime/lambda-pool';

const bundle = (name: string): string => fileURLToPath(new URL(`./fixtures/bundles/${name}`, import.meta.url));

function definition(overrides: Partial<LambdaFunctionDefinition>): LambdaFunctionDefinition {
  const functionName = overrides.functionName ?? 'stack-Orders';
  return {
    logicalId: 'Orders',
    functionName,
    arn: `arn:aws:lambda:eu-central-1:000000000000:function:${functionName}`,
    codeDirectory: bundle('cjs'),
    handler: 'index.handler',
    runtime: 'nodejs22.x',
    timeoutSeconds: 10,
    memorySize: 256,
    environment: {},
    ...overrides,
  };
}

/** What is written to `stream` until the test ends; none of it reaches the terminal. */
function captured(stream: NodeJS.WriteStream): string[] {
  const written: string[] = [];
  const spy = vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  onTestFinished(() => spy.mockRestore());
  return written;
}

describe('LambdaPool', () => {
  let pool: LambdaPool | undefined;
  afterEach(async () => {
    await pool?.stop();
    pool = undefined;
  });

  it('tells the invocation meter which function ran and for how long', async () => {
    const invoked: { logicalId: string; memorySize: number; durationMs: number }[] = [];
    pool = new LambdaPool([definition({})], {
      region: 'eu-central-1',
      quiet: true,
      onInvoked: ({ logicalId, memorySize }, durationMs) => invoked.push({ logicalId, memorySize, durationMs }),
    });

    await pool.invoke('Orders', {});
    await pool.invoke('Orders', {});

    expect(invoked).toEqual([
      { logicalId: 'Orders', memorySize: 256, durationMs: expect.any(Number) },
      { logicalId: 'Orders', memorySize: 256, durationMs: expect.any(Number) },
    ]);
    expect(invoked.every(({ durationMs }) => durationMs >= 0)).toBe(true);
  });

  it('runs an ESM bundle with the template environment, Lambda variables and a realistic context', async () => {
    pool = new LambdaPool(
      [definition({ logicalId: 'Env', functionName: 'stack-Env', codeDirectory: bundle('esm'), environment: { TEMPLATE_VAR: 'from template' } })],
      { region: 'eu-central-1', sharedEnvironment: { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000' }, quiet: true },
    );

    const result = (await pool.invoke('Env', { hello: 'world' })) as Record<string, Record<string, unknown>>;

    expect(result.event).toEqual({ hello: 'world' });
    expect(result.env).toEqual({
      TEMPLATE_VAR: 'from template',
      AWS_REGION: 'eu-central-1',
      AWS_DEFAULT_REGION: 'eu-central-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_LAMBDA_FUNCTION_NAME: 'stack-Env',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000',
    });
    expect(result.context).toMatchObject({
      functionName: 'stack-Env',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-central-1:000000000000:function:stack-Env',
      memoryLimitInMB: '256',
      logGroupName: '/aws/lambda/stack-Env',
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(result.context?.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.context?.remainingTimeInMillis).toBeGreaterThan(0);
    expect(result.context?.remainingTimeInMillis).toBeLessThanOrEqual(10_000);
  });

  it('keeps the parent environment and the functions environment apart', async () => {
    process.env.PARENT_ONLY = 'parent secret';
    try {
      pool = new LambdaPool([definition({ logicalId: 'Env', codeDirectory: bundle('esm') })], { region: 'eu-central-1', quiet: true });

      const result = (await pool.invoke('Env', {})) as { env: Record<string, unknown> };

      expect(result.env.PARENT_ONLY).toBeUndefined();
      expect(process.env.SET_BY_FUNCTION).toBeUndefined();
    } finally {
      delete process.env.PARENT_ONLY;
    }
  });

  it('loads a CommonJS index.js even inside a package of type module, and finds it by name or ARN', async () => {
    pool = new LambdaPool([definition({})], { region: 'eu-central-1', quiet: true });

    await expect(pool.invoke('stack-Orders', { n: 1 })).resolves.toMatchObject({ received: { n: 1 } });
    await expect(pool.invoke('arn:aws:lambda:eu-central-1:000000000000:function:stack-Orders:$LATEST', { n: 2 })).resolves.toMatchObject({
      received: { n: 2 },
    });
  });

  it('returns what a callback-style handler passes to its callback', async () => {
    pool = new LambdaPool([definition({ handler: 'index.withCallback' })], { region: 'eu-central-1', quiet: true });

    await expect(pool.invoke('Orders', {})).resolves.toMatchObject({ viaCallback: true });
  });

  it('rejects with an error named after the errorType the handler threw', async () => {
    pool = new LambdaPool([definition({})], { region: 'eu-central-1', quiet: true });

    const failure = await pool.invoke('Orders', { fail: 'sneakers' }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(LambdaError);
    expect(failure).toMatchObject({ name: 'OutOfStock', errorType: 'OutOfStock', message: 'no sneakers left' });
  });

  it("refuses an event over Lambda's 6 MB as RequestEntityTooLargeException without running the function, and takes one of exactly 6 MB", async () => {
    let ran = 0;
    pool = new LambdaPool([definition({ handler: 'index.answersBytes' })], { region: 'eu-central-1', quiet: true, onInvoked: () => (ran += 1) });
    // {"bytes":2,"pad":"…"}: 20 bytes around the padding.
    const eventOf = (size: number) => ({ bytes: 2, pad: 'p'.repeat(size - 20) });
    expect(Buffer.byteLength(JSON.stringify(eventOf(MAX_EVENT_BYTES)))).toBe(MAX_EVENT_BYTES);

    const refused = await pool.invoke('Orders', eventOf(MAX_EVENT_BYTES + 1)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LambdaError);
    expect(refused).toMatchObject({ errorType: 'RequestEntityTooLargeException', message: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation' });
    expect(ran).toBe(0);

    await expect(pool.invoke('Orders', eventOf(MAX_EVENT_BYTES))).resolves.toBe('');
    expect(ran).toBe(1);
  });

  it("fails an invocation whose result is over Lambda's 6 MB with Function.ResponseSizeTooLarge, after the function ran", async () => {
    let ran = 0;
    pool = new LambdaPool([definition({ handler: 'index.answersBytes' })], { region: 'eu-central-1', quiet: true, onInvoked: () => (ran += 1) });

    await expect(pool.invoke('Orders', { bytes: MAX_RESULT_BYTES })).resolves.toHaveLength(MAX_RESULT_BYTES - 2);
    const failed = await pool.invoke('Orders', { bytes: MAX_RESULT_BYTES + 1 }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(LambdaError);
    expect(failed).toMatchObject({ errorType: 'Function.ResponseSizeTooLarge', message: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).' });
    expect(ran).toBe(2);
  });

  it('reports a handler the bundle does not export as Runtime.HandlerNotFound', async () => {
    pool = new LambdaPool([definition({ handler: 'index.missing' })], { region: 'eu-central-1', quiet: true });

    await expect(pool.invoke('Orders', {})).rejects.toMatchObject({ name: 'Runtime.HandlerNotFound' });
  });

  it('ends an invocation that outlives the timeout with Sandbox.Timedout and serves the next one from a fresh worker', async () => {
    pool = new LambdaPool([definition({ timeoutSeconds: 1 })], { region: 'eu-central-1', quiet: true });
    const before = (await pool.invoke('Orders', {})) as { threadId: number };

    const timedOut = pool.invoke('Orders', { waitMs: 60_000 });

    await expect(timedOut).rejects.toMatchObject({ name: 'Sandbox.Timedout', message: expect.stringContaining('1.00 seconds') });
    const after = (await pool.invoke('Orders', {})) as { threadId: number };
    expect(after.threadId).not.toBe(before.threadId);
  });

  it('runs simultaneous invocations in separate workers, up to the per-function limit', async () => {
    pool = new LambdaPool([definition({}), definition({ logicalId: 'Single', functionName: 'stack-Single' })], {
      region: 'eu-central-1',
      quiet: true,
      workersPerFunction: 2,
    });

    const parallel = (await Promise.all([1, 2].map(() => pool!.invoke('Orders', { waitMs: 50 })))) as { threadId: number }[];
    expect(new Set(parallel.map((result) => result.threadId)).size).toBe(2);

    const limited = new LambdaPool([definition({ reservedConcurrency: 1 })], { region: 'eu-central-1', quiet: true });
    try {
      const queued = (await Promise.all([1, 2].map(() => limited.invoke('Orders', { waitMs: 50 })))) as { threadId: number }[];
      expect(new Set(queued.map((result) => result.threadId)).size).toBe(1);
    } finally {
      await limited.stop();
    }
  });

  it('prints what a function logs with the function name as prefix', async () => {
    const written = captured(process.stdout);
    pool = new LambdaPool([definition({})], { region: 'eu-central-1' });

    await pool.invoke('Orders', { log: 'parcel scanned' });

    await vi.waitFor(() => expect(written).toContain('[stack-Orders] parcel scanned\n'));
  });

  it('tells the output meter each line a function logs, also when quiet, and prints none of them', async () => {
    const written = captured(process.stdout);
    const lines: string[] = [];
    pool = new LambdaPool([definition({})], {
      region: 'eu-central-1',
      quiet: true,
      onOutput: ({ logicalId }, line) => lines.push(`${logicalId}: ${line}`),
    });

    await pool.invoke('Orders', { log: 'parcel scanned\nlabel printed' });

    await vi.waitFor(() => expect(lines).toEqual(['Orders: parcel scanned', 'Orders: label printed']));
    expect(written.join('')).not.toContain('parcel scanned');
  });

  it("prints a function's own warnings, but not Node's warning about the loader the runtime gives dynamic imports", async () => {
    const written = captured(process.stderr);
    pool = new LambdaPool([definition({ handler: 'index.importsDynamically' })], { region: 'eu-central-1' });

    await expect(pool.invoke('Orders', { warning: 'three left' })).resolves.toEqual({ platform: process.platform });

    // The function's warning follows the import, so once it is printed the loader's would have been.
    await vi.waitFor(() => expect(written.join('')).toMatch(/\[stack-Orders\] \(node:\d+\) StockWarning: three left/));
    expect(written.join('')).not.toContain('USE_MAIN_CONTEXT_DEFAULT_LOADER');
  });

  it('rejects invocations of a function that cannot run locally, naming the reason', async () => {
    pool = new LambdaPool([definition({ runtime: 'python3.12', unavailable: 'the runtime python3.12 is not Node.js' })], {
      region: 'eu-central-1',
      quiet: true,
    });

    await expect(pool.invoke('Orders', {})).rejects.toMatchObject({
      name: 'Runtime.Unavailable',
      message: expect.stringContaining('python3.12'),
    });
  });

  it('loads the code of each function in one worker when warmed, the ones named first first, and invokes it there', async () => {
    pool = new LambdaPool([definition({}), definition({ logicalId: 'Later', functionName: 'stack-Later' })], { region: 'eu-central-1', quiet: true });

    await pool.warm(['stack-Later']);
    const invokedAt = Date.now();
    const [orders, later] = (await Promise.all([pool.invoke('Orders', {}), pool.invoke('Later', {})])) as { loadedAt: number }[];

    expect(later!.loadedAt).toBeLessThanOrEqual(orders!.loadedAt);
    expect(orders!.loadedAt).toBeLessThanOrEqual(invokedAt);
    const again = (await pool.invoke('Orders', {})) as { loadedAt: number };
    expect(again.loadedAt).toBe(orders!.loadedAt);
  });

  it('loads the next function only once no invocation runs, so that the warming does not slow a request down', async () => {
    pool = new LambdaPool([definition({}), definition({ logicalId: 'Later', functionName: 'stack-Later' })], { region: 'eu-central-1', quiet: true });

    const request = pool.invoke('Orders', { waitMs: 300 });
    const warmed = pool.warm(['stack-Later']);
    const { finishedAt } = (await request) as { finishedAt: number };
    await warmed;
    const later = (await pool.invoke('Later', {})) as { loadedAt: number };

    expect(later.loadedAt).toBeGreaterThanOrEqual(finishedAt);
  });

  it("runs each new execution environment in a thread started ahead, before it was asked for", async () => {
    pool = new LambdaPool([definition({}), definition({ logicalId: 'Later', functionName: 'stack-Later' })], { region: 'eu-central-1', quiet: true });
    // Thread ids count up in a process: a thread started before this probe has a lower one.
    const aProbeThread = async (): Promise<number> => {
      const probe = new Worker('', { eval: true });
      const { threadId } = probe;
      await probe.terminate();
      return threadId;
    };

    const firstProbe = await aProbeThread();
    const orders = (await pool.invoke('Orders', { n: 1 })) as { threadId: number; received: unknown };
    const secondProbe = await aProbeThread();
    const later = (await pool.invoke('Later', { n: 2 })) as { threadId: number; received: unknown };

    expect(orders).toMatchObject({ threadId: expect.any(Number), received: { n: 1 } });
    expect(orders.threadId).toBeLessThan(firstProbe);
    expect(later.threadId).toBeGreaterThan(orders.threadId);
    expect(later.threadId).toBeLessThan(secondProbe);
    expect(later.received).toEqual({ n: 2 });
  });

  it("lets a process end whose pool was never stopped, since a spare thread is no function's yet", () => {
    const script = [
      "import { LambdaPool } from './local/runtime/lambda-pool.ts';",
      `new LambdaPool([${JSON.stringify(definition({}))}], { region: 'eu-central-1', quiet: true });`,
      "console.log('made a pool');",
    ].join('\n');
    const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

    const output = execFileSync(tsx, ['--eval', script], { cwd: fileURLToPath(new URL('../..', import.meta.url)), timeout: 30_000, encoding: 'utf8' });

    expect(output).toBe('made a pool\n');
  });

  it('fails the first invocation of a function whose code did not load when warmed, as without warming', async () => {
    pool = new LambdaPool([definition({ handler: 'missing.handler' }), definition({ logicalId: 'Python', functionName: 'stack-Python', unavailable: 'not Node.js' })], {
      region: 'eu-central-1',
      quiet: true,
    });

    await pool.warm();

    await expect(pool.invoke('Orders', {})).rejects.toMatchObject({ name: 'Runtime.ImportModuleError' });
    await expect(pool.invoke('Python', {})).rejects.toMatchObject({ name: 'Runtime.Unavailable' });
  });

  it("keeps V8's compiled code of a function's ES modules in the compile cache folder for the environments after it", async () => {
    const compileCacheDir = mkdtempSync(join(tmpdir(), 'kreislauf-compile-cache-'));
    onTestFinished(() => rmSync(compileCacheDir, { recursive: true, force: true }));
    pool = new LambdaPool([definition({ codeDirectory: bundle('esm') })], { region: 'eu-central-1', quiet: true, compileCacheDir });

    await pool.invoke('Orders', {});

    expect(readdirSync(compileCacheDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile())).not.toEqual([]);
  });

  it('rejects an unknown function as ResourceNotFoundException', async () => {
    pool = new LambdaPool([], { region: 'eu-central-1' });

    await expect(pool.invoke('Nope', {})).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe("an execution environment's Node.js options", () => {
  it("are this process's without tsx's loader hooks, which a plain-Node worker does not need", () => {
    const tsx = ['--require', '/repo/node_modules/tsx/dist/preflight.cjs', '--import', 'file:///repo/node_modules/tsx/dist/loader.mjs'];
    expect(workerExecArgv([...tsx, '--enable-source-maps', '--max-old-space-size=512'])).toEqual(['--enable-source-maps', '--max-old-space-size=512']);
    expect(workerExecArgv(['--import=file:///repo/node_modules/tsx/dist/loader.mjs', '--import', 'file:///repo/telemetry.mjs'])).toEqual([
      '--import',
      'file:///repo/telemetry.mjs',
    ]);
    expect(workerExecArgv([])).toEqual([]);
  });
});

describe("an execution environment's script", () => {
  it('is lambda-worker.ts compiled once per version of the source to JavaScript, whose types no worker has to strip', () => {
    const source = readFileSync(new URL('../../local/runtime/lambda-worker.ts', import.meta.url));
    const script = executionEnvironmentScript();

    expect(script.href).toMatch(new RegExp(`/kreislauf-lambda-worker-${createHash('sha256').update(source).digest('hex').slice(0, 16)}\\.mjs$`));
    // Plain JavaScript: Node checks an .mjs file's syntax without stripping any types.
    expect(() => execFileSync(process.execPath, ['--check', fileURLToPath(script)], { stdio: 'pipe' })).not.toThrow();
    const { mtimeMs } = statSync(script);
    expect(executionEnvironmentScript()).toBe(script);
    expect(statSync(script).mtimeMs).toBe(mtimeMs);
  });
});
