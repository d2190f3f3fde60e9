import { DhlReturnsCarrier } from '../../shared/adapters/dhl/dhl-returns-carrier';
import { DynamoDbPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { S3BlobStore } from '../../shared/adapters/s3/s3-blob-store';
import { secretJson, secretString } from '../../shared/adapters/secrets/secrets';
import { SesNotifier } from '../../shared/adapters/ses/ses-notifier';
import { requiredEnv } from '../../shared/config';
import { LabelWorkflow } from '../../shared/services/label-workflow';
import { TakeBackService } from '../../shared/services/take-back-service';
import { newId } from '../../shared/services/tokens';

// The composition root of the Lambdas: adapters built once per execution environment from the
// environment the stack sets (infra/), shared by the handlers of one bundle.

const now = () => new Date();
const trackingSecret = () => secretString(requiredEnv('TRACKING_SECRET_ARN'));

export const store = () => new DynamoDbPassportStore(requiredEnv('TABLE_NAME'));
const blobs = () => new S3BlobStore(requiredEnv('BUCKET_NAME'));

export function takeBackService(): TakeBackService {
  return new TakeBackService({ store: store(), blobs: blobs(), now, newId, trackingSecret });
}

interface DhlCredentials {
  apiKey: string;
  username: string;
  password: string;
}

export function labelWorkflow(): LabelWorkflow {
  return new LabelWorkflow({
    store: store(),
    blobs: blobs(),
    carrier: async () =>
      new DhlReturnsCarrier({ baseUrl: requiredEnv('DHL_API_BASE_URL'), ...(await secretJson<DhlCredentials>(requiredEnv('DHL_SECRET_ARN'))) }),
    notifier: new SesNotifier(),
    now,
    trackingSecret,
    apiBaseUrl: requiredEnv('API_BASE_URL'),
  });
}
