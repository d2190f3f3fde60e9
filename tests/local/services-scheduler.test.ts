import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  SchedulerClient,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalAwsEndpoint, type LocalAwsEndpoint } from '../../local/services/aws-endpoint';
import { LocalScheduler, type ScheduleDelivery } from '../../local/services/scheduler';

const region = 'eu-central-1';
const account = '000000000000';
const FUNCTION_ARN = `arn:aws:lambda:${region}:${account}:function:remind`;
const ROLE_ARN = `arn:aws:iam::${account}:role/scheduler`;
const DLQ_ARN = `arn:aws:sqs:${region}:${account}:schedule-dlq`;
const HOUR_SECONDS = 3600;

let dir: string;
let aws: LocalAwsEndpoint;
let scheduler: LocalScheduler;
let client: SchedulerClient;
const deliveries: (ScheduleDelivery & { at: number })[] = [];
/** Target ARNs whose next deliveries fail, with how many times. */
const failures = new Map<string, number>();

function schedulerOn(file?: string): LocalScheduler {
  return new LocalScheduler({
    region,
    account,
    clock: aws.clock,
    ...(file ? { file } : {}),
    log: () => undefined,
    deliver: async (delivery) => {
      const failing = failures.get(delivery.targetArn) ?? 0;
      if (failing > 0) {
        failures.set(delivery.targetArn, failing - 1);
        throw new Error('target unavailable');
      }
      deliveries.push({ ...delivery, at: aws.clock.now() });
    },
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kreislauf-scheduler-'));
  aws = await startLocalAwsEndpoint({ outboxDir: dir, region, account, log: () => undefined });
  scheduler = schedulerOn();
  aws.mount(scheduler.service);
  scheduler.start();
  client = new SchedulerClient({ region, endpoint: aws.endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
});

afterAll(async () => {
  client.destroy();
  scheduler.stop();
  await aws.stop();
  await rm(dir, { recursive: true, force: true });
});

/** `at()` of a platform time, in UTC. */
function at(ms: number): string {
  return `at(${new Date(ms).toISOString().slice(0, 19)})`;
}

function schedule(name: string, overrides: Partial<CreateScheduleCommandInput> = {}): CreateScheduleCommandInput {
  return {
    Name: name,
    ScheduleExpression: at(aws.clock.now() + HOUR_SECONDS * 1000),
    FlexibleTimeWindow: { Mode: 'OFF' },
    Target: { Arn: FUNCTION_ARN, RoleArn: ROLE_ARN, Input: JSON.stringify({ name }) },
    ...overrides,
  };
}

const deliveredFor = (name: string) => deliveries.filter((delivery) => delivery.scheduleArn.endsWith(`/${name}`));

describe('the local EventBridge Scheduler, through @aws-sdk/client-scheduler', () => {
  it('creates, reads and deletes a schedule', async () => {
    const { ScheduleArn } = await client.send(new CreateScheduleCommand(schedule('crud', { Description: 'first' })));

    const read = await client.send(new GetScheduleCommand({ Name: 'crud' }));
    await client.send(new DeleteScheduleCommand({ Name: 'crud' }));

    expect(ScheduleArn).toBe(`arn:aws:scheduler:${region}:${account}:schedule/default/crud`);
    expect(read).toMatchObject({ Arn: ScheduleArn, GroupName: 'default', Description: 'first', State: 'ENABLED', Target: { Arn: FUNCTION_ARN } });
    expect(read.CreationDate).toBeInstanceOf(Date);
    await expect(client.send(new GetScheduleCommand({ Name: 'crud' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('refuses a duplicate name, an invalid expression, a missing target and an unknown group as AWS does', async () => {
    await client.send(new CreateScheduleCommand(schedule('taken')));

    await expect(client.send(new CreateScheduleCommand(schedule('taken')))).rejects.toMatchObject({ name: 'ConflictException' });
    await expect(client.send(new CreateScheduleCommand(schedule('bad-rate', { ScheduleExpression: 'rate(1 hours)' })))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(
      client.send(new CreateScheduleCommand(schedule('bad-cron', { ScheduleExpression: 'cron(0 9 * * * *)' }))),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      client.send(new CreateScheduleCommand(schedule('no-role', { Target: { Arn: FUNCTION_ARN, RoleArn: undefined as unknown as string } }))),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client.send(new CreateScheduleCommand(schedule('lost', { GroupName: 'nowhere' })))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await client.send(new DeleteScheduleCommand({ Name: 'taken' }));
  });

  it('fires a one-time schedule once the clock passes its time, not before, with the context attributes filled in', async () => {
    const due = aws.clock.now() + HOUR_SECONDS * 1000;
    const scheduledTime = `${new Date(due).toISOString().slice(0, 19)}Z`;
    await client.send(
      new CreateScheduleCommand(
        schedule('one-time', {
          ScheduleExpression: at(due),
          Target: { Arn: FUNCTION_ARN, RoleArn: ROLE_ARN, Input: '{"when":"<aws.scheduler.scheduled-time>","attempt":"<aws.scheduler.attempt-number>"}' },
        }),
      ),
    );

    await aws.clock.advance(HOUR_SECONDS - 60);
    expect(deliveredFor('one-time')).toEqual([]);
    await aws.clock.advance(120);
    await aws.clock.advance(HOUR_SECONDS);

    expect(deliveredFor('one-time')).toEqual([expect.objectContaining({ targetArn: FUNCTION_ARN, input: `{"when":"${scheduledTime}","attempt":"1"}` })]);
    expect(Math.abs(deliveredFor('one-time')[0]!.at - Date.parse(scheduledTime))).toBeLessThan(1000);
    expect(await client.send(new GetScheduleCommand({ Name: 'one-time' }))).toMatchObject({ State: 'ENABLED' });
    await client.send(new DeleteScheduleCommand({ Name: 'one-time' }));
  });

  it('deletes a schedule after its last invocation when ActionAfterCompletion is DELETE', async () => {
    await client.send(new CreateScheduleCommand(schedule('self-deleting', { ActionAfterCompletion: 'DELETE' })));

    await aws.clock.advance(HOUR_SECONDS + 1);

    expect(deliveredFor('self-deleting')).toHaveLength(1);
    await expect(client.send(new GetScheduleCommand({ Name: 'self-deleting' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('fires what a jump of the clock passes in time order, each at its own time', async () => {
    const now = aws.clock.now();
    await client.send(new CreateScheduleCommand(schedule('third', { ScheduleExpression: at(now + 3 * HOUR_SECONDS * 1000) })));
    await client.send(new CreateScheduleCommand(schedule('first', { ScheduleExpression: at(now + 1 * HOUR_SECONDS * 1000) })));
    await client.send(new CreateScheduleCommand(schedule('second', { ScheduleExpression: at(now + 2 * HOUR_SECONDS * 1000) })));
    const before = deliveries.length;

    await aws.clock.advance(4 * HOUR_SECONDS);

    const fired = deliveries.slice(before);
    expect(fired.map((delivery) => JSON.parse(delivery.input).name)).toEqual(['first', 'second', 'third']);
    expect(fired[1]!.at - fired[0]!.at).toBeGreaterThanOrEqual(HOUR_SECONDS * 1000 - 1000);
    for (const name of ['first', 'second', 'third']) await client.send(new DeleteScheduleCommand({ Name: name }));
  });

  it('fires a rate schedule once for a jump over several periods, and again after the next period', async () => {
    await client.send(new CreateScheduleCommand(schedule('hourly', { ScheduleExpression: 'rate(1 hour)' })));

    await aws.clock.advance(5 * HOUR_SECONDS + 60);
    const afterJump = deliveredFor('hourly').length;
    await aws.clock.advance(HOUR_SECONDS);

    expect(afterJump).toBe(1);
    expect(deliveredFor('hourly')).toHaveLength(2);
    await client.send(new DeleteScheduleCommand({ Name: 'hourly' }));
  });

  it('fires a cron schedule at the wall-clock time of its time zone', async () => {
    await aws.clock.moveTo(Date.parse('2031-03-28T12:00:00Z'));
    await client.send(
      new CreateScheduleCommand(
        schedule('berlin-nine', {
          ScheduleExpression: 'cron(0 9 * * ? *)',
          ScheduleExpressionTimezone: 'Europe/Berlin',
          Target: { Arn: FUNCTION_ARN, RoleArn: ROLE_ARN, Input: '<aws.scheduler.scheduled-time>' },
        }),
      ),
    );

    for (let day = 0; day < 3; day++) await aws.clock.advance(24 * HOUR_SECONDS);

    // Berlin keeps CET (UTC+1) until 30 March 2031, then CEST (UTC+2).
    expect(deliveredFor('berlin-nine').map((delivery) => delivery.input)).toEqual([
      '2031-03-29T08:00:00Z',
      '2031-03-30T07:00:00Z',
      '2031-03-31T07:00:00Z',
    ]);
    await client.send(new DeleteScheduleCommand({ Name: 'berlin-nine' }));
  });

  it('does not fire a disabled schedule', async () => {
    await client.send(new CreateScheduleCommand(schedule('paused', { State: 'DISABLED' })));

    await aws.clock.advance(2 * HOUR_SECONDS);

    expect(deliveredFor('paused')).toEqual([]);
    await client.send(new DeleteScheduleCommand({ Name: 'paused' }));
  });

  it('retries a failed invocation, and sends it to the dead-letter queue once the retries are used up', async () => {
    const flakyTarget = `${FUNCTION_ARN}-flaky`;
    const brokenTarget = `${FUNCTION_ARN}-broken`;
    failures.set(flakyTarget, 1);
    failures.set(brokenTarget, 1);
    await client.send(new CreateScheduleCommand(schedule('flaky', { Target: { Arn: flakyTarget, RoleArn: ROLE_ARN, Input: '{"try":"<aws.scheduler.attempt-number>"}' } })));
    await client.send(
      new CreateScheduleCommand(
        schedule('broken', {
          Target: {
            Arn: brokenTarget,
            RoleArn: ROLE_ARN,
            Input: '{"broken":true}',
            RetryPolicy: { MaximumRetryAttempts: 0 },
            DeadLetterConfig: { Arn: DLQ_ARN },
          },
        }),
      ),
    );

    await aws.clock.advance(HOUR_SECONDS + 1);

    expect(deliveredFor('broken')).toEqual([
      expect.objectContaining({
        targetArn: DLQ_ARN,
        input: '{"broken":true}',
        messageAttributes: expect.objectContaining({
          ERROR_MESSAGE: { DataType: 'String', StringValue: 'target unavailable' },
          EXHAUSTED_RETRY_CONDITION: { DataType: 'String', StringValue: 'MaximumRetryAttempts' },
          TARGET_ARN: { DataType: 'String', StringValue: brokenTarget },
        }),
      }),
    ]);
    await vi.waitFor(() => expect(deliveredFor('flaky')).toEqual([expect.objectContaining({ targetArn: flakyTarget, input: '{"try":"2"}' })]), {
      timeout: 10_000,
      interval: 50,
    });
  });

  it('keeps schedules in its file, so a restarted scheduler still fires them', async () => {
    const file = join(dir, 'schedules.json');
    const first = schedulerOn(file);
    const unmount = aws.mount(first.service);
    await client.send(new CreateScheduleCommand(schedule('survivor')));
    unmount();

    const second = schedulerOn(file);
    second.start();
    await aws.clock.advance(HOUR_SECONDS + 1);
    second.stop();

    expect(deliveredFor('survivor')).toHaveLength(1);
  });

  it("replaces the template's schedules when the template changes, and keeps those created through the API", async () => {
    const file = join(dir, 'template-schedules.json');
    const local = schedulerOn(file);
    const unmount = aws.mount(local.service);
    const declared = (name: string) => ({ Name: name, ScheduleExpression: 'rate(1 day)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: FUNCTION_ARN, RoleArn: ROLE_ARN } });
    local.putTemplateSchedules(['nightly'], [{ ...declared('report'), GroupName: 'nightly' }, declared('sync')]);
    await client.send(new CreateScheduleCommand(schedule('by-api')));

    local.putTemplateSchedules([], [declared('sync')]);
    const kept = await Promise.all(['by-api', 'sync'].map((Name) => client.send(new GetScheduleCommand({ Name }))));
    const dropped = client.send(new GetScheduleCommand({ Name: 'report', GroupName: 'nightly' }));
    await expect(dropped).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    unmount();

    expect(kept.map((entry) => entry.Name)).toEqual(['by-api', 'sync']);
  });
});
