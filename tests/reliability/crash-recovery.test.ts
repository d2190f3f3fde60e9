import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { staffToken } from '../../local/services/local-issuer';
import { readOutbox } from '../../local/services/outbox';
import { answersFor, smartphone } from '../e2e/support';
import { processesNaming } from '../support/processes';

// The promise of DESIGN.md §9 under a crash: take-backs answered 201 are never lost. The platform
// runs as `npm start` runs it, in its own process group, which is killed with SIGKILL while every
// label request is held up at DHL (20 s, within the label function's 30 s timeout); the platform
// then starts again on the same data folder.

const ROOT = resolve(__dirname, '../..');
const TAKE_BACKS = 20;
/** Customers requesting at the same time; each asks for a quote, then for the take-back. */
const CUSTOMERS_AT_ONCE = 2;
/** How long the issue gives the restarted platform to finish every take-back. */
const RECOVERY_MS = 120_000;

interface RunningPlatform {
  child: ChildProcess;
  apiUrl: string;
  /** The end of what the platform printed, for the failure message. */
  output(): string;
}

/** Starts `tsx local/start.ts` as the leader of a new process group and waits for its API. */
function startPlatform(home: string, env: Record<string, string>): Promise<RunningPlatform> {
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['local/start.ts'], {
    cwd: ROOT,
    detached: true,
    // The test polls 20 take-backs at once: the customer routes' throttle is raised as in the e2e suite.
    // The test uses the take-back flow's few functions; the others are not loaded ahead.
    env: { ...process.env, PORT: '0', KREISLAUF_HOME: home, KREISLAUF_THROTTLE_SCALE: '100', KREISLAUF_WARM_FUNCTIONS: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((done, fail) => {
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      // The address the ready platform prints (`  API   http://…`), after its "ready in" line.
      const ready = /Kreislauf is running \(ready in[^]*?\n\s+API\s+(http:\/\/\S+)/.exec(output);
      if (ready) done({ child, apiUrl: ready[1]!, output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => fail(new Error(`the platform exited (${code ?? signal}) before it was ready:\n${output}`)));
  });
}

/** kill -9 of the whole process group, as a crashing machine or an OOM killer would. */
function killGroup(platform: RunningPlatform): Promise<void> {
  const exited = new Promise<void>((done) => {
    if (platform.child.exitCode !== null || platform.child.signalCode !== null) done();
    else platform.child.once('exit', () => done());
  });
  try {
    process.kill(-platform.child.pid!, 'SIGKILL');
  } catch {
    // The group is gone already.
  }
  return exited;
}

async function json(url: string, init?: RequestInit): Promise<{ status: number; body: any }> {
  const response = await fetch(url, init);
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}

/**
 * A quote and a take-back on it. A take-back that answers 5xx is reported to `serverErrors` (with
 * the platform's log) and retried once with the same key, as clients are told to, so that the crash
 * is still tested; the test fails on the report at its end.
 */
async function requestTakeBack(apiUrl: string, log: () => string, serverErrors: string[]): Promise<{ id: string; trackingToken: string }> {
  const quote = await json(`${apiUrl}/v1/brands/demo/quotes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sku: smartphone.sku, answers: answersFor(smartphone.category) }),
  });
  if (quote.status !== 201) throw new Error(`quote: ${quote.status} ${JSON.stringify(quote.body)}\n${log().slice(-6000)}`);
  const takeBack = {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({
      quoteId: quote.body.quoteId,
      customer: { name: 'Erika Mustermann', email: `erika.${randomUUID().slice(0, 8)}@example.org`, locale: 'de' },
      address: { street: 'Hauptstraße', houseNumber: '5', postalCode: '10115', city: 'Berlin', country: 'DE' },
      payout: { method: 'VOUCHER' },
    }),
  };
  let created = await json(`${apiUrl}/v1/brands/demo/take-backs`, takeBack);
  if (created.status >= 500) {
    serverErrors.push(`take-back answered ${created.status} before the crash: ${JSON.stringify(created.body)}\n${log().slice(-6000)}`);
    await new Promise((wait) => setTimeout(wait, 1000));
    created = await json(`${apiUrl}/v1/brands/demo/take-backs`, takeBack);
  }
  if (created.status !== 201) throw new Error(`take-back: ${created.status} ${JSON.stringify(created.body)}\n${log().slice(-6000)}`);
  return created.body;
}

describe('a crash of the whole platform', () => {
  let home = '';
  const running: RunningPlatform[] = [];

  afterAll(async () => {
    for (const platform of running) await killGroup(platform);
    // A child that outlived its group (it should not) is ended here, so no JVM is left behind.
    if (home) {
      for (const pid of processesNaming(home)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone meanwhile.
        }
      }
      await rm(home, { recursive: true, force: true });
    }
  });

  it('loses no take-back that was answered 201: after a restart each gets one label and one e-mail', async () => {
    home = await mkdtemp(join(tmpdir(), 'kreislauf-crash-'));
    const serverErrors: string[] = [];
    // The run's synthesized app, which `npm start` finds up to date in its home as a second start
    // does: the crash, not the synthesis, is what is tested here.
    await cp(inject('assemblyDir'), join(home, 'cdk.out'), { recursive: true });
    // DHL holds every label request for a while, so the crash hits them in flight.
    const first = await startPlatform(home, { DHL_SANDBOX_FAULTS: JSON.stringify({ latencyMs: 20_000 }) });
    running.push(first);
    // Two at a time: all 20 at once made the running quote and take-back handlers share the 2 cores
    // with each other and the rest of the suite, and in a busy CI run some took longer than their
    // 10 s timeout and answered 500. Two at a time still answers all 20 within DHL's 20 s hold.
    const takeBacks: { id: string; trackingToken: string; answeredAt: number }[] = [];
    let requested = 0;
    await Promise.all(
      Array.from({ length: CUSTOMERS_AT_ONCE }, async () => {
        while (requested < TAKE_BACKS) {
          requested++;
          takeBacks.push({ ...(await requestTakeBack(first.apiUrl, first.output, serverErrors)), answeredAt: Date.now() });
        }
      }),
    );
    // DHL answers none of them within 20 s, so those answered since are certainly without a label.
    const inFlight = takeBacks.filter(({ answeredAt }) => Date.now() - answeredAt < 15_000);
    expect(inFlight.length).toBeGreaterThan(0);

    await killGroup(first);
    // DynamoDB Local's JVM was in the group too: nothing of the first run may outlive it.
    for (let tries = 0; tries < 50 && processesNaming(home).length > 0; tries++) await new Promise((wait) => setTimeout(wait, 100));
    expect(processesNaming(home)).toEqual([]);

    const second = await startPlatform(home, {});
    running.push(second);
    const deadline = Date.now() + RECOVERY_MS;
    const read = (takeBack: { id: string; trackingToken: string }) =>
      json(`${second.apiUrl}/v1/take-backs/${takeBack.id}?token=${encodeURIComponent(takeBack.trackingToken)}`).then((answer) =>
        answer.status === 200 ? answer.body : { id: takeBack.id, status: `HTTP ${answer.status}`, timeline: [], answer: answer.body },
      );
    const finished = (passport: any) =>
      passport.status === 'NEEDS_ATTENTION' ||
      (passport.status === 'LABEL_CREATED' && passport.timeline.some((event: { type: string }) => event.type === 'LabelEmailSent'));
    // Until the restarted platform takes over the claims the killed one held (60 s), little moves:
    // each round reads only the take-backs not finished yet, every 2 s. Every GET runs a function
    // and DynamoDB Local: reading all 20 every second made this test take 52 s of CPU instead of 37 s
    // (run alone, 5 December 2026), CPU the rest of the suite runs short of on 2 cores.
    let waiting = takeBacks;
    while (waiting.length > 0 && Date.now() < deadline) {
      const passports = await Promise.all(waiting.map(read));
      waiting = waiting.filter((_, index) => !finished(passports[index]));
      if (waiting.length > 0) await new Promise((wait) => setTimeout(wait, 2000));
    }
    // All of them once more, read after the last one finished: a second label or e-mail would show here.
    const passports = await Promise.all(takeBacks.map(read));

    const outbox = await readOutbox(join(home, 'outbox'));
    const summary = passports.map((passport) => ({
      id: passport.id,
      status: passport.status,
      labels: passport.timeline.filter((event: { type: string }) => event.type === 'LabelCreated').length,
      labelEmails: outbox.filter((message) => message.tags.passport === passport.id && message.tags.template === 'label').length,
      reason: passport.attention?.reason,
      ...(passport.answer ? { answer: passport.answer } : {}),
    }));
    // The label's cost is booked when its parcel is received (DHL bills a return label once it is posted): none before,
    // and once per label whatever was killed, its parcel scanned twice at once.
    const ops = { authorization: `Bearer ${await staffToken(home, { brand: 'demo', roles: ['ops'] })}` };
    const labelLines = async () => {
      const ledgers = await Promise.all(summary.map(({ id }) => json(`${second.apiUrl}/v1/passports/${id}`, { headers: ops })));
      return ledgers.map(({ body }) => (body.ledger ?? []).filter((line: { kind: string }) => line.kind === 'LABEL').length);
    };
    expect(await labelLines()).toEqual(summary.map(() => 0));
    const scans = await Promise.all(
      summary
        .filter(({ labels }) => labels === 1)
        .flatMap(({ id }) => [1, 2].map(() => json(`${second.apiUrl}/v1/passports/${id}/receipt`, { method: 'POST', headers: { ...ops, 'content-type': 'application/json' }, body: '{}' }))),
    );
    expect(scans.map(({ status }) => status)).toEqual(scans.map(() => 200));
    expect(await labelLines()).toEqual(summary.map(({ labels }) => labels));
    const log = second.output().slice(-6000);
    for (const passport of summary) {
      if (passport.status === 'NEEDS_ATTENTION') {
        expect(passport, 'a take-back that needs a person says why').toMatchObject({ reason: expect.any(String), labels: 0, labelEmails: 0 });
      } else {
        expect(passport, log).toMatchObject({ status: 'LABEL_CREATED', labels: 1, labelEmails: 1 });
      }
    }
    // As strict as ever: no take-back may answer 5xx, before the crash either.
    expect(serverErrors).toEqual([]);
  });
});
