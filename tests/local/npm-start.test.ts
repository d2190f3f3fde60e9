import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalPlatform } from '../../local/platform';
import { bootDynamoDbLocal } from '../../local/services/dynamodb-local';
import { dynamoDbJvms, isAlive, processesNaming } from '../support/processes';

const ROOT = resolve(__dirname, '../..');
const folders: string[] = [];
/** Process groups of the starts this file made, killed at its end whatever a test left running. */
const groups: number[] = [];

async function aFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'kreislauf-npm-start-'));
  folders.push(folder);
  return folder;
}

afterAll(async () => {
  for (const group of groups) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe('npm start', () => {
  it("loads the rest of the platform only once DynamoDB Local's JVM runs, so that the JVM boots meanwhile", async () => {
    const home = await aFolder();
    const hook = join(ROOT, 'tests/local/fixtures/report-jvm-at-platform-load.mjs');
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['local/start.ts'], {
      cwd: ROOT,
      detached: true,
      env: { ...process.env, PORT: '0', KREISLAUF_HOME: home, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(hook).href}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    groups.push(child.pid!);
    let output = '';
    const report = await new Promise<string>((done, fail) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const line = /loading local\/platform\.ts; DynamoDB Local running: (\w+)/.exec(output);
        if (line) done(line[1]!);
        else if (output.includes('Kreislauf is running')) fail(new Error(`the platform started without the hook's report:\n${output}`));
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code, signal) => fail(new Error(`npm start exited (${code ?? signal}) before it loaded the platform:\n${output}`)));
    });
    process.kill(-child.pid!, 'SIGKILL');
    expect(report, output).toBe('true');
    // The JVM was in the killed group: none is left behind.
    for (let tries = 0; tries < 50 && processesNaming(home).length > 0; tries++) await sleep(100);
    expect(processesNaming(home)).toEqual([]);
  });

  it('stops the DynamoDB Local it was given when it cannot start', async () => {
    const before = await dynamoDbJvms(process.pid);
    const { ready } = await bootDynamoDbLocal();
    const [jvm] = (await dynamoDbJvms(process.pid)).filter((pid) => !before.includes(pid));
    expect(jvm).toBeDefined();
    // A home under a file cannot be made: the platform fails before it starts any service.
    const file = join(await aFolder(), 'a-file');
    await writeFile(file, '');
    await expect(startLocalPlatform({ home: join(file, 'home'), port: 0, ephemeral: true, quiet: true, dynamodb: ready })).rejects.toThrow(/ENOTDIR/);
    expect(isAlive(jvm!)).toBe(false);
  });
});
