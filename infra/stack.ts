import { CfnOutput, CfnParameter, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { AlarmNotifications } from './constructs/alarm-notifications';
import { Api } from './constructs/api';
import { BrandConfiguration } from './constructs/brand-configuration';
import { BrandWebhooks } from './constructs/brand-webhooks';
import { CustomerMessages } from './constructs/customer-messages';
import { Data } from './constructs/data';
import { DomainEvents } from './constructs/domain-events';
import { KreislaufFunction } from './constructs/kreislauf-function';
import { Payouts } from './constructs/payouts';
import { PhotoCdn } from './constructs/photo-cdn';
import { redriveCommands } from './constructs/redrive-commands';
import { ReceiptAndGrading } from './constructs/receipt-and-grading';
import { ReportOperations } from './constructs/report-operations';
import { RepairNetwork } from './constructs/repair-network';
import { Reports } from './constructs/reports';
import { Resale } from './constructs/resale';
import { RoutingWorkflow } from './constructs/routing-workflow';
import { StaffDirectory } from './constructs/staff-directory';
import { StaffIdentity } from './constructs/staff-identity';
import { StalledPassportSweeper } from './constructs/stalled-passport-sweeper';
import { LateCustomerPhotos } from './constructs/late-customer-photos';
import { TakeBackWorkflow } from './constructs/take-back-workflow';
import { Web } from './constructs/web';
import { WEB_DIST } from './web-build';

/** DHL's sandbox; production is https://api-eu.dhl.com/parcel/de/shipping/returns/v1. */
const DHL_SANDBOX_URL = 'https://api-sandbox.dhl.com/parcel/de/shipping/returns/v1';
/** DHL's sandbox of the Parcel DE Shipping API v2; production is https://api-eu.dhl.com/parcel/de/shipping/v2. */
const DHL_SHIPPING_SANDBOX_URL = 'https://api-sandbox.dhl.com/parcel/de/shipping/v2';

/**
 * The whole platform in one environment-agnostic stack: data, API, domain events and workflows.
 * Every piece of wiring lives here; the local cloud runs this stack's synthesized template.
 */
export class KreislaufStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const dhlApiBaseUrl = new CfnParameter(this, 'DhlApiBaseUrl', {
      type: 'String',
      default: DHL_SANDBOX_URL,
      description: 'Base URL of the DHL Parcel DE Returns API v1 (sandbox or production)',
    });

    const dhlShippingApiBaseUrl = new CfnParameter(this, 'DhlShippingApiBaseUrl', {
      type: 'String',
      default: DHL_SHIPPING_SANDBOX_URL,
      description: 'Base URL of the DHL Parcel DE Shipping API v2 (sandbox or production): the parcels that take items back to customers',
    });

    // Every alarm made below notifies its topic (and the AlarmEmail parameter's address).
    new AlarmNotifications(this, 'Alarms');

    const data = new Data(this, 'Data');
    const events = new DomainEvents(this, 'Events', { table: data.table });

    const dhlCredentials = new Secret(this, 'DhlCredentials', {
      description: 'DHL API credentials (Returns and Shipping) as JSON {"apiKey","username","password"}; set the real values after the first deploy',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ apiKey: 'set-me', username: 'set-me' }),
        generateStringKey: 'password',
      },
    });
    const trackingSecret = new Secret(this, 'TrackingSecret', {
      description: "Key of the customers' tracking tokens (rotating it invalidates every tracking link sent)",
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    NagSuppressions.addResourceSuppressions([dhlCredentials, trackingSecret], [
      {
        id: 'AwsSolutions-SMG4',
        reason: 'DHL credentials are issued by DHL and rotated in its portal by the operator; rotating the tracking key would break the links customers hold, so it is rotated by hand with notice.',
      },
    ]);

    const staff = new StaffIdentity(this, 'Staff');
    const httpApi = new Api(this, 'Api', { staffAuthorizer: staff.authorizer });
    // The web app and the API on one CloudFront origin; the e-mails link to its pages.
    const web = new Web(this, 'Web', { directory: WEB_DIST, apiUrl: httpApi.url, staffSignIn: { kind: 'cognito', ...staff.signInConfig() } });
    staff.acceptConsoleAt(web.url);
    data.acceptUploadsFrom(web.url);
    const photoCdn = new PhotoCdn(this, 'Photos', { bucket: data.bucket });
    const api = (entry: string, description: string, grants: (fn: KreislaufFunction) => void) => {
      const fn = new KreislaufFunction(this, entry.replace(/(^|[-/])(\w)/g, (_m, _s, c: string) => c.toUpperCase()), {
        entry,
        description,
        environment: {
          TABLE_NAME: data.table.tableName,
          BUCKET_NAME: data.bucket.bucketName,
          TRACKING_SECRET_ARN: trackingSecret.secretArn,
        },
        timeout: Duration.seconds(10),
      });
      grants(fn);
      return httpApi.serve(entry, fn);
    };
    api('catalog/get-catalog', "Returns a brand's take-back catalog", (fn) => data.table.grantReadData(fn));
    api('take-back/create-quote', 'Gives an instant offer', (fn) => data.table.grantReadWriteData(fn));
    const requestTakeBack = api('take-back/request-take-back', 'Registers a take-back', (fn) => {
      data.table.grantReadWriteData(fn);
      trackingSecret.grantRead(fn);
    });
    api('take-back/get-take-back', 'Shows a take-back to its customer', (fn) => {
      data.table.grantReadData(fn);
      trackingSecret.grantRead(fn);
    });
    api('take-back/cancel-take-back', 'Cancels a take-back for its customer', (fn) => {
      data.table.grantReadWriteData(fn);
      trackingSecret.grantRead(fn);
    });
    api('take-back/get-label', 'Serves the return label', (fn) => {
      data.table.grantReadData(fn);
      trackingSecret.grantRead(fn);
      data.bucket.grantRead(fn, 'labels/*');
    });
    api('take-back/request-customer-photo-upload', 'Gives the customer an address to upload a photo of the item', (fn) => {
      data.table.grantReadWriteData(fn);
      trackingSecret.grantRead(fn);
      // A presigned upload acts with the signer's rights: this one may put photos and nothing else.
      data.bucket.grantPut(fn, 'photos/*');
    });
    api('platform/health', 'Answers health checks', () => undefined);

    const takeBackWorkflow = new TakeBackWorkflow(this, 'TakeBackWorkflow', {
      table: data.table,
      api: httpApi,
      bucket: data.bucket,
      bus: events.bus,
      dhlCredentials,
      trackingSecret,
      dhlApiBaseUrl: dhlApiBaseUrl.valueAsString,
      apiBaseUrl: httpApi.url,
      webBaseUrl: web.url,
    });

    // Receipt, grading, routing and the repair-partner network (issue 3).
    const allowLocalHttpWebhooks = new CfnParameter(this, 'AllowLocalHttpWebhooks', {
      type: 'String',
      default: 'false',
      allowedValues: ['true', 'false'],
      description: 'Whether webhook endpoints and a Shopify voucher issuer may be plain HTTP on the machine itself; only the local cloud sets true',
    });
    const fieldKey = new Secret(this, 'FieldKey', {
      description:
        'Key that seals secrets and personal fields stored in the table (partner webhook secrets, bank accounts): one key, or a key ring to rotate it (docs/field-keys.md)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    NagSuppressions.addResourceSuppressions(fieldKey, [
      {
        id: 'AwsSolutions-SMG4',
        reason: 'Rotated by an admin as a key ring (the old key stays until ResealFields has sealed every stored value again), not by a rotation function that would replace the key.',
      },
    ]);
    // Invoked by hand after a rotation of the field key; no route, no schedule.
    const resealFields = new KreislaufFunction(this, 'ResealFields', {
      entry: 'platform/reseal-fields',
      description: 'Seals every stored sealed value again under the current key of the FieldKey ring',
      environment: { TABLE_NAME: data.table.tableName, FIELD_KEY_SECRET_ARN: fieldKey.secretArn },
      timeout: Duration.minutes(15),
    });
    data.table.grantReadWriteData(resealFields);
    fieldKey.grantRead(resealFields);
    new CfnOutput(this, 'ResealFieldsFunction', {
      value: resealFields.functionName,
      description: 'Invoke after a rotation of the FieldKey secret, again with the cursor it returns until it answers done (docs/field-keys.md)',
    });
    new ReceiptAndGrading(this, 'ReceiptAndGrading', {
      table: data.table,
      bucket: data.bucket,
      api: httpApi,
      trackingSecret,
      dhlCredentials,
      dhlShippingApiBaseUrl: dhlShippingApiBaseUrl.valueAsString,
      photoBaseUrl: photoCdn.url,
    });
    const repairNetwork = new RepairNetwork(this, 'RepairNetwork', {
      table: data.table,
      bus: events.bus,
      api: httpApi,
      fieldKey,
      apiBaseUrl: httpApi.url,
      allowLocalHttpWebhooks: allowLocalHttpWebhooks.valueAsString,
    });
    const routing = new RoutingWorkflow(this, 'RoutingWorkflow', { table: data.table, bus: events.bus, jobQueue: repairNetwork.jobQueue });

    // Payouts and customer communication (issue 4).
    requestTakeBack.addEnvironment('FIELD_KEY_SECRET_ARN', fieldKey.secretArn);
    fieldKey.grantRead(requestTakeBack);
    const replaceBankAccount = api('take-back/replace-bank-account', 'Takes the account of a held bank transfer again from its customer', (fn) => {
      data.table.grantReadWriteData(fn);
      trackingSecret.grantRead(fn);
      fieldKey.grantRead(fn);
    });
    replaceBankAccount.addEnvironment('FIELD_KEY_SECRET_ARN', fieldKey.secretArn);
    const payouts = new Payouts(this, 'Payouts', { table: data.table, bucket: data.bucket, bus: events.bus, api: httpApi, fieldKey });
    new CustomerMessages(this, 'CustomerMessages', { table: data.table, bus: events.bus, trackingSecret, apiBaseUrl: httpApi.url, webBaseUrl: web.url });
    new BrandWebhooks(this, 'BrandWebhooks', {
      table: data.table,
      bus: events.bus,
      api: httpApi,
      fieldKey,
      allowLocalHttpWebhooks: allowLocalHttpWebhooks.valueAsString,
    });

    // Resale (issue 9): the channels' API hosts are the deployment's; the local cloud points them at its sandboxes.
    const channelUrl = (id: string, fallback: string, description: string) =>
      new CfnParameter(this, id, { type: 'String', default: fallback, description }).valueAsString;
    const resale = new Resale(this, 'Resale', {
      table: data.table,
      bus: events.bus,
      api: httpApi,
      ebayApiUrl: channelUrl('EbayApiUrl', 'https://api.ebay.com', 'Origin of the eBay APIs (production, or https://api.sandbox.ebay.com)'),
      backMarketApiUrl: channelUrl('BackMarketApiUrl', 'https://www.backmarket.fr', 'Origin of the Back Market seller API'),
      refurbedApiUrl: channelUrl('RefurbedApiUrl', 'https://api.refurbed.com', 'Origin of the Refurbed merchant API'),
      shopifyAdminApiUrl: channelUrl('ShopifyAdminApiUrl', '', "Empty: each brand's shop domain; the local cloud sets its Shopify sandbox"),
    });

    // Reports (issue 10).
    new Reports(this, 'Reports', { table: data.table, bus: events.bus, api: httpApi });

    // Brand configuration (issue 10).
    new BrandConfiguration(this, 'BrandConfiguration', { table: data.table, api: httpApi, allowLocalHttpWebhooks: allowLocalHttpWebhooks.valueAsString });
    // Who is who on each brand's staff, for the pages that name people.
    new StaffDirectory(this, 'StaffDirectory', { table: data.table, api: httpApi });

    // Crash safety (issue 7).
    new StalledPassportSweeper(this, 'StalledPassportSweeper', {
      table: data.table,
      takeBackWorkflow: takeBackWorkflow.stateMachine,
      payoutWorkflow: payouts.stateMachine,
      listingWorkflow: resale.listingWorkflow,
      routingWorkflow: routing.stateMachine,
    });
    new LateCustomerPhotos(this, 'LateCustomerPhotos', { table: data.table, bucket: data.bucket });

    // The monthly impact e-mail and the nightly reconciliation of the reports (issue 10).
    new ReportOperations(this, 'ReportOperations', { table: data.table });

    NagSuppressions.addStackSuppressions(this, [
      {
        id: 'AwsSolutions-IAM4',
        reason: 'Lambda roles use AWSLambdaBasicExecutionRole for their own log streams only.',
        appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      },
      {
        id: 'AwsSolutions-IAM5',
        reason: 'Wildcards come from CDK grants scoped to one resource: the table and its indexes, label objects under labels/, the X-Ray and state machine log delivery actions, and the function versions of the state machine tasks.',
      },
      {
        id: 'AwsSolutions-L1',
        reason: 'The functions are pinned to Node.js 22, the runtime the test suite and the local cloud run on; moving to a newer runtime is a deliberate upgrade.',
      },
    ]);

    new CfnOutput(this, 'PhotosUrl', { value: photoCdn.url, description: 'Where the grading photos are public (/photos/...), for listings and marketplaces' });
    new CfnOutput(this, 'WebUrl', { value: web.url, description: 'The web app: /trade-in/{brand}, /track/{id}, /staff/, /dashboard/' });
    new CfnOutput(this, 'ApiUrl', { value: httpApi.url, description: 'Base URL of the Kreislauf API' });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'DhlCredentialsSecret', { value: dhlCredentials.secretName, description: 'Put the DHL credentials here' });
    redriveCommands(this);
  }
}
