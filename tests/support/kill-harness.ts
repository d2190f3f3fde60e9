import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { startCountingProxy, type CountingProxy, type ProxiedCall } from '../../bench/counting-proxy';
import { LAMBDA_BUNDLE_OPTIONS } from '../../infra/function-bundles';

// Kill -9 at precise points: a worker process (a script under tests/support) does the platform's
// work against DynamoDB Local and the sandboxes through proxies, and is killed with SIGKILL when
// the answer to its n-th write comes back (the write is done, the worker never reads its answer),
// then again and again with new workers, n = 1, 1, 2, 2, 3, …, until one finishes. What outlives
// a worker (DynamoDB Local, the sandboxes, files) stands for what outlives a Lambda's execution
// environment on AWS.

/** A bound against a worker that never finishes. */
const MAX_WORKERS = 80;

/**
 * The write of its own, counted from 1, at whose answer the worker of round `round` is killed: 1, 1, 2, 2, 3, …
 * Each worker redoes what its predecessor may have left undone (a listing on eBay takes three writes,
 * a poll handles again the orders after the stored cursor), so workers always killed early would never
 * finish; kills that come later and later guarantee that one does.
 */
const killPoint = (round: number) => 1 + Math.floor(round / 2);

/** A request that changes something: what it is (the DynamoDB operation, the channel call), else `undefined`. */
function writeOf(service: string, call: ProxiedCall): string | undefined {
  const operation = call.headers['x-amz-target'];
  if (typeof operation === 'string') {
    const name = operation.split('.').at(-1)!;
    return /^(Put|Update|Delete|TransactWrite|BatchWrite)/.test(name) ? `${service} ${name}` : undefined;
  }
  // Shopify's reads are GraphQL queries sent with POST too, as are Refurbed's List and Get calls.
  const body = call.body.toString('utf8');
  const isWrite = service === 'shopify' ? body.includes('"query":"mutation') : call.method !== 'GET' && !/Service\/(List|Get|Find)/.test(call.path);
  return isWrite ? `${service} ${call.method} ${call.path.split('?')[0]}` : undefined;
}

export interface KillHarness {
  /** A folder of the harness's own, removed by `stop`, for what the workers keep across kills. */
  home: string;
  /** A proxy in front of `target`, named `service` in the kills' descriptions; its URL. */
  proxyTo(target: string, service: string): Promise<string>;
  /**
   * Workers given `config` (as JSON in `KILL_HARNESS_WORKER`), killed at the answer of one of
   * their first writes each until one exits 0; what each kill hit, e.g. `DynamoDB TransactWriteItems`.
   * `afterKill`, given what the kill hit, acts between a killed worker and the next, as a customer or a
   * warehouse would while the step's retry waits.
   * @throws when a worker fails otherwise (with its stderr) or none finishes.
   */
  killedUntilFinished(config: object, afterKill?: (killedAt: string) => Promise<void>): Promise<string[]>;
  stop(): Promise<void>;
}

/** Bundles `workerEntry` once, as a Lambda's code is, so that each worker starts in a fraction of a second. */
export async function startKillHarness(workerEntry: string): Promise<KillHarness> {
  const home = await mkdtemp(join(tmpdir(), 'kreislauf-kill-'));
  const bundle = join(home, 'worker.cjs');
  await build({ ...LAMBDA_BUNDLE_OPTIONS, entryPoints: [workerEntry], outfile: bundle });
  const proxies: CountingProxy[] = [];
  let worker: ChildProcess | undefined;
  let writes = 0;
  let killAt = Number.POSITIVE_INFINITY;
  const killedAt: string[] = [];

  const runWorker = (config: object) =>
    new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done) => {
      let stderr = '';
      const child = spawn(process.execPath, [bundle], { env: { ...process.env, KILL_HARNESS_WORKER: JSON.stringify(config) }, stdio: ['ignore', 'ignore', 'pipe'] });
      worker = child;
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-6000);
      });
      child.once('close', (code, signal) => done({ code, signal, stderr }));
    });

  return {
    home,
    async proxyTo(target, service) {
      const proxy = await startCountingProxy({
        record: (call) => {
          const write = writeOf(service, call);
          if (!write) return;
          writes += 1;
          if (writes !== killAt || !worker) return;
          worker.kill('SIGKILL');
          killedAt.push(write);
        },
      });
      proxy.target = target;
      proxies.push(proxy);
      return proxy.url;
    },
    async killedUntilFinished(config, afterKill) {
      const from = killedAt.length;
      for (let round = 0; round < MAX_WORKERS; round++) {
        killAt = writes + killPoint(round);
        const exit = await runWorker(config);
        if (exit.code === 0) return killedAt.slice(from);
        if (exit.signal !== 'SIGKILL') throw new Error(`worker ${round} failed (${exit.code}):\n${exit.stderr}`);
        await afterKill?.(killedAt.at(-1)!);
      }
      throw new Error(`no worker finished; killed at ${killedAt.slice(from).join(', ')}`);
    },
    async stop() {
      worker?.kill('SIGKILL');
      await Promise.all(proxies.map((proxy) => proxy.stop()));
      await rm(home, { recursive: true, force: true });
    },
  };
}

