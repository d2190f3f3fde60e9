import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LambdaError } from '../../local/runtime/lambda-pool';
import { createLogger } from '../../local/runtime/log';
import { definitionHash, StateMachines, type StateMachineSpec } from '../../local/runtime/state-machines';

const FUNCTION_ARN = 'arn:aws:lambda:eu-central-1:000000000000:function:stack-Label';

function spec(definition: Record<string, unknown>): StateMachineSpec {
  return {
    logicalId: 'LabelFlow1234',
    name: 'stack-LabelFlow',
    arn: 'arn:aws:states:eu-central-1:000000000000:stateMachine:stack-LabelFlow',
    roleArn: 'arn:aws:iam::000000000000:role/flow',
    definition,
  };
}

describe('StateMachines', () => {
  let machines: StateMachines | undefined;
  afterEach(async () => {
    await machines?.stop();
    machines = undefined;
  });

  function start(
    definition: Record<string, unknown>,
    invoke: (ref: string, payload: unknown) => Promise<unknown>,
    timeScale = 0.001,
    onTransition?: (stateMachine: string, state: string) => void,
  ): StateMachines {
    machines = new StateMachines([spec(definition)], {
      region: 'eu-central-1',
      account: '000000000000',
      invoke,
      timeScale,
      log: createLogger(true),
      ...(onTransition ? { onTransition } : {}),
    });
    return machines;
  }

  it('gives a lambda:invoke task the payload and returns the result under Payload, like AWS', async () => {
    const calls: [string, unknown][] = [];
    const flow = start(
      {
        StartAt: 'CreateLabel',
        States: {
          CreateLabel: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: FUNCTION_ARN, 'Payload.$': '$.order' },
            End: true,
          },
        },
      },
      async (ref, payload) => {
        calls.push([ref, payload]);
        return { labelId: 'L-1' };
      },
    );

    const { executionArn } = flow.startExecution('LabelFlow1234', { order: { id: 'o-1' } }, 'first');
    const execution = await flow.waitForExecution(executionArn);

    expect(calls).toEqual([[FUNCTION_ARN, { id: 'o-1' }]]);
    expect(execution).toMatchObject({
      executionArn: 'arn:aws:states:eu-central-1:000000000000:execution:stack-LabelFlow:first',
      status: 'SUCCEEDED',
      input: { order: { id: 'o-1' } },
      output: { Payload: { labelId: 'L-1' }, StatusCode: 200, ExecutedVersion: '$LATEST' },
    });
    expect(execution.stopDate).toBeInstanceOf(Date);
  });

  it('retries a function error by its errorType, then catches it with the Lambda error document as cause', async () => {
    let attempts = 0;
    const flow = start(
      {
        StartAt: 'CreateLabel',
        States: {
          CreateLabel: {
            Type: 'Task',
            Resource: FUNCTION_ARN,
            Retry: [
              { ErrorEquals: ['States.Timeout'], MaxAttempts: 5 },
              { ErrorEquals: ['CarrierUnavailable'], IntervalSeconds: 600, MaxAttempts: 2, BackoffRate: 2 },
            ],
            Catch: [{ ErrorEquals: ['CarrierUnavailable'], ResultPath: '$.failure', Next: 'NeedsAttention' }],
            End: true,
          },
          NeedsAttention: { Type: 'Pass', End: true },
        },
      },
      async () => {
        attempts++;
        throw new LambdaError('CarrierUnavailable', 'DHL answered 503');
      },
      0.0001,
    );

    const { executionArn } = flow.startExecution('stack-LabelFlow', { id: 'o-2' });
    const execution = await flow.waitForExecution(executionArn);

    expect(attempts).toBe(3);
    expect(execution.status).toBe('SUCCEEDED');
    const failure = (execution.output as { failure: { Error: string; Cause: string } }).failure;
    expect(failure.Error).toBe('CarrierUnavailable');
    expect(JSON.parse(failure.Cause)).toMatchObject({ errorType: 'CarrierUnavailable', errorMessage: 'DHL answered 503' });
  });

  it('fails the execution with the error and cause of an error nothing catches', async () => {
    const flow = start(
      { StartAt: 'CreateLabel', States: { CreateLabel: { Type: 'Task', Resource: FUNCTION_ARN, End: true } } },
      async () => {
        throw new LambdaError('ValidationError', 'address is incomplete');
      },
    );

    const { executionArn } = flow.startExecution('LabelFlow1234', {});
    const execution = await flow.waitForExecution(executionArn);

    expect(execution).toMatchObject({ status: 'FAILED', error: 'ValidationError' });
    expect(execution.cause).toContain('address is incomplete');
  });

  it('refuses a second execution with the same name as ExecutionAlreadyExists', () => {
    const flow = start({ StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } }, async () => null);

    flow.startExecution('LabelFlow1234', {}, 'once');

    expect(() => flow.startExecution('LabelFlow1234', {}, 'once')).toThrow(expect.objectContaining({ name: 'ExecutionAlreadyExists' }));
  });

  it('lists executions newest first and describes a running one as RUNNING', async () => {
    const flow = start(
      { StartAt: 'Pause', States: { Pause: { Type: 'Wait', Seconds: 3600, End: true } } },
      async () => null,
    );

    flow.startExecution('LabelFlow1234', { n: 1 }, 'older');
    flow.startExecution('LabelFlow1234', { n: 2 }, 'newer');

    expect(flow.listExecutions('LabelFlow1234').map((execution) => [execution.name, execution.status])).toEqual([
      ['newer', 'RUNNING'],
      ['older', 'RUNNING'],
    ]);
  });

  it('scales Wait states with the time scale', async () => {
    const flow = start(
      { StartAt: 'Pause', States: { Pause: { Type: 'Wait', Seconds: 36_000, End: true } } },
      async () => null,
      0.00001,
    );

    const { executionArn } = flow.startExecution('LabelFlow1234', { waited: true });

    await expect(flow.waitForExecution(executionArn)).resolves.toMatchObject({ status: 'SUCCEEDED', output: { waited: true } });
  });

  it('tells the transition counter of every state entered and every retry, as Standard workflows bill them', async () => {
    const transitions: string[] = [];
    let attempts = 0;
    const flow = start(
      {
        StartAt: 'CreateLabel',
        States: {
          CreateLabel: {
            Type: 'Task',
            Resource: FUNCTION_ARN,
            Retry: [{ ErrorEquals: ['CarrierUnavailable'], IntervalSeconds: 1, MaxAttempts: 1 }],
            Next: 'Done',
          },
          Done: { Type: 'Pass', End: true },
        },
      },
      async () => {
        attempts++;
        if (attempts === 1) throw new LambdaError('CarrierUnavailable', 'DHL answered 503');
        return {};
      },
      0.001,
      (stateMachine, state) => transitions.push(`${stateMachine}:${state}`),
    );

    await flow.waitForExecution(flow.startExecution('stack-LabelFlow', {}).executionArn);

    await expect.poll(() => transitions).toEqual(['stack-LabelFlow:CreateLabel', 'stack-LabelFlow:CreateLabel', 'stack-LabelFlow:Done']);
  });

  describe("with Step Functions' payload quota of 256 KiB", () => {
    // `{"note":""}` is 11 bytes; 'ü' is two bytes in UTF-8, so a note of 131,067 of them makes 262,145.
    const atQuota = { note: 'x'.repeat(262_133) };
    const overQuota = { note: 'ü'.repeat(131_067) };
    const half = 'x'.repeat(140_000);

    it('refuses an execution input over the quota in UTF-8 bytes as ValidationException, and starts one at the quota', async () => {
      const flow = start({ StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } }, async () => null);

      expect(() => flow.startExecution('LabelFlow1234', overQuota, 'too-large')).toThrow(expect.objectContaining({ name: 'ValidationException' }));
      const { executionArn } = flow.startExecution('LabelFlow1234', atQuota, 'at-quota');

      await expect(flow.waitForExecution(executionArn)).resolves.toMatchObject({ status: 'SUCCEEDED' });
      expect(flow.listExecutions('LabelFlow1234').map((execution) => execution.name)).toEqual(['at-quota']);
    });

    it('fails the execution when a function returns more than the quota, though ResultPath drops it, and neither Retry nor Catch on States.ALL takes the error', async () => {
      let calls = 0;
      const flow = start(
        {
          StartAt: 'CreateLabel',
          States: {
            CreateLabel: {
              Type: 'Task',
              Resource: FUNCTION_ARN,
              ResultPath: null,
              Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 3 }],
              Catch: [{ ErrorEquals: ['States.ALL'], Next: 'NeedsAttention' }],
              End: true,
            },
            NeedsAttention: { Type: 'Pass', End: true },
          },
        },
        async () => {
          calls++;
          return overQuota;
        },
      );

      const execution = await flow.waitForExecution(flow.startExecution('LabelFlow1234', { passportId: 'P-1' }).executionArn);

      expect(execution).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
      expect(execution.cause).toContain(`'${FUNCTION_ARN}' returned a result with a size exceeding`);
      expect(calls).toBe(1);
    });

    it('hands a result over the quota to a Catch that names States.DataLimitExceeded', async () => {
      const flow = start(
        {
          StartAt: 'CreateLabel',
          States: {
            CreateLabel: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Parameters: { FunctionName: FUNCTION_ARN, 'Payload.$': '$' },
              Catch: [{ ErrorEquals: ['States.DataLimitExceeded'], ResultPath: '$.failure', Next: 'TooLarge' }],
              End: true,
            },
            TooLarge: { Type: 'Pass', End: true },
          },
        },
        async () => overQuota,
      );

      const execution = await flow.waitForExecution(flow.startExecution('LabelFlow1234', { passportId: 'P-1' }).executionArn);

      expect(execution.status).toBe('SUCCEEDED');
      expect(execution.output).toMatchObject({ passportId: 'P-1', failure: { Error: 'States.DataLimitExceeded' } });
      expect((execution.output as { failure: { Cause: string } }).failure.Cause).toContain("'lambda' returned a result");
    });

    it('fails a task whose parameters are over the quota without invoking its function', async () => {
      let calls = 0;
      const flow = start(
        {
          StartAt: 'CreateLabel',
          States: {
            CreateLabel: { Type: 'Task', Resource: FUNCTION_ARN, Parameters: { 'front.$': '$.note', 'back.$': '$.note' }, End: true },
          },
        },
        async () => {
          calls++;
          return {};
        },
      );

      const execution = await flow.waitForExecution(flow.startExecution('LabelFlow1234', { note: half }).executionArn);

      expect(execution).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
      expect(execution.cause).toContain("'CreateLabel' provided parameters with a size exceeding");
      expect(calls).toBe(0);
    });

    it("fails the execution when a state's output is over the quota, before the next state runs and whatever the state's Catch", async () => {
      const calls: string[] = [];
      const flow = start(
        {
          StartAt: 'CreateLabel',
          States: {
            CreateLabel: {
              Type: 'Task',
              Resource: FUNCTION_ARN,
              Parameters: { step: 'label' },
              ResultPath: '$.label',
              Catch: [{ ErrorEquals: ['States.DataLimitExceeded'], Next: 'SendEmail' }, { ErrorEquals: ['States.ALL'], Next: 'SendEmail' }],
              Next: 'SendEmail',
            },
            SendEmail: { Type: 'Task', Resource: FUNCTION_ARN, Parameters: { step: 'email' }, End: true },
          },
        },
        async (_ref, payload) => {
          calls.push((payload as { step: string }).step);
          return { pdf: half };
        },
      );

      const execution = await flow.waitForExecution(flow.startExecution('LabelFlow1234', { note: half }).executionArn);

      expect(execution).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
      expect(execution.cause).toContain("'CreateLabel' returned a result with a size exceeding");
      expect(calls).toEqual(['label']);
    });
  });

  it('describes an unknown execution as ExecutionDoesNotExist', () => {
    const flow = start({ StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } }, async () => null);

    expect(() => flow.describeExecution('arn:aws:states:eu-central-1:000000000000:execution:stack-LabelFlow:nope')).toThrow(
      expect.objectContaining({ name: 'ExecutionDoesNotExist' }),
    );
  });
});

describe('StateMachines with a journal', () => {
  const definition = {
    StartAt: 'CreateLabel',
    States: { CreateLabel: { Type: 'Task', Resource: FUNCTION_ARN, End: true } },
  };

  it('runs an execution a stop cut short again on the next start, under its name and with its input', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kreislauf-executions-'));
    const options = { region: 'eu-central-1', account: '000000000000', log: createLogger(true), journalFile: join(dir, 'executions.json') };
    const first = new StateMachines([spec(definition)], { ...options, invoke: () => new Promise(() => undefined) });
    first.startExecution('LabelFlow1234', { passportId: 'P-1' }, 'label-P-1');
    await first.stop();

    const calls: unknown[] = [];
    const second = new StateMachines([spec(definition)], {
      ...options,
      invoke: async (_ref, payload) => {
        calls.push(payload);
        return { shipmentNo: '1' };
      },
    });
    second.resumeInterrupted();
    const [execution] = second.listExecutions('LabelFlow1234');
    const finished = await second.waitForExecution(execution!.executionArn);
    const third = new StateMachines([spec(definition)], { ...options, invoke: async () => ({}) });
    third.resumeInterrupted();
    await rm(dir, { recursive: true, force: true });

    expect(calls).toEqual([{ passportId: 'P-1' }]);
    expect(finished).toMatchObject({ name: 'label-P-1', status: 'SUCCEEDED', input: { passportId: 'P-1' } });
    expect(third.listExecutions('LabelFlow1234')).toEqual([]);
  });

  it('validates a definition until it passed once: one recorded as passed is taken unchecked, a changed one is checked again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kreislauf-validated-'));
    const validatedFile = join(dir, 'validated-state-machines.json');
    const options = { region: 'eu-central-1', account: '000000000000', log: createLogger(true), invoke: async () => ({}), validatedFile };
    const broken = { Comment: randomUUID(), StartAt: 'Check', States: { Check: { Type: 'Pass', Next: 'Missing' } } };
    const passing = { Comment: randomUUID(), StartAt: 'Check', States: { Check: { Type: 'Pass', End: true } } };

    expect(() => new StateMachines([spec(broken)], options)).toThrow(/^state machine LabelFlow1234: State machine definition is invalid/);
    const nothingRecorded = existsSync(validatedFile);
    await writeFile(validatedFile, JSON.stringify([definitionHash(broken)]));
    const takenUnchecked = new StateMachines([spec(broken)], options);
    await takenUnchecked.stop();
    await writeFile(validatedFile, JSON.stringify([definitionHash(passing)]));
    const changed = { ...passing, States: { Check: { Type: 'Pass', Next: 'Missing' } } };
    expect(() => new StateMachines([spec(changed)], options)).toThrow(/State machine definition is invalid/);
    const another = { ...passing, Comment: randomUUID() };
    const recorded = new StateMachines([spec(another)], options);
    await recorded.stop();
    const hashes: unknown = JSON.parse(await readFile(validatedFile, 'utf8'));
    await rm(dir, { recursive: true, force: true });

    expect(nothingRecorded).toBe(false);
    // What the last start ran and validated; the machine it no longer has is forgotten.
    expect(hashes).toEqual([definitionHash(another)]);
  });
});
