import { DhlReturnsCarrier } from '../../shared/adapters/dhl/dhl-returns-carrier';
import { dynamoDbClient } from '../../shared/adapters/dynamodb/client';
import { DynamoDbGuardedClaims } from '../../shared/adapters/dynamodb/passport-store';
import { s3Client } from '../../shared/adapters/s3/client';
import { S3BlobStore } from '../../shared/adapters/s3/s3-blob-store';
import { secretJson } from '../../shared/adapters/secrets/secrets';
import { sesClient } from '../../shared/adapters/ses/client';
import { sfnClient } from '../../shared/adapters/step-functions/client';
import { StepFunctionsWorkflowStarter } from '../../shared/adapters/step-functions/workflow-starter';
import { SesNotifier } from '../../shared/adapters/ses/ses-notifier';
import { requiredEnv } from '../../shared/config';
import { BankAccountReentry } from '../../shared/services/bank-account-reentry';
import { LabelRetries } from '../../shared/services/label-retries';
import { LabelCreation, LabelEmails } from '../../shared/services/label-workflow';
import { TakeBackCancellation } from '../../shared/services/take-back-cancellation';
import { TakeBackLabels, TakeBackService, TakeBackTracking } from '../../shared/services/take-back-service';
import { newId } from '../../shared/services/tokens';
import { bankAccounts, trackingSecret } from '../commons/secrets';
import { brandCatalogs, now, passportReads, passportRecords, passportStore, payoutReads, payoutStore, takeBackStore, workQueue } from '../commons/stores';

// The take-back stage's collaborators (catalog, quote, request, tracking, label).

const blobs = () => new S3BlobStore(requiredEnv('BUCKET_NAME'), s3Client());

/** The request of a take-back: the quote, the brand's configuration, the sealing of a bank account. */
export function takeBackService(): TakeBackService {
  return new TakeBackService({ store: takeBackStore(), now, newId, trackingSecret, bankAccounts: bankAccounts() });
}

/** The tracking page's read: no sealing, no quote checks. */
export const takeBackTracking = () => new TakeBackTracking({ store: passportReads(), catalogs: brandCatalogs(), trackingSecret, payouts: payoutReads() });

/** The account of a held bank transfer, entered again by its customer: no brand configuration, no bucket. */
export const bankAccountReentry = () =>
  new BankAccountReentry({ store: passportReads(), payouts: payoutStore(), bankAccounts: bankAccounts(), trackingSecret, now });

/** The customer's cancellation: the passports alone, no brand configuration, no bucket. */
export const takeBackCancellation = () => new TakeBackCancellation({ store: passportRecords(), trackingSecret, now });

export const takeBackLabels = () => new TakeBackLabels({ store: passportReads(), blobs: blobs(), trackingSecret });

interface DhlCredentials {
  apiKey: string;
  username: string;
  password: string;
}

/** The label step: the passports, the bucket and DHL; no mail client. */
export function labelCreation(): LabelCreation {
  return new LabelCreation({
    store: passportStore(),
    blobs: blobs(),
    carrier: async () =>
      new DhlReturnsCarrier({ baseUrl: requiredEnv('DHL_API_BASE_URL'), ...(await secretJson<DhlCredentials>(requiredEnv('DHL_SECRET_ARN'))) }),
    now,
  });
}

/** The label e-mail step: the passports, the e-mail's claim and SES; neither the bucket nor DHL. */
export function labelEmails(): LabelEmails {
  return new LabelEmails({
    store: passportStore(),
    claims: new DynamoDbGuardedClaims(requiredEnv('TABLE_NAME'), dynamoDbClient()),
    notifier: new SesNotifier(sesClient()),
    now,
    trackingSecret,
    apiBaseUrl: requiredEnv('API_BASE_URL'),
    webBaseUrl: requiredEnv('WEB_BASE_URL'),
  });
}

/** A label made again by staff: the passports, the brand's countries and the workflow's ARN; neither DHL nor the bucket. */
export function labelRetries(): LabelRetries {
  const store = passportRecords();
  return new LabelRetries({
    store,
    catalogs: brandCatalogs(),
    passports: workQueue(store),
    workflows: new StepFunctionsWorkflowStarter({ TAKE_BACK: requiredEnv('TAKE_BACK_WORKFLOW_ARN') }, sfnClient()),
    now,
  });
}
