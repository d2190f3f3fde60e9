import { S3Client } from '@aws-sdk/client-s3';
import { LOCAL_CREDENTIALS } from '../../local/services/local-credentials';
import { SANDBOX_CREDENTIALS } from '../../local/sandboxes/dhl/sandbox';
import { DhlReturnsCarrier } from '../../shared/adapters/dhl/dhl-returns-carrier';
import { DynamoDbPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { S3BlobStore } from '../../shared/adapters/s3/s3-blob-store';
import { LabelCreation } from '../../shared/services/label-workflow';
import { localDynamoDb } from './local-dynamodb';
import { workerClock } from './worker-folder';
import { runWorker } from './worker-main';

// The TakeBackWorkflow's label step (`functions/take-back/create-label.ts`) in a process of its own, for
// `tests/integration/label-crash.test.ts` to kill with SIGKILL (run by `tests/support/kill-harness.ts`, which
// hands over the config). It runs the step for each passport it is given, as the workflow's retries would,
// each worker a minute and a second after the one before: past the 60 s lease of a claim its predecessor
// died holding. Exits 0 when every step answered.

export interface LabelWorkerConfig {
  dynamodbEndpoint: string;
  tableName: string;
  /** DHL's Returns API (the sandbox), behind the harness's proxy. */
  dhlReturnsApiUrl: string;
  /** The local S3 server, behind the harness's proxy, and the bucket the labels are kept in. */
  s3Endpoint: string;
  bucket: string;
  label: string[];
  /** Where the worker keeps its clock. */
  folder: string;
}

async function main(config: LabelWorkerConfig): Promise<number> {
  const s3 = new S3Client({ endpoint: config.s3Endpoint, region: 'eu-central-1', forcePathStyle: true, credentials: LOCAL_CREDENTIALS });
  const carrier = new DhlReturnsCarrier({ baseUrl: config.dhlReturnsApiUrl, ...SANDBOX_CREDENTIALS });
  const labels = new LabelCreation({
    store: new DynamoDbPassportStore(config.tableName, localDynamoDb(config.dynamodbEndpoint)),
    blobs: new S3BlobStore(config.bucket, s3),
    carrier: async () => carrier,
    now: workerClock(config.folder),
  });
  for (const id of config.label) await labels.createLabel(id);
  return 0;
}

runWorker(main);
