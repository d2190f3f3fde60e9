import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { WEB_DIST } from '../infra/web-build';
import { format, machine, table } from './report';

const ROOT = resolve(import.meta.dirname, '..');
// The banner `local/start.ts` prints once seeding is done, not the local cloud's own line before it.
const READY = 'Kreislauf is running (ready in';
const START_TIMEOUT_MS = 240_000;

interface StartRun {
  readyMs: number;
  /** The first API request after ready that runs a function (the demo catalog). */
  firstRequestMs: number;
  /** The progress lines `npm start` printed, with the time each came. */
  lines: { atMs: number; line: string }[];
}

/** Starts `tsx local/start.ts` (what `npm start` runs), times it to ready and one request, and stops it. */
async function startOnce(home: string, port: number): Promise<StartRun> {
  const began = performance.now();
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['local/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), KREISLAUF_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const lines: StartRun['lines'] = [];
  try {
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`npm start was not ready within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      child.once('exit', (code) => fail(new Error(`npm start exited with ${code}: ${lines.map((l) => l.line).join('\n')}`)));
      createInterface({ input: child.stderr }).on('line', (line) => lines.push({ atMs: performance.now() - began, line }));
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.startsWith('· ') || line.includes(READY)) lines.push({ atMs: performance.now() - began, line: line.trim() });
        if (line.includes(READY)) {
          clearTimeout(timer);
          ready();
        }
      });
    });
    const readyMs = performance.now() - began;
    const requested = performance.now();
    const response = await fetch(`http://localhost:${port}/v1/brands/demo/catalog`);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`the catalog answered ${response.status}`);
    return { readyMs, firstRequestMs: performance.now() - requested, lines };
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
    await Promise.race([exited, new Promise((done) => setTimeout(done, 20_000))]);
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
  }
}

/**
 * Makes one request to a server of its own, so that the first request timed is the platform's time
 * alone: Node.js loads its HTTP client with the first `fetch` of a process, about 40 ms on the
 * 2-core machine, which a client such as curl does not pay.
 */
async function loadHttpClient(): Promise<void> {
  const server = createServer((_, response) => response.end()).listen(0, '127.0.0.1');
  await new Promise((listening) => server.once('listening', listening));
  try {
    const { port } = server.address() as { port: number };
    await (await fetch(`http://127.0.0.1:${port}/`)).arrayBuffer();
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

/**
 * Part `start`: `npm start` from an empty data folder (cold: synthesis, bundling, the web app's
 * build, DynamoDB Local from nothing, seeding) and again on the same folder (warm), each to "Kreislauf is running" and
 * one request through a cold function.
 */
export async function benchStart(options: { home: string; port: number }): Promise<{ markdown: string }> {
  rmSync(options.home, { recursive: true, force: true });
  // Cold is the first start after `npm ci`: no function bundles and no web app built yet either.
  rmSync(join(ROOT, '.build', 'functions-local'), { recursive: true, force: true });
  rmSync(WEB_DIST, { recursive: true, force: true });
  await loadHttpClient();
  const cold = await startOnce(options.home, options.port);
  const warm = await startOnce(options.home, options.port);
  // CDK prints one "Bundling asset" line per function: shown as one line with the first and last time.
  const progress = (run: StartRun) => {
    const bundling = run.lines.filter(({ line }) => line.startsWith('Bundling asset'));
    const others = run.lines.filter(({ line }) => !line.startsWith('Bundling asset'));
    const shown = bundling.length > 0
      ? [{ atMs: bundling[0]!.atMs, line: `${bundling.length} × "Bundling asset …" until ${format.s(bundling.at(-1)!.atMs)}` }, ...others]
      : others;
    return shown.sort((a, b) => a.atMs - b.atMs).map(({ atMs, line }) => `    ${format.s(atMs).padStart(7)}  ${line}`).join('\n');
  };
  const markdown = [
    '## `npm start`',
    '',
    machine(),
    '',
    'Time from spawning `tsx local/start.ts` (what `npm start` runs, with `PORT` and a new `KREISLAUF_HOME`) to its',
    '"Kreislauf is running" line; then one `GET /v1/brands/demo/catalog`, the first request, which starts a function',
    "(on a new connection, the bench's HTTP client loaded before: its first load is not the platform's time).",
    'Cold: an empty data folder, no function bundles and no web app built (the first start after `npm ci`); warm: the second start on the same folder. Targets (issue 8):',
    'cold ≤ 15 s, warm ≤ 5 s, first request ≤ 300 ms.',
    '',
    table(
      ['start', 'ready', 'first request'],
      [
        ['cold', format.s(cold.readyMs), format.ms(cold.firstRequestMs)],
        ['warm', format.s(warm.readyMs), format.ms(warm.firstRequestMs)],
      ],
    ),
    '',
    'Progress lines of the cold start:',
    '',
    progress(cold),
    '',
    'Of the warm start:',
    '',
    progress(warm),
  ].join('\n');
  return { markdown };
}
