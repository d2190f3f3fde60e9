import { request } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalCloud, type LocalCloudHandle, type LocalCloudOptions } from '../../local/runtime/local-cloud';
import { startLocalAwsEndpoint, type LocalAwsEndpoint } from '../../local/services/aws-endpoint';
import { startDynamoDbLocal } from '../../local/services/dynamodb-local';
import { startS3Server } from '../../local/services/s3-server';
import { synthesizeFixture } from './fixtures/fixture-app';

const region = 'eu-central-1';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A request with repeated headers, which fetch would merge before sending. */
function rawRequest(url: string, options: { method?: string; headers?: string[]; body?: Buffer } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: options.method ?? 'GET', headers: options.headers ?? [] }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

describe('startLocalCloud', () => {
  let dir: string;
  let options: LocalCloudOptions;
  let cloud: LocalCloudHandle;
  let dynamo: { endpoint: string; stop(): Promise<void> };
  let s3: { endpoint: string; stop(): Promise<void> };
  let aws: LocalAwsEndpoint;
  let documents: DynamoDBClient;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'runtime-cloud-'));
    const assemblyDir = synthesizeFixture(join(dir, 'cdk.out'));
    [dynamo, s3, aws] = await Promise.all([
      startDynamoDbLocal(),
      startS3Server({ directory: join(dir, 's3') }),
      startLocalAwsEndpoint({ outboxDir: join(dir, 'outbox'), region, account: '000000000000', log: () => undefined }),
    ]);
    options = {
      assemblyDir,
      port: 0,
      parameters: { Greeting: 'moin' },
      stateDir: join(dir, 'state'),
      endpoints: { dynamodb: dynamo.endpoint, s3: s3.endpoint, aws },
      extraEnv: { FIXTURE_EXTRA: 'extra' },
      timeScale: 0.001,
      quiet: true,
      beforeApi: (req, res) => {
        if (req.url !== '/health') return false;
        res.end('ok');
        return true;
      },
    };
    cloud = await startLocalCloud(options);
    documents = new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials });
  });

  afterAll(async () => {
    await cloud?.stop();
    documents?.destroy();
    await Promise.all([dynamo?.stop(), s3?.stop(), aws?.stop()]);
    await rm(dir, { recursive: true, force: true });
  });

  async function marker(pk: string): Promise<Record<string, string> | undefined> {
    const { Item } = await documents.send(
      new GetItemCommand({ TableName: cloud.physicalId('Data'), Key: { pk: { S: pk }, sk: { S: 'MARK' } }, ConsistentRead: true }),
    );
    return Item && Object.fromEntries(Object.entries(Item).map(([name, value]) => [name, value.S ?? value.N ?? '']));
  }

  async function putItem(pk: string, label: string): Promise<void> {
    await documents.send(
      new PutItemCommand({ TableName: cloud.physicalId('Data'), Item: { pk: { S: pk }, sk: { S: 'ITEM' }, label: { S: label } } }),
    );
  }

  it('passes path parameters, query string, headers and cookies to the route function and returns its response', async () => {
    const response = await rawRequest(`${cloud.apiUrl}/items/bike%20helmet?size=m&size=l&colour=red`, {
      headers: ['Host', `localhost:${cloud.port}`, 'X-Scan', 'first', 'X-Scan', 'second', 'Cookie', 'session=abc; theme=dark'],
    });

    expect(response.status).toBe(200);
    expect(response.headers['x-route']).toBe('GET /items/{id}');
    expect(response.headers['set-cookie']).toEqual(['session=abc; Path=/', 'theme=dark']);
    expect(response.headers['apigw-requestid']).toBeTruthy();
    const event = JSON.parse(response.body.toString());
    expect(event).toMatchObject({
      version: '2.0',
      rawPath: '/items/bike%20helmet',
      rawQueryString: 'size=m&size=l&colour=red',
      pathParameters: { id: 'bike helmet' },
      queryStringParameters: { size: 'm,l', colour: 'red' },
      cookies: ['session=abc', 'theme=dark'],
      requestContext: {
        apiId: cloud.physicalId('Api'),
        accountId: '000000000000',
        routeKey: 'GET /items/{id}',
        stage: '$default',
        requestId: response.headers['apigw-requestid'],
        http: { method: 'GET', path: '/items/bike%20helmet' },
      },
    });
    expect(event.headers['x-scan']).toBe('first,second');
    expect(event.headers).not.toHaveProperty('cookie');
  });

  it('gives functions the resolved template environment, the local endpoints and the extra environment', async () => {
    const response = await fetch(`${cloud.apiUrl}/items/1`);
    const { env } = (await response.json()) as { env: Record<string, string> };

    expect(env).toEqual({
      TABLE_NAME: cloud.physicalId('Data'),
      API_URL: cloud.apiUrl,
      GREETING: 'moin',
      BUCKET_NAME: cloud.physicalId('Labels'),
      SECRET_ARN: cloud.physicalId('PartnerSecret'),
      AWS_REGION: region,
      AWS_LAMBDA_FUNCTION_NAME: cloud.physicalId('HttpEcho'),
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: aws.endpoint,
      KREISLAUF_S3_FORCE_PATH_STYLE: 'true',
      FIXTURE_EXTRA: 'extra',
    });
  });

  it('returns a base64-encoded function body as bytes on a greedy route', async () => {
    const response = await fetch(`${cloud.apiUrl}/files/labels/2024/label.bin`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([0, 1, 2, 253, 254, 255]);
  });

  it('sends a result without statusCode as JSON, with text bodies as text and binary bodies base64-encoded', async () => {
    const text = await fetch(`${cloud.apiUrl}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"grade":"GOOD"}',
    });
    const binary = await fetch(`${cloud.apiUrl}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'image/jpeg' },
      body: new Uint8Array([255, 216, 255]),
    });

    expect(text.status).toBe(200);
    expect(text.headers.get('content-type')).toBe('application/json');
    expect(await text.json()).toEqual({ body: '{"grade":"GOOD"}', isBase64Encoded: false, contentType: 'application/json' });
    expect(await binary.json()).toEqual({
      body: Buffer.from([255, 216, 255]).toString('base64'),
      isBase64Encoded: true,
      contentType: 'image/jpeg',
    });
  });

  it('answers 500 Internal Server Error when the function throws', async () => {
    const response = await fetch(`${cloud.apiUrl}/broken`);

    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ type: 'about:blank', title: 'Internal Server Error', status: 500 });
  });

  it('answers 404 Not Found when no route matches the path or the method', async () => {
    const unknownPath = await fetch(`${cloud.apiUrl}/nowhere`);
    const wrongMethod = await fetch(`${cloud.apiUrl}/items/1`, { method: 'DELETE' });

    expect(unknownPath.status).toBe(404);
    expect(await unknownPath.json()).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404 });
    expect(wrongMethod.status).toBe(404);
  });

  it('answers 503 problem+json while not ready, while the caller routes still answer', async () => {
    cloud.setReady(false);
    try {
      const held = await fetch(`${cloud.apiUrl}/items/1`);
      const health = await fetch(`${cloud.apiUrl}/health`);

      expect(held.status).toBe(503);
      expect(held.headers.get('content-type')).toBe('application/problem+json');
      expect(await held.json()).toMatchObject({ status: 503, title: 'Service Unavailable' });
      expect(await health.text()).toBe('ok');
    } finally {
      cloud.setReady(true);
    }
    expect((await fetch(`${cloud.apiUrl}/items/1`)).status).toBe(200);
  });

  it('creates the template tables with their indexes, stream and time to live, and the buckets', async () => {
    const { Table } = await documents.send(new DescribeTableCommand({ TableName: cloud.physicalId('Data') }));
    const { TimeToLiveDescription } = await documents.send(new DescribeTimeToLiveCommand({ TableName: cloud.physicalId('Data') }));
    const s3Client = new S3Client({ endpoint: s3.endpoint, region, credentials, forcePathStyle: true });

    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['gsi1']);
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
    await expect(s3Client.send(new HeadBucketCommand({ Bucket: cloud.physicalId('Labels') }))).resolves.toBeDefined();
    s3Client.destroy();
  });

  it('stores generated secrets under the secret ARN', async () => {
    const response = await fetch(aws.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'secretsmanager.GetSecretValue' },
      body: JSON.stringify({ SecretId: cloud.physicalId('PartnerSecret') }),
    });

    expect(response.status).toBe(200);
    expect(((await response.json()) as { SecretString: string }).SecretString).toHaveLength(24);
  });

  it("keeps a generated secret's value put through the API for the next run, as an admin rotates a key", async () => {
    const SecretId = cloud.physicalId('PartnerSecret');
    const call = (target: string, body: unknown) =>
      fetch(aws.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target }, body: JSON.stringify(body) });
    const rotated = '{"current":"k2","keys":{"k2":"a-new-key-of-at-least-thirty-two-characters"}}';

    expect((await call('secretsmanager.PutSecretValue', { SecretId, SecretString: rotated })).status).toBe(200);

    expect(((await (await call('secretsmanager.GetSecretValue', { SecretId })).json()) as { SecretString: string }).SecretString).toBe(rotated);
    // The data folder's generated secrets, which the next start reads, hold the new value.
    const kept = JSON.parse(await readFile(join(options.stateDir, 'secrets.json'), 'utf8')) as Record<string, string>;
    expect(Object.entries(kept).filter(([logicalId]) => logicalId.startsWith('PartnerSecret')).map(([, value]) => value)).toEqual([rotated]);
  });

  it('invokes a function by its id at /_local/functions/{id}/invoke, and answers its error as Lambda does', async () => {
    const invoke = (ref: string, event: unknown) => fetch(`${cloud.apiUrl}/_local/functions/${ref}/invoke`, { method: 'POST', body: JSON.stringify(event) });

    const enriched = await invoke('Enrich', { orderId: 'o-1' });
    expect(enriched.status).toBe(200);
    expect(await enriched.json()).toEqual({ orderId: 'o-1', enriched: true });

    const failed = await invoke('HttpEcho', { routeKey: 'GET /nowhere' });
    expect(failed.status).toBe(200);
    expect(failed.headers.get('x-amz-function-error')).toBe('Unhandled');
    expect(await failed.json()).toMatchObject({ errorType: 'TypeError', errorMessage: 'no answer for GET /nowhere' });

    const unknown = await invoke('NoSuchFunction', {});
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect((await fetch(`${cloud.apiUrl}/_local/functions/Enrich/invoke`)).status).toBe(405);
  });

  it("answers Lambda's Invoke on the AWS endpoint for the template's functions, by id, name or ARN, and a function's error as Lambda does", async () => {
    const lambda = new LambdaClient({ endpoint: aws.endpoint, region, credentials });
    const invoke = async (name: string, event: unknown, type?: 'DryRun' | 'Event') => {
      const answer = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: JSON.stringify(event), ...(type ? { InvocationType: type } : {}) }));
      return { status: answer.StatusCode, error: answer.FunctionError, payload: answer.Payload?.length ? JSON.parse(Buffer.from(answer.Payload).toString('utf8')) : undefined };
    };
    try {
      const enrich = cloud.resources('AWS::Lambda::Function').find((resource) => resource.logicalId.startsWith('Enrich'))!;
      for (const name of ['Enrich', enrich.physicalId, enrich.arn]) {
        expect(await invoke(name, { orderId: 'o-1' })).toEqual({ status: 200, error: undefined, payload: { orderId: 'o-1', enriched: true } });
      }
      expect(await invoke('Enrich', {}, 'DryRun')).toEqual({ status: 204, error: undefined, payload: undefined });
      expect(await invoke('HttpEcho', { routeKey: 'GET /nowhere' })).toEqual({
        status: 200,
        error: 'Unhandled',
        payload: expect.objectContaining({ errorType: 'TypeError', errorMessage: 'no answer for GET /nowhere' }),
      });
      await expect(invoke('NoSuchFunction', {})).rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
      await expect(invoke('Enrich', {}, 'Event')).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
      // Over Lambda's 6 MB for a synchronous invocation's event: refused, the function not run.
      await expect(invoke('Enrich', { orderId: 'o'.repeat(6_291_456) })).rejects.toMatchObject({
        name: 'RequestEntityTooLargeException',
        $metadata: { httpStatusCode: 413 },
      });
      await expect(lambda.send(new InvokeCommand({ FunctionName: 'Enrich', Payload: Buffer.from('{not json') }))).rejects.toMatchObject({
        name: 'InvalidRequestContentException',
      });
    } finally {
      lambda.destroy();
    }
  });

  it('delivers a table write to the stream function as a DynamoDB stream record', async () => {
    await putItem('ITEM#helmet', 'bike helmet');

    await vi.waitFor(async () => expect(await marker('MARK#ITEM#helmet')).toBeDefined(), { timeout: 30_000, interval: 100 });
    expect(await marker('MARK#ITEM#helmet')).toMatchObject({
      seen: '1',
      label: 'bike helmet',
      eventSource: 'aws:dynamodb',
      streamViewType: 'NEW_AND_OLD_IMAGES',
    });
  });

  it('redelivers from the failed record of a partial batch failure, and only that once more', async () => {
    await putItem('FLAKY#scanner', 'flaky');
    await putItem('ITEM#after-flaky', 'after');

    await vi.waitFor(async () => expect(await marker('MARK#ITEM#after-flaky')).toBeDefined(), { timeout: 30_000, interval: 100 });
    expect(await marker('MARK#FLAKY#scanner')).toMatchObject({ seen: '2' });
  });

  it('runs the state machine of an EventBridge rule, retrying and then catching the named Lambda error', async () => {
    const events = new EventBridgeClient({ endpoint: aws.endpoint, region, credentials });
    await events.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: 'fixture-bus', Source: 'fixture.orders', DetailType: 'OrderPlaced', Detail: '{"orderId":"o-7"}' }],
      }),
    );
    events.destroy();

    await vi.waitFor(() => expect(cloud.listExecutions('OrderWorkflow')).toHaveLength(1), { timeout: 30_000, interval: 50 });
    const [started] = cloud.listExecutions('OrderWorkflow');
    const execution = await cloud.waitForExecution(started!.executionArn);

    expect(execution).toMatchObject({
      status: 'SUCCEEDED',
      input: { orderId: 'o-7' },
      output: { orderId: 'o-7', enriched: true, failure: { Error: 'PartnerUnavailable' } },
    });
    expect(await marker('ATTEMPTS#o-7')).toMatchObject({ attempts: '3' });
    await vi.waitFor(async () => expect(await marker('DELIVERED#o-7')).toMatchObject({ detailType: 'OrderPlaced' }), {
      timeout: 30_000,
      interval: 100,
    });
  });

  it('refuses to start a second execution under a name the state machine already used', async () => {
    const { executionArn } = cloud.startExecution('OrderWorkflow', { orderId: 'o-8' }, 'order-o-8');

    expect(() => cloud.startExecution('OrderWorkflow', { orderId: 'o-8' }, 'order-o-8')).toThrow(
      expect.objectContaining({ name: 'ExecutionAlreadyExists' }),
    );
    await expect(cloud.waitForExecution(executionArn)).resolves.toMatchObject({ status: 'SUCCEEDED' });
  });

  it('rejects a direct invocation with an error named after the function errorType', async () => {
    await expect(cloud.invoke('PartnerCall', { orderId: 'direct' })).rejects.toMatchObject({
      name: 'PartnerUnavailable',
      message: 'partner for direct is down',
    });
  });

  it('continues the stream after a restart without replaying or skipping records', async () => {
    await cloud.stop();
    await putItem('ITEM#while-stopped', 'written while stopped');

    cloud = await startLocalCloud(options);

    await vi.waitFor(async () => expect(await marker('MARK#ITEM#while-stopped')).toBeDefined(), { timeout: 30_000, interval: 100 });
    expect(await marker('MARK#ITEM#while-stopped')).toMatchObject({ seen: '1' });
    expect(await marker('MARK#ITEM#helmet')).toMatchObject({ seen: '1' });
    expect(await marker('MARK#FLAKY#scanner')).toMatchObject({ seen: '2' });
  });
});
