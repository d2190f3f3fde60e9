import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalAwsEndpoint, type EventRule, type EventTarget, type LocalAwsEndpoint } from '../../local/services/aws-endpoint';
import { InvalidEventPatternError } from '../../local/services/event-pattern';
import { PlatformClock } from '../../local/services/clock';

const region = 'eu-central-1';
const account = '000000000000';

interface Delivery {
  target: EventTarget;
  input: unknown;
  rule: EventRule;
}

let aws: LocalAwsEndpoint;
let outboxDir: string;
let logs: string[];
let deliveries: Delivery[];
let client: EventBridgeClient;

beforeEach(async () => {
  outboxDir = await mkdtemp(join(tmpdir(), 'kreislauf-outbox-'));
  logs = [];
  deliveries = [];
  aws = await startLocalAwsEndpoint({ outboxDir, region, account, log: (line) => logs.push(line) });
  client = new EventBridgeClient({ endpoint: aws.endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});

afterEach(async () => {
  client.destroy();
  await aws.stop();
  await rm(outboxDir, { recursive: true, force: true });
});

function target(id: string, extra: Partial<EventTarget> = {}): EventTarget {
  return { id, arn: `arn:aws:lambda:${region}:${account}:function:${id}`, ...extra };
}

function collectDeliveries(): void {
  aws.onEventDelivery(async (deliveredTarget, input, rule) => {
    deliveries.push({ target: deliveredTarget, input, rule });
  });
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await sleep(25);
  expect(condition()).toBe(true);
}

function entry(detailType: string, detail: unknown, extra: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry {
  return { Source: 'kreislauf.passports', DetailType: detailType, Detail: JSON.stringify(detail), ...extra };
}

describe('PutEvents', () => {
  it('delivers a matching event to its rule target with the transformed input, and not the others', async () => {
    aws.addEventRule({
      name: 'route-graded',
      eventBusName: 'default',
      eventPattern: { source: ['kreislauf.passports'], 'detail-type': ['GradeRecorded'], detail: { grade: [{ 'anything-but': 'DEFECTIVE' }] } },
      targets: [
        target('route', {
          inputTransformer: {
            inputPathsMap: { id: '$.detail.passportId', grade: '$.detail.grade' },
            inputTemplate: '{"passportId": <id>, "grade": <grade>, "rule": "<aws.events.rule-name>"}',
          },
        }),
      ],
    });
    collectDeliveries();

    const answer = await client.send(
      new PutEventsCommand({
        Entries: [
          entry('GradeRecorded', { passportId: 'P-defective', grade: 'DEFECTIVE' }),
          entry('PassportReceived', { passportId: 'P-received' }),
          entry('GradeRecorded', { passportId: 'P-good', grade: 'GOOD' }),
        ],
      }),
    );

    expect(answer.FailedEntryCount).toBe(0);
    expect(answer.Entries).toHaveLength(3);
    expect(answer.Entries?.every((result) => typeof result.EventId === 'string')).toBe(true);
    await waitFor(() => deliveries.length >= 1);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.target.id).toBe('route');
    expect(deliveries[0]!.rule.name).toBe('route-graded');
    expect(deliveries[0]!.input).toEqual({ passportId: 'P-good', grade: 'GOOD', rule: 'route-graded' });
  });

  it('delivers the whole envelope when the target sets no input', async () => {
    aws.addEventRule({ name: 'all', eventBusName: 'default', eventPattern: { source: ['kreislauf.passports'] }, targets: [target('log')] });
    collectDeliveries();

    const time = new Date('2026-03-03T10:15:00.250Z');
    const answer = await client.send(
      new PutEventsCommand({ Entries: [entry('GradeRecorded', { grade: 'GOOD' }, { Time: time, Resources: ['arn:x'] })] }),
    );

    await waitFor(() => deliveries.length === 1);
    expect(deliveries[0]!.input).toEqual({
      version: '0',
      id: answer.Entries![0]!.EventId,
      'detail-type': 'GradeRecorded',
      source: 'kreislauf.passports',
      account,
      time: '2026-03-03T10:15:00Z',
      region,
      resources: ['arn:x'],
      detail: { grade: 'GOOD' },
    });
  });

  it('delivers once per matched rule and target, with each target its own input', async () => {
    aws.addEventRule({
      name: 'fan-out',
      eventBusName: 'default',
      eventPattern: { 'detail-type': ['VoucherIssued'] },
      targets: [target('notify', { inputPath: '$.detail' }), target('report', { input: '{"kind":"voucher"}' })],
    });
    aws.addEventRule({ name: 'audit', eventBusName: 'default', eventPattern: { source: [{ prefix: 'kreislauf.' }] }, targets: [target('audit', { inputPath: '$.id' })] });
    collectDeliveries();

    const answer = await client.send(new PutEventsCommand({ Entries: [entry('VoucherIssued', { code: 'V1' })] }));

    await waitFor(() => deliveries.length >= 3);
    const byTarget = Object.fromEntries(deliveries.map((delivery) => [delivery.target.id, delivery.input]));
    expect(byTarget).toEqual({ notify: { code: 'V1' }, report: { kind: 'voucher' }, audit: answer.Entries![0]!.EventId });
  });

  it('matches events only against the rules of their own bus, named or given by ARN', async () => {
    aws.addEventRule({ name: 'on-default', eventBusName: 'default', eventPattern: { source: ['kreislauf.passports'] }, targets: [target('default-target')] });
    aws.addEventRule({ name: 'on-domain', eventBusName: 'kreislauf-domain', eventPattern: { source: ['kreislauf.passports'] }, targets: [target('domain-target')] });
    collectDeliveries();

    await client.send(
      new PutEventsCommand({
        Entries: [entry('GradeRecorded', { n: 1 }, { EventBusName: `arn:aws:events:${region}:${account}:event-bus/kreislauf-domain` })],
      }),
    );
    await client.send(new PutEventsCommand({ Entries: [entry('GradeRecorded', { n: 2 })] }));

    await waitFor(() => deliveries.length >= 2);
    expect(deliveries.map((delivery) => [delivery.target.id, (delivery.input as { detail: { n: number } }).detail.n]).sort()).toEqual([
      ['default-target', 2],
      ['domain-target', 1],
    ]);
  });

  it('replaces a rule added again under the same name', async () => {
    aws.addEventRule({ name: 'rule', eventBusName: 'default', eventPattern: { 'detail-type': ['A'] }, targets: [target('old')] });
    aws.addEventRule({ name: 'rule', eventBusName: 'default', eventPattern: { 'detail-type': ['B'] }, targets: [target('new')] });
    collectDeliveries();

    await client.send(new PutEventsCommand({ Entries: [entry('A', {}), entry('B', {})] }));

    // Deliveries start in entry order, so a delivery of A would have come before the one of B.
    await waitFor(() => deliveries.length >= 1);
    expect(deliveries.map((delivery) => delivery.target.id)).toEqual(['new']);
  });

  it('answers without waiting for the delivery', async () => {
    aws.addEventRule({ name: 'slow', eventBusName: 'default', eventPattern: { source: ['kreislauf.passports'] }, targets: [target('slow')] });
    let called = false;
    aws.onEventDelivery(() => {
      called = true;
      return new Promise<void>(() => undefined);
    });

    const answer = await client.send(new PutEventsCommand({ Entries: [entry('GradeRecorded', {})] }));

    expect(answer.FailedEntryCount).toBe(0);
    await waitFor(() => called);
  });

  it('reports each invalid entry in its place and accepts the others', async () => {
    const answer = await client.send(
      new PutEventsCommand({
        Entries: [
          entry('GradeRecorded', {}),
          { Source: 'kreislauf.passports', DetailType: 'GradeRecorded', Detail: '{"not json' },
          { Source: 'kreislauf.passports', DetailType: 'GradeRecorded', Detail: '["a", "list"]' },
          { DetailType: 'GradeRecorded', Detail: '{}' },
          { Source: 'aws.s3', DetailType: 'Object Created', Detail: '{}' },
        ],
      }),
    );

    expect(answer.FailedEntryCount).toBe(4);
    expect(answer.Entries?.[0]?.EventId).toBeDefined();
    expect(answer.Entries?.slice(1).map((result) => result.ErrorCode)).toEqual([
      'MalformedDetail',
      'MalformedDetail',
      'InvalidArgument',
      'NotAuthorizedForSourceException',
    ]);
    expect(answer.Entries?.[3]?.ErrorMessage).toContain('Source');
  });

  it('refuses more than 10 entries with a ValidationException', async () => {
    const entries = Array.from({ length: 11 }, () => entry('GradeRecorded', {}));
    await expect(client.send(new PutEventsCommand({ Entries: entries }))).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('refuses a request over 256 KB with a ValidationException', async () => {
    const big = entry('GradeRecorded', { text: 'x'.repeat(200 * 1024) });
    await expect(client.send(new PutEventsCommand({ Entries: [big, big] }))).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

describe('event delivery failures', () => {
  it('retries a failing delivery until it succeeds', async () => {
    aws.addEventRule({ name: 'flaky', eventBusName: 'default', eventPattern: { source: ['kreislauf.passports'] }, targets: [target('flaky')] });
    let attempts = 0;
    aws.onEventDelivery(async () => {
      attempts++;
      if (attempts < 3) throw new Error('worker busy');
    });

    await client.send(new PutEventsCommand({ Entries: [entry('GradeRecorded', {})] }));

    await waitFor(() => attempts === 3);
    expect(logs.filter((line) => line.includes('retrying'))).toHaveLength(2);
    expect(logs.some((line) => line.includes('dropped'))).toBe(false);
  });

  it('drops a delivery with a log line after a few failed attempts', async () => {
    aws.addEventRule({ name: 'broken', eventBusName: 'default', eventPattern: { source: ['kreislauf.passports'] }, targets: [target('broken')] });
    let attempts = 0;
    aws.onEventDelivery(async () => {
      attempts++;
      throw new Error('handler crashed');
    });

    await client.send(new PutEventsCommand({ Entries: [entry('GradeRecorded', {})] }));

    await waitFor(() => logs.some((line) => line.includes('dropped')));
    expect(attempts).toBe(4);
    expect(logs.find((line) => line.includes('dropped'))).toMatch(/rule broken target broken.*handler crashed/);
  });

  it("tries a failing delivery as often as its target's RetryPolicy says, then sends its input to the target's dead-letter queue with the reasons", async () => {
    const deadLetters = 'arn:aws:sqs:eu-central-1:000000000000:emails-dlq';
    aws.addEventRule({
      name: 'emails',
      eventBusName: 'default',
      eventPattern: { source: ['kreislauf.passports'] },
      targets: [target('send', { inputPath: '$.detail', maximumRetryAttempts: 4, deadLetterArn: deadLetters })],
    });
    const attempts: string[] = [];
    const deadLettered: { target: EventTarget; input: unknown; attributes: unknown }[] = [];
    aws.onEventDelivery(async (deliveredTarget, input, _rule, attributes) => {
      if (deliveredTarget.arn === deadLetters) {
        deadLettered.push({ target: deliveredTarget, input, attributes });
        return;
      }
      attempts.push(deliveredTarget.id);
      throw new TypeError('the brand cannot be read');
    });

    await client.send(new PutEventsCommand({ Entries: [entry('TakeBackCancelled', { passportId: 'p-1' })] }));

    await waitFor(() => deadLettered.length === 1);
    expect(attempts).toEqual(['send', 'send', 'send', 'send', 'send']);
    const text = (value: string) => ({ DataType: 'String', StringValue: value });
    expect(deadLettered[0]).toEqual({
      target: { id: 'send-dead-letters', arn: deadLetters },
      input: { passportId: 'p-1' },
      attributes: {
        ERROR_CODE: text('TypeError'),
        ERROR_MESSAGE: text('the brand cannot be read'),
        EXHAUSTED_RETRY_CONDITION: text('MaximumRetryAttempts'),
        RETRY_ATTEMPTS: text('4'),
        RULE_ARN: text('arn:aws:events:eu-central-1:000000000000:rule/emails'),
        TARGET_ARN: text('arn:aws:lambda:eu-central-1:000000000000:function:send'),
      },
    });
    expect(logs.some((line) => line.includes('dropped'))).toBe(false);
    expect(logs.at(-1)).toMatch(/rule emails target send sent to its dead-letter queue after 5 failed attempts: the brand cannot be read/);
  });

  it("stops trying a failing delivery once its event is older than its target's RetryPolicy allows, on the platform clock, and dead-letters it so", async () => {
    const clock = new PlatformClock();
    const aged = await startLocalAwsEndpoint({ outboxDir, region, account, log: (line) => logs.push(line), clock });
    const agedClient = new EventBridgeClient({ endpoint: aged.endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const deadLetters = 'arn:aws:sqs:eu-central-1:000000000000:emails-dlq';
    try {
      aged.addEventRule({
        name: 'emails',
        eventBusName: 'default',
        eventPattern: { source: ['kreislauf.passports'] },
        targets: [target('send', { inputPath: '$.detail', maximumRetryAttempts: 10, maximumEventAgeInSeconds: 60, deadLetterArn: deadLetters })],
      });
      let attempts = 0;
      const deadLettered: unknown[] = [];
      aged.onEventDelivery(async (deliveredTarget, _input, _rule, attributes) => {
        if (deliveredTarget.arn === deadLetters) {
          deadLettered.push(attributes);
          return;
        }
        attempts += 1;
        // The platform clock moves past the event's maximum age while its first delivery fails.
        if (attempts === 1) await clock.advance(61);
        throw new Error('the mail server is down');
      });

      await agedClient.send(new PutEventsCommand({ Entries: [entry('TakeBackCancelled', { passportId: 'p-1' })] }));

      await waitFor(() => deadLettered.length === 1);
      expect(attempts).toBe(1);
      expect(deadLettered[0]).toMatchObject({ EXHAUSTED_RETRY_CONDITION: { StringValue: 'MaximumEventAgeInSeconds' }, RETRY_ATTEMPTS: { StringValue: '0' } });
    } finally {
      agedClient.destroy();
      await aged.stop();
      clock.stop();
    }
  });

  it('drops a delivery its dead-letter queue refuses, with a log line', async () => {
    aws.addEventRule({
      name: 'nowhere',
      eventBusName: 'default',
      eventPattern: { source: ['kreislauf.passports'] },
      targets: [target('send', { maximumRetryAttempts: 0, deadLetterArn: 'arn:aws:sqs:eu-central-1:000000000000:gone' })],
    });
    aws.onEventDelivery(async () => {
      throw new Error('failing');
    });

    await client.send(new PutEventsCommand({ Entries: [entry('GradeRecorded', {})] }));

    await waitFor(() => logs.some((line) => line.includes('dropped')));
    expect(logs.find((line) => line.includes('dropped'))).toMatch(/target send dropped: its dead-letter queue arn:aws:sqs:eu-central-1:000000000000:gone refused it/);
  });

  it('drops a delivery whose input template does not give JSON, with a log line', async () => {
    aws.addEventRule({
      name: 'bad-template',
      eventBusName: 'default',
      eventPattern: { source: ['kreislauf.passports'] },
      targets: [target('t', { inputTransformer: { inputPathsMap: { id: '$.id' }, inputTemplate: '{"id": <id>' } })],
    });
    collectDeliveries();

    await client.send(new PutEventsCommand({ Entries: [entry('GradeRecorded', {})] }));

    await waitFor(() => logs.length > 0);
    expect(logs[0]).toMatch(/dropped for rule bad-template target t/);
    expect(deliveries).toHaveLength(0);
  });
});

describe('addEventRule', () => {
  it('refuses a pattern AWS would refuse', () => {
    expect(() => aws.addEventRule({ name: 'bad', eventBusName: 'default', eventPattern: { source: 'not-a-list' }, targets: [] })).toThrow(
      InvalidEventPatternError,
    );
  });
});

describe('the delivery journal', () => {
  let stateDir: string;
  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'kreislauf-events-'));
  });
  afterEach(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  async function endpointWithJournal(): Promise<LocalAwsEndpoint> {
    const endpoint = await startLocalAwsEndpoint({
      outboxDir,
      region,
      account,
      log: () => undefined,
      eventJournalFile: join(stateDir, 'event-deliveries.json'),
    });
    endpoint.addEventRule({ name: 'labels', eventBusName: 'default', eventPattern: { 'detail-type': ['TakeBackRequested'] }, targets: [target('CreateLabel')] });
    return endpoint;
  }

  it('delivers an accepted event after a restart when the run that accepted it ended before delivering it', async () => {
    const first = await endpointWithJournal();
    const firstClient = new EventBridgeClient({ endpoint: first.endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const accepted = await firstClient.send(new PutEventsCommand({ Entries: [entry('TakeBackRequested', { passportId: 'P-1' })] }));
    firstClient.destroy();
    await first.stop();

    const second = await endpointWithJournal();
    second.onEventDelivery(async (deliveredTarget, input) => {
      deliveries.push({ target: deliveredTarget, input, rule: {} as EventRule });
    });
    await waitFor(() => deliveries.length === 1);
    await second.stop();

    expect(accepted.FailedEntryCount).toBe(0);
    expect(deliveries[0]).toMatchObject({ target: { id: 'CreateLabel' }, input: { detail: { passportId: 'P-1' } } });
  });

  it('does not deliver an event again after a restart once its target took it', async () => {
    const first = await endpointWithJournal();
    first.onEventDelivery(async (deliveredTarget, input) => {
      deliveries.push({ target: deliveredTarget, input, rule: {} as EventRule });
    });
    const firstClient = new EventBridgeClient({ endpoint: first.endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await firstClient.send(new PutEventsCommand({ Entries: [entry('TakeBackRequested', { passportId: 'P-1' })] }));
    firstClient.destroy();
    await waitFor(() => deliveries.length === 1);
    await first.stop();

    const second = await endpointWithJournal();
    second.onEventDelivery(async (deliveredTarget, input) => {
      deliveries.push({ target: deliveredTarget, input, rule: {} as EventRule });
    });
    await sleep(200);
    await second.stop();

    expect(deliveries).toHaveLength(1);
  });
});
