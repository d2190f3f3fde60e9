import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dynamoDbClient } from '../../shared/adapters/dynamodb/client';
import { eventBridgeClient } from '../../shared/adapters/eventbridge/client';
import { s3Client } from '../../shared/adapters/s3/client';
import { schedulerClient } from '../../shared/adapters/scheduler/client';
import { withoutCallLogging } from '../../shared/adapters/sdk-client';
import { sesClient } from '../../shared/adapters/ses/client';
import { sqsClient } from '../../shared/adapters/sqs/client';
import { sfnClient } from '../../shared/adapters/step-functions/client';

describe('withoutCallLogging', () => {
  let server: Server;
  let endpoint: string;

  beforeAll(async () => {
    // Answers every call as DynamoDB answers ListTables.
    server = createServer((_, response) => response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{"TableNames":[]}'));
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((closed) => server.close(() => closed())));

  function aClient(logger: { debug(): void; info(): void; warn(): void; error(): void }) {
    return new DynamoDBClient({ endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, logger });
  }

  it("takes the step out that copies and masks each call's input and output for the client's logger", async () => {
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const logging = aClient(logger);
    await logging.send(new ListTablesCommand({}));
    // Without it the SDK logs every call, so the test would see it.
    expect(logger.info).toHaveBeenCalledWith(expect.objectContaining({ commandName: 'ListTablesCommand', input: {}, output: { TableNames: [] } }));
    logger.info.mockClear();

    const quiet = withoutCallLogging(aClient(logger));
    await expect(quiet.send(new ListTablesCommand({}))).resolves.toMatchObject({ TableNames: [] });

    expect(logger.info).not.toHaveBeenCalled();
    logging.destroy();
    quiet.destroy();
  });

  it('is applied to the one client per AWS service that the adapters share, which keep every other step', () => {
    for (const client of [dynamoDbClient(), sqsClient(), eventBridgeClient(), schedulerClient(), sesClient(), s3Client(), sfnClient()]) {
      const steps = client.middlewareStack.identify();
      expect(steps.filter((step) => step.startsWith('loggerMiddleware'))).toEqual([]);
      expect(steps).toEqual(expect.arrayContaining([expect.stringMatching(/^retryMiddleware/), expect.stringMatching(/^httpSigningMiddleware/)]));
    }
  });
});
