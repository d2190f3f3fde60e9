import { Duration, SecretValue } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { type EventBus, Rule } from 'aws-cdk-lib/aws-events';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Errors, type StateMachine, Succeed } from 'aws-cdk-lib/aws-stepfunctions';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { EVENT_SOURCE } from '../../shared/schemas/events';
import type { Api } from './api';
import { workflowTarget } from './event-target';
import { KreislaufFunction } from './kreislauf-function';
import { flagFailureTask, lambdaTask, workflowStateMachine } from './workflow-parts';

export interface PayoutsProps {
  table: Table;
  bucket: Bucket;
  bus: EventBus;
  api: Api;
  /** The platform key bank accounts are sealed with. */
  fieldKey: ISecret;
}

/** Errors worth another try: the voucher issuer or a service was unavailable, or a write lost a race. */
const TRANSIENT_ERRORS = ['VoucherIssuerUnavailable', 'TransactionCanceledException', Errors.TASKS_FAILED, 'Lambda.ServiceException', 'Lambda.TooManyRequestsException', 'Lambda.SdkClientException'];

/**
 * Payouts: the PayoutWorkflow, started when grading settles a payout (a Graded event with an
 * accepted value, or an accepted counter-offer), which issues the voucher or queues the bank
 * transfer exactly once per passport; the brand shop's voucher routes (API key); the admin routes
 * of the shop's API keys and of the bank-transfer exports (pain.001 files in the bucket).
 */
export class Payouts extends Construct {
  readonly stateMachine: StateMachine;
  /** Admin API access tokens of brands' Shopify shops, as JSON by shop host: `{"demo.myshopify.com": "shpat_..."}`. */
  readonly shopifyTokens: Secret;

  constructor(scope: Construct, id: string, props: PayoutsProps) {
    super(scope, id);
    this.shopifyTokens = new Secret(this, 'ShopifyAccessTokens', {
      description: 'Admin API access tokens of the brands\' Shopify shops (scope write_discounts), JSON by shop host: {"token", "brands"}; add them after the first deploy',
      // An empty map: tokens are issued by each brand's shop and entered by the operator.
      secretStringValue: SecretValue.unsafePlainText('{}'),
    });
    NagSuppressions.addResourceSuppressions(this.shopifyTokens, [
      { id: 'AwsSolutions-SMG4', reason: 'Shopify access tokens are issued in each shop by the brand; they are rotated there and entered here by the operator.' },
    ]);

    const environment = {
      TABLE_NAME: props.table.tableName,
      BUCKET_NAME: props.bucket.bucketName,
      FIELD_KEY_SECRET_ARN: props.fieldKey.secretArn,
      SHOPIFY_TOKENS_SECRET_ARN: this.shopifyTokens.secretArn,
    };
    const fn = (id: string, entry: string, description: string, timeout = Duration.seconds(10)) =>
      new KreislaufFunction(this, id, { entry, description, environment, timeout });

    const settlePayout = fn('SettlePayout', 'payouts/settle-payout', 'Issues the voucher or queues the bank transfer of a graded take-back, once', Duration.seconds(30));
    const flagFailure = fn('FlagPayoutFailure', 'payouts/flag-payout-failure', 'Records a payout that could not be made for a person to look at');
    props.table.grantReadWriteData(settlePayout);
    props.table.grantReadWriteData(flagFailure);
    this.shopifyTokens.grantRead(settlePayout);

    const settle = lambdaTask(this, 'Settle payout', settlePayout, {
      resultPath: '$.payout',
      retry: { errors: TRANSIENT_ERRORS, maxAttempts: 6, maxDelay: Duration.minutes(2) },
      // An issuer that refused the voucher for good (credentials, a code taken) needs a person, not six more tries.
      final: ['VoucherIssuerRejected'],
    });
    const flag = flagFailureTask(this, 'Flag payout failure', flagFailure);
    settle.addCatch(flag.next(new Succeed(this, 'Waiting for a person')), { errors: [Errors.ALL], resultPath: '$.failure' });

    this.stateMachine = workflowStateMachine(this, settle.next(new Succeed(this, 'Paid')), 'PayoutWorkflow: the voucher or the bank transfer of a graded take-back, or a flag for a person');
    const start = workflowTarget(this, this.stateMachine, 'PayoutWorkflow');
    new Rule(this, 'OnGradedAccepted', {
      eventBus: props.bus,
      description: 'Starts the PayoutWorkflow when grading accepts the value',
      eventPattern: { source: [EVENT_SOURCE], detailType: ['Graded'], detail: { data: { settlement: { outcome: ['ACCEPTED'] } } } },
      targets: [start],
    });
    new Rule(this, 'OnCounterOfferAccepted', {
      eventBus: props.bus,
      description: 'Starts the PayoutWorkflow when the customer accepts a counter-offer',
      eventPattern: { source: [EVENT_SOURCE], detailType: ['CounterOfferAnswered'], detail: { data: { accepted: [true] } } },
      targets: [start],
    });

    // The API's functions: each serves the operations of the route contract that name its entry.
    const apiFn = (id: string, entry: string, description: string, timeout?: Duration) => props.api.serve(entry, fn(id, entry, description, timeout));
    props.table.grantReadData(apiFn('GetVoucher', 'vouchers/get-voucher', "Shows a voucher to the brand's shop"));
    props.table.grantReadWriteData(apiFn('RedeemVoucher', 'vouchers/redeem-voucher', "Redeems a voucher in the brand's shop"));
    props.table.grantReadWriteData(apiFn('CreateApiKey', 'api-keys/create-api-key', "Creates an API key for the brand's shop"));
    props.table.grantReadData(apiFn('ListApiKeys', 'api-keys/list-api-keys', "Lists the brand's shop API keys"));
    props.table.grantReadWriteData(apiFn('RevokeApiKey', 'api-keys/revoke-api-key', 'Revokes a shop API key'));

    const createExport = apiFn('CreatePayoutExport', 'payouts/create-payout-export', 'Exports the waiting bank payouts as a SEPA credit-transfer file', Duration.seconds(29));
    props.table.grantReadWriteData(createExport);
    props.fieldKey.grantRead(createExport);
    props.bucket.grantPut(createExport, 'exports/payouts/*');
    // The list also forgets the notes of payouts made since they waited for a person.
    props.table.grantReadWriteData(apiFn('ListPayoutExports', 'payouts/list-payout-exports', "Lists the brand's bank-transfer exports and the payouts waiting"));
    const getExportFile = apiFn('GetPayoutExportFile', 'payouts/get-payout-export-file', 'Serves the pain.001 file of an export');
    props.table.grantReadData(getExportFile);
    props.bucket.grantRead(getExportFile, 'exports/payouts/*');
    // An admin starts the workflow again once what stopped a payout is put right.
    const retryPayout = apiFn('RetryPayout', 'payouts/retry-payout', "Starts a customer's payout again after it could not be made");
    props.table.grantReadWriteData(retryPayout);
    retryPayout.addEnvironment('PAYOUT_WORKFLOW_ARN', this.stateMachine.stateMachineArn);
    this.stateMachine.grantStartExecution(retryPayout);
  }
}
