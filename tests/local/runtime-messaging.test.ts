import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { CreateScheduleCommand, GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { DescribeExecutionCommand, ListExecutionsCommand, ListStateMachinesCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalCloud, type LocalCloudHandle, type LocalCloudOptions } from '../../local/runtime/local-cloud';
import { startLocalAwsEndpoint, type LocalAwsEndpoint } from '../../local/services/aws-endpoint';
import { LocalIssuer, type IssuerConfig, type StaffTokenClaims } from '../../local/services/local-issuer';
import { synthesizeMessagingFixture } from './fixtures/messaging-app';

const region = 'eu-central-1';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const DAY_SECONDS = 86_400;

type Result = { kind: string; id?: string; marker?: string; receiveCount?: number; origin?: string; scheduledTime?: string; firedAt?: number };

describe('the local cloud with JWT authorizers, queues, schedules and the platform clock', () => {
  let dir: string;
  let aws: LocalAwsEndpoint;
  let options: LocalCloudOptions;
  let cloud: LocalCloudHandle;
  let issuer: LocalIssuer;
  let issuerConfig: IssuerConfig;
  let sqs: SQSClient;
  const seen: Result[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'runtime-messaging-'));
    const assemblyDir = synthesizeMessagingFixture(join(dir, 'cdk.out'));
    aws = await startLocalAwsEndpoint({ outboxDir: join(dir, 'outbox'), region, account: '000000000000', log: () => undefined });
    issuer = LocalIssuer.open(join(dir, 'home'));
    // The stack has no table or bucket, so nothing ever calls these endpoints.
    const unused = 'http://127.0.0.1:9';
    options = {
      assemblyDir,
      port: 0,
      stateDir: join(dir, 'state'),
      endpoints: { dynamodb: unused, s3: unused, aws },
      jwks: issuer.jwks(),
      quiet: true,
    };
    cloud = await startLocalCloud(options);
    const [authorizer] = cloud.jwtAuthorizers();
    issuerConfig = { issuer: authorizer!.issuer, audience: authorizer!.audience[0]! };
    sqs = new SQSClient({ region, endpoint: aws.endpoint, credentials });
  });

  afterAll(async () => {
    sqs?.destroy();
    await cloud?.stop();
    await aws?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** Moves everything the functions reported from the results queue into `seen`. */
  async function collectResults(): Promise<Result[]> {
    const QueueUrl = cloud.physicalId('Results');
    for (;;) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
      if (Messages.length === 0) return seen;
      for (const message of Messages) {
        seen.push(JSON.parse(message.Body!) as Result);
        await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
      }
    }
  }

  function eventually(matches: (result: Result) => boolean): Promise<Result> {
    return vi.waitFor(
      async () => {
        const found = (await collectResults()).find(matches);
        expect(found).toBeDefined();
        return found!;
      },
      { timeout: 20_000, interval: 50 },
    );
  }

  function queueArn(constructId: string): string {
    return cloud.resources('AWS::SQS::Queue').find((queue) => queue.physicalId === cloud.physicalId(constructId))!.arn;
  }

  function token(claims: Partial<StaffTokenClaims> = {}, config: Partial<IssuerConfig> = {}, signer = issuer): Promise<string> {
    return signer.signIdToken(
      { brand: 'demo', roles: ['ops', 'analyst'], issuedAt: new Date(cloud.clock.now()), ...claims },
      { ...issuerConfig, ...config },
    );
  }

  function staffMe(authorization: string | undefined, marker: string): Promise<Response> {
    return fetch(`${cloud.apiUrl}/staff/me`, {
      headers: { 'x-marker': marker, ...(authorization !== undefined ? { authorization } : {}) },
    });
  }

  it('resolves the authorizer to the user pool issuer and client audience of the template', () => {
    expect(issuerConfig.issuer).toMatch(/^https:\/\/cognito-idp\.eu-central-1\.amazonaws\.com\/eu-central-1_[A-Za-z0-9]{9}$/);
    expect(issuerConfig.audience).toBe(cloud.resources('AWS::Cognito::UserPoolClient')[0]?.physicalId);
    expect(issuerConfig.audience).toMatch(/^[a-z0-9]{26}$/);
  });

  it("passes a valid token's claims to the function the way API Gateway renders them", async () => {
    const response = await staffMe(`Bearer ${await token({ subject: 'staff-7' })}`, 'valid-claims');

    expect(response.status).toBe(200);
    const { jwt } = (await response.json()) as { jwt: { claims: Record<string, string>; scopes: unknown } };
    expect(jwt.claims).toMatchObject({
      sub: 'staff-7',
      'custom:brand': 'demo',
      'cognito:groups': '[ops analyst]',
      token_use: 'id',
      email_verified: 'true',
      iss: issuerConfig.issuer,
      aud: issuerConfig.audience,
    });
    expect(jwt.claims.exp).toMatch(/^\d+$/);
    expect(jwt.scopes).toBeNull();
  });

  it('answers 401 Unauthorized without invoking the function for a missing, garbage, expired, foreign or wrongly addressed token', async () => {
    const stranger = LocalIssuer.open(join(dir, 'stranger'));
    const twoHoursAgo = new Date(cloud.clock.now() - 2 * 3600_000);
    const attempts: [string, string | undefined][] = [
      ['missing', undefined],
      ['garbage', 'Bearer not.a.jwt'],
      ['expired', `Bearer ${await token({ issuedAt: twoHoursAgo })}`],
      ['wrong-audience', `Bearer ${await token({}, { audience: 'another-client' })}`],
      ['wrong-issuer', `Bearer ${await token({}, { issuer: 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_other' })}`],
      ['foreign-key', `Bearer ${await token({}, {}, stranger)}`],
    ];

    for (const [marker, authorization] of attempts) {
      const response = await staffMe(authorization, marker);
      expect({ marker, status: response.status, body: await response.json() }).toEqual({
        marker,
        status: 401,
        body: expect.objectContaining({ title: 'Unauthorized', status: 401 }),
      });
    }
    const wrongAudience = await staffMe(attempts[3]![1], 'wrong-audience');
    expect(wrongAudience.headers.get('www-authenticate')).toContain('error_description="the token does not have a valid audience"');

    expect((await staffMe(await token(), 'accepted')).status).toBe(200);
    await eventually((result) => result.marker === 'accepted');
    const refusedMarkers = new Set(attempts.map(([marker]) => marker));
    expect(seen.filter((result) => result.kind === 'staff' && refusedMarkers.has(result.marker!))).toEqual([]);
  });

  it('makes the functions tell the time of the moved clock', async () => {
    const before = (await (await fetch(`${cloud.apiUrl}/clock`)).json()) as { now: number };

    await cloud.clock.advance(3 * DAY_SECONDS);
    const after = (await (await fetch(`${cloud.apiUrl}/clock`)).json()) as { now: number; iso: string; text: string; requestTime: number };

    expect(after.now - before.now).toBeGreaterThanOrEqual(3 * DAY_SECONDS * 1000);
    expect(Math.abs(after.now - cloud.clock.now())).toBeLessThan(60_000);
    expect(Math.abs(Date.parse(after.iso) - after.now)).toBeLessThan(60_000);
    expect(Math.abs(Date.parse(after.text) - after.now)).toBeLessThan(60_000);
    expect(Math.abs(after.requestTime - after.now)).toBeLessThan(60_000);
  });

  it('fires a schedule a function created once the clock passes its time, not before, and then deletes it', async () => {
    const scheduler = new SchedulerClient({ region, endpoint: aws.endpoint, credentials });
    const at = new Date(cloud.clock.now() + 3600_000);
    const created = await fetch(`${cloud.apiUrl}/reminders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'r1', at: at.toISOString() }),
    });
    expect(created.status).toBe(201);
    const schedule = await scheduler.send(new GetScheduleCommand({ Name: 'reminder-r1' }));
    expect(schedule).toMatchObject({ ScheduleExpression: `at(${at.toISOString().slice(0, 19)})`, ActionAfterCompletion: 'DELETE' });

    await cloud.clock.advance(1800);
    expect((await collectResults()).some((result) => result.kind === 'reminder')).toBe(false);

    await cloud.clock.advance(1800);
    const reminder = (await collectResults()).find((result) => result.kind === 'reminder' && result.id === 'r1');
    expect(reminder).toMatchObject({ scheduledTime: `${at.toISOString().slice(0, 19)}Z` });
    expect(reminder!.firedAt).toBeGreaterThanOrEqual(Date.parse(reminder!.scheduledTime!));
    await expect(scheduler.send(new GetScheduleCommand({ Name: 'reminder-r1' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    scheduler.destroy();
  });

  it('retries the failed message of a partial batch until it moves to the dead-letter queue, and redrives it to its queue', async () => {
    const failUntil = new Date(cloud.clock.now() + DAY_SECONDS * 1000).toISOString();
    const workArn = queueArn('Work');
    const deadLettersUrl = cloud.physicalId('WorkDeadLetters');
    const deadLettersArn = queueArn('WorkDeadLetters');
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: cloud.physicalId('Work'),
        Entries: [
          { Id: 'ok', MessageBody: JSON.stringify({ id: 'ok-1' }) },
          {
            Id: 'flaky',
            MessageBody: JSON.stringify({ id: 'flaky-1', failUntil }),
            MessageAttributes: { origin: { DataType: 'String', StringValue: 'test' } },
          },
        ],
      }),
    );

    await eventually((result) => result.kind === 'processed' && result.id === 'ok-1');
    await eventually((result) => result.id === 'flaky-1' && result.receiveCount === 1);
    // The mapping deletes a handled message once the function has returned, after its result was written: the clock
    // moves past the visibility timeout only when the queue holds the failed message alone, else the handled one
    // would come back (as it would in SQS had its batch outlasted the timeout).
    await vi.waitFor(
      async () => {
        const { Attributes } = await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: cloud.physicalId('Work'), AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
        );
        expect(Attributes).toEqual({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '1' });
      },
      { timeout: 20_000, interval: 50 },
    );
    await cloud.clock.advance(31);
    await eventually((result) => result.id === 'flaky-1' && result.receiveCount === 2);
    await cloud.clock.advance(31);
    const dead = await vi.waitFor(
      async () => {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: deadLettersUrl,
            VisibilityTimeout: 0,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        );
        expect(Messages).toHaveLength(1);
        return Messages[0]!;
      },
      { timeout: 20_000, interval: 50 },
    );

    expect(JSON.parse(dead.Body!)).toEqual({ id: 'flaky-1', failUntil });
    expect(dead.MessageAttributes?.origin?.StringValue).toBe('test');
    expect(dead.Attributes?.DeadLetterQueueSourceArn).toBe(workArn);
    await collectResults();
    expect(seen.filter((result) => result.id === 'flaky-1').map((result) => result.receiveCount)).toEqual([1, 2]);
    expect(seen.filter((result) => result.id === 'ok-1')).toHaveLength(1);

    await cloud.clock.advance(DAY_SECONDS);
    await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: deadLettersArn }));

    expect(await eventually((result) => result.kind === 'processed' && result.id === 'flaky-1')).toMatchObject({ receiveCount: 1, origin: 'test' });
    const { Results } = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: deadLettersArn }));
    expect(Results?.[0]).toMatchObject({ Status: 'COMPLETED', ApproximateNumberOfMessagesMoved: 1 });
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: deadLettersUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    expect(Attributes).toEqual({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
  });

  it("runs the template's schedule and scheduled rule on the clock, once per jump", async () => {
    const QueueUrl = cloud.physicalId('Ticks');
    await sqs.send(new PurgeQueueCommand({ QueueUrl }));

    await cloud.clock.advance(DAY_SECONDS);

    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(Messages.map((message) => JSON.parse(message.Body!)).sort((a, b) => a.tick.localeCompare(b.tick))).toEqual([
      { tick: 'rule' },
      { tick: 'schedule' },
    ]);
  });

  it('runs no scheduled rule with `scheduledRules: false`, and still runs the schedules', async () => {
    await cloud.stop();
    cloud = await startLocalCloud({ ...options, scheduledRules: false });
    try {
      const QueueUrl = cloud.physicalId('Ticks');
      await sqs.send(new PurgeQueueCommand({ QueueUrl }));

      await cloud.clock.advance(DAY_SECONDS);

      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
      expect(Messages.map((message) => JSON.parse(message.Body!))).toEqual([{ tick: 'schedule' }]);
    } finally {
      // The file's other tests run on a cloud with its scheduled rules, also when this one fails.
      await cloud.stop();
      cloud = await startLocalCloud(options);
    }
  });

  it("delivers a rule's events to a FIFO queue in order, under the target's message group", async () => {
    const events = new EventBridgeClient({ region, endpoint: aws.endpoint, credentials });
    await events.send(
      new PutEventsCommand({
        Entries: [1, 2].map((order) => ({ EventBusName: 'messaging-bus', Source: 'fixture.orders', DetailType: 'OrderPlaced', Detail: JSON.stringify({ order }) })),
      }),
    );
    events.destroy();

    const messages = await vi.waitFor(
      async () => {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: cloud.physicalId('Orders'), MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['MessageGroupId'] }),
        );
        expect(Messages).toHaveLength(2);
        return Messages;
      },
      { timeout: 20_000, interval: 50 },
    );
    expect(messages.map((message) => [JSON.parse(message.Body!), message.Attributes?.MessageGroupId])).toEqual([
      [{ order: 1 }, 'orders'],
      [{ order: 2 }, 'orders'],
    ]);
  });

  it('lists the state machines, and starts, describes and lists executions through the Step Functions API', async () => {
    const sfn = new SFNClient({ region, endpoint: aws.endpoint, credentials });
    const stateMachineArn = cloud.physicalId('Greeting');
    // As npm run redrive finds a workflow by its name.
    const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
    expect(stateMachines).toContainEqual(expect.objectContaining({ stateMachineArn, name: stateMachineArn.split(':').at(-1), type: 'STANDARD', creationDate: expect.any(Date) }));

    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'hello-1', input: '{"who":"ops"}' }));
    const described = await vi.waitFor(
      async () => {
        const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
        expect(execution.status).toBe('SUCCEEDED');
        return execution;
      },
      { timeout: 20_000, interval: 50 },
    );

    expect(JSON.parse(described.output!)).toEqual({ who: 'ops', result: { greeting: 'moin' } });
    const { executions } = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(executions?.map((execution) => execution.name)).toContain('hello-1');
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'hello-1', input: '{"who":"else"}' }))).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
    });
    sfn.destroy();
  });

  it('refuses StartExecution with an input over 256 KiB in UTF-8 bytes as ValidationException, as the input is sent, and starts nothing', async () => {
    const sfn = new SFNClient({ region, endpoint: aws.endpoint, credentials });
    const stateMachineArn = cloud.physicalId('Greeting');
    // 262,140 bytes of JSON once parsed again; as sent, the spaces make it 262,145.
    const input = `{"who": "${'x'.repeat(262_130)}"}    `;

    const refused = sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'too-large', input }));

    await expect(refused).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('262144 bytes in UTF-8 encoding') });
    const { executions } = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(executions?.map((execution) => execution.name)).not.toContain('too-large');
    sfn.destroy();
  });

  it('tells and moves the clock at /_local/clock and shows the queues at /_local/queues', async () => {
    const before = (await (await fetch(`${cloud.apiUrl}/_local/clock`)).json()) as { now: string; offsetSeconds: number };

    const moved = await fetch(`${cloud.apiUrl}/_local/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: 600 }) });
    const refused = await fetch(`${cloud.apiUrl}/_local/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: -1 }) });
    const queues = (await (await fetch(`${cloud.apiUrl}/_local/queues`)).json()) as { name: string; fifo: boolean }[];

    expect(moved.status).toBe(200);
    const after = (await moved.json()) as { now: string; offsetSeconds: number };
    expect(Date.parse(after.now) - Date.parse(before.now)).toBeGreaterThanOrEqual(600_000);
    expect(Math.abs(Date.parse(after.now) - Date.now() - after.offsetSeconds * 1000)).toBeLessThan(60_000);
    expect(refused.status).toBe(400);
    expect(queues.find((queue) => queue.name.includes('Orders'))).toMatchObject({ fifo: true });
    expect(queues.map((queue) => queue.name)).toEqual(expect.arrayContaining([expect.stringContaining('WorkDeadLetters')]));
  });

  /** A schedule that sends `{"tick":"scheduled"}` to the Ticks queue ten minutes from the platform clock's now. */
  function aTickInTenMinutes(Name: string): CreateScheduleCommand {
    return new CreateScheduleCommand({
      Name,
      ScheduleExpression: `at(${new Date(cloud.clock.now() + 600_000).toISOString().slice(0, 19)})`,
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: queueArn('Ticks'), RoleArn: 'arn:aws:iam::000000000000:role/scheduler', Input: '{"tick":"scheduled"}' },
    });
  }

  it('keeps queued messages and schedules across a restart of the local cloud', async () => {
    const scheduler = new SchedulerClient({ region, endpoint: aws.endpoint, credentials });
    const QueueUrl = cloud.physicalId('Ticks');
    await sqs.send(new PurgeQueueCommand({ QueueUrl }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: '{"tick":"before restart"}' }));
    await scheduler.send(aTickInTenMinutes('after-restart'));

    await cloud.stop();
    cloud = await startLocalCloud(options);
    await cloud.clock.advance(601);

    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: cloud.physicalId('Ticks'), MaxNumberOfMessages: 10 }));
    expect(Messages.map((message) => JSON.parse(message.Body!).tick).sort()).toEqual(['before restart', 'scheduled']);
    scheduler.destroy();
  });

  it('writes no journal with `journal: false` (an ephemeral platform), and starts again with nothing kept', async () => {
    const scheduler = new SchedulerClient({ region, endpoint: aws.endpoint, credentials });
    const sfn = new SFNClient({ region, endpoint: aws.endpoint, credentials });
    const unjournaled = { ...options, stateDir: join(dir, 'state-unjournaled'), journal: false };
    await cloud.stop();
    cloud = await startLocalCloud(unjournaled);
    const QueueUrl = cloud.physicalId('Ticks');
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: '{"tick":"forgotten"}' }));
    await scheduler.send(aTickInTenMinutes('forgotten'));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: cloud.physicalId('Greeting'), name: 'unjournaled', input: '{"who":"ops"}' }));
    await vi.waitFor(async () => expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('SUCCEEDED'), { timeout: 20_000, interval: 50 });

    await cloud.stop();
    const kept = await readdir(unjournaled.stateDir);
    for (const journal of ['queues.json', 'schedules.json', 'executions.json', 'stream-checkpoints']) expect(kept).not.toContain(journal);
    cloud = await startLocalCloud(unjournaled);
    await cloud.clock.advance(601);

    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: cloud.physicalId('Ticks'), MaxNumberOfMessages: 10 }));
    expect(Messages).toEqual([]);
    await expect(scheduler.send(new GetScheduleCommand({ Name: 'forgotten' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    // The file's other tests ran on the journaled cloud; afterAll stops whichever runs.
    await cloud.stop();
    cloud = await startLocalCloud(options);
    scheduler.destroy();
    sfn.destroy();
  });
});
