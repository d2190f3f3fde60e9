import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAwsEndpoint, type LocalAwsEndpoint } from '../../local/services/aws-endpoint';
import { AwsServiceError } from '../../local/services/aws-protocol';

const region = 'eu-central-1';
const account = '123456789012';

let aws: LocalAwsEndpoint;
let outboxDir: string;
const logs: string[] = [];

beforeAll(async () => {
  outboxDir = await mkdtemp(join(tmpdir(), 'kreislauf-outbox-'));
  aws = await startLocalAwsEndpoint({ outboxDir, region, account, log: (line) => logs.push(line) });
});

afterAll(async () => {
  await aws.stop();
  await rm(outboxDir, { recursive: true, force: true });
});

/** A call the way the SDK makes it with the AWS JSON protocol. */
async function callJson(target: string, body: unknown, version = '1.1') {
  const response = await fetch(aws.endpoint, {
    method: 'POST',
    headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amz-target': target },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, contentType: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
}

describe('Secrets Manager GetSecretValue', () => {
  it('answers a secret by its name and by its ARN, with the fields AWS gives', async () => {
    aws.putSecret(['kreislauf/dhl'], '{"apiKey":"k1"}');

    const byName = await callJson('secretsmanager.GetSecretValue', { SecretId: 'kreislauf/dhl' });

    expect(byName.status).toBe(200);
    expect(byName.body).toMatchObject({
      Name: 'kreislauf/dhl',
      SecretString: '{"apiKey":"k1"}',
      VersionStages: ['AWSCURRENT'],
    });
    expect(byName.body.ARN).toMatch(new RegExp(`^arn:aws:secretsmanager:${region}:${account}:secret:kreislauf/dhl-[A-Za-z]{6}$`));
    expect(typeof byName.body.VersionId).toBe('string');
    expect(typeof byName.body.CreatedDate).toBe('number');

    const byArn = await callJson('secretsmanager.GetSecretValue', { SecretId: byName.body.ARN });
    expect(byArn.body.SecretString).toBe('{"apiKey":"k1"}');
  });

  it('answers to every name and ARN it was put under', async () => {
    const arn = `arn:aws:secretsmanager:${region}:${account}:secret:partner-webhooks-AbCdEf`;
    aws.putSecret(['partner-webhooks', arn], 's3cret');

    const byArn = await callJson('secretsmanager.GetSecretValue', { SecretId: arn });

    expect(byArn.body).toMatchObject({ ARN: arn, Name: 'partner-webhooks', SecretString: 's3cret' });
  });

  it('gives the new value and a new version after the secret is put again, under the same ARN', async () => {
    aws.putSecret(['rotating'], 'v1');
    const first = await callJson('secretsmanager.GetSecretValue', { SecretId: 'rotating' });
    aws.putSecret(['rotating'], 'v2');

    const second = await callJson('secretsmanager.GetSecretValue', { SecretId: first.body.ARN });

    expect(second.body.SecretString).toBe('v2');
    expect(second.body.ARN).toBe(first.body.ARN);
    expect(second.body.VersionId).not.toBe(first.body.VersionId);
  });

  it('answers an unknown secret with a 400 ResourceNotFoundException', async () => {
    const answer = await callJson('secretsmanager.GetSecretValue', { SecretId: 'nope' });

    expect(answer.status).toBe(400);
    expect(answer.body.__type).toBe('ResourceNotFoundException');
    expect(answer.body.message).toMatch(/can't find the specified secret/);
  });

  it('answers a version stage other than AWSCURRENT as not found', async () => {
    aws.putSecret(['staged'], 'x');
    const answer = await callJson('secretsmanager.GetSecretValue', { SecretId: 'staged', VersionStage: 'AWSPREVIOUS' });
    expect(answer.body.__type).toBe('ResourceNotFoundException');
  });

  it('answers a request without SecretId with a ValidationException', async () => {
    const answer = await callJson('secretsmanager.GetSecretValue', {});
    expect(answer.status).toBe(400);
    expect(answer.body.__type).toBe('ValidationException');
  });
});

describe('Secrets Manager PutSecretValue', () => {
  it('stores a new value of an existing secret as its current version, and tells who keeps it', async () => {
    const put: [string, string][] = [];
    aws.onSecretValuePut((arn, value) => put.push([arn, value]));
    try {
      aws.putSecret(['field-key'], 'the-first-value');
      const first = await callJson('secretsmanager.GetSecretValue', { SecretId: 'field-key' });

      const answer = await callJson('secretsmanager.PutSecretValue', { SecretId: 'field-key', SecretString: 'the-second-value' });

      expect(answer).toMatchObject({ status: 200, body: { ARN: first.body.ARN, Name: 'field-key', VersionId: expect.any(String), VersionStages: ['AWSCURRENT'] } });
      expect(answer.body.VersionId).not.toBe(first.body.VersionId);
      expect((await callJson('secretsmanager.GetSecretValue', { SecretId: first.body.ARN })).body.SecretString).toBe('the-second-value');
      expect(put).toEqual([[first.body.ARN, 'the-second-value']]);
    } finally {
      aws.onSecretValuePut(undefined);
    }
  });

  it('answers a secret it does not have as not found, and a binary value or a missing id as invalid', async () => {
    expect((await callJson('secretsmanager.PutSecretValue', { SecretId: 'nope', SecretString: 'x' })).body.__type).toBe('ResourceNotFoundException');
    aws.putSecret(['binary'], 'text');
    expect((await callJson('secretsmanager.PutSecretValue', { SecretId: 'binary', SecretBinary: 'AAEC' })).body.__type).toBe('InvalidParameterException');
    expect((await callJson('secretsmanager.PutSecretValue', { SecretString: 'x' })).body.__type).toBe('ValidationException');
    expect((await callJson('secretsmanager.GetSecretValue', { SecretId: 'binary' })).body.SecretString).toBe('text');
  });
});

describe('the endpoint protocol', () => {
  it('answers an unknown X-Amz-Target with a 400 UnknownOperationException', async () => {
    const answer = await callJson('AmazonSQS.SendMessage', {}, '1.0');
    expect(answer.status).toBe(400);
    expect(answer.body.__type).toBe('UnknownOperationException');
    expect(answer.body.message).toContain('AmazonSQS.SendMessage');
  });

  it('answers an operation a known service does not implement with a 400 naming the service', async () => {
    const answer = await callJson('AWSEvents.PutRule', {});
    expect(answer.status).toBe(400);
    expect(answer.body.__type).toBe('UnknownOperationException');
    expect(answer.body.message).toContain('EventBridge');
  });

  it('answers an unknown path with a 404', async () => {
    const response = await fetch(`${aws.endpoint}/v2/email/contact-lists`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(((await response.json()) as { message: string }).message).toContain('POST /v2/email/contact-lists');
  });

  it('answers a body that is not JSON with a 400 SerializationException', async () => {
    const answer = await callJson('secretsmanager.GetSecretValue', '{"SecretId": ');
    expect(answer.status).toBe(400);
    expect(answer.body.__type).toBe('SerializationException');
  });

  it('answers with the JSON protocol version the request used', async () => {
    const answer = await callJson('secretsmanager.GetSecretValue', {}, '1.0');
    expect(answer.contentType).toBe('application/x-amz-json-1.0');
  });

  it('answers a service mounted later, and reports its failures as 500 InternalFailure', async () => {
    aws.mount({
      name: 'SQS',
      targetPrefix: 'AmazonSQS',
      operations: {
        GetQueueUrl: (input) => ({ QueueUrl: `${aws.endpoint}/${account}/${String(input.QueueName)}` }),
        DeleteQueue: () => {
          throw new AwsServiceError('AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.');
        },
        PurgeQueue: () => {
          throw new Error('disk full');
        },
      },
    });

    const url = await callJson('AmazonSQS.GetQueueUrl', { QueueName: 'sync' }, '1.0');
    const missing = await callJson('AmazonSQS.DeleteQueue', {}, '1.0');
    const broken = await callJson('AmazonSQS.PurgeQueue', {}, '1.0');

    expect(url.body).toEqual({ QueueUrl: `${aws.endpoint}/${account}/sync` });
    expect(missing).toMatchObject({ status: 400, body: { __type: 'AWS.SimpleQueueService.NonExistentQueue' } });
    expect(broken).toMatchObject({ status: 500, body: { __type: 'InternalFailure', message: 'disk full' } });
    expect(logs.some((line) => line.includes('disk full'))).toBe(true);
  });
});
