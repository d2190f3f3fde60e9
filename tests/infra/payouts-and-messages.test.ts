import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EMAIL_EVENT_TYPES } from '../../shared/domain/emails/triggers';
import { EMAIL_CLAIM_LEASE_MS } from '../../shared/services/customer-messages';
import { STEP_CLAIM_LEASE_MS } from '../../shared/services/label-workflow';
import { type Resource, SynthesizedStack } from '../support/stack-template';

const STAFF_ROUTES = [
  'POST /v1/api-keys',
  'GET /v1/api-keys',
  'DELETE /v1/api-keys/{keyId}',
  'POST /v1/payouts/exports',
  'GET /v1/payouts/exports',
  'GET /v1/payouts/exports/{exportId}/file',
  'POST /v1/webhook-subscriptions',
  'GET /v1/webhook-subscriptions',
  'DELETE /v1/webhook-subscriptions/{subscriptionId}',
  'PATCH /v1/webhook-subscriptions/{subscriptionId}',
  'POST /v1/webhook-dead-letters/replay',
];

describe('payouts, customer messages, reminders and brand webhooks in the stack', () => {
  let synthesized: SynthesizedStack;
  let template: Template;
  let resources: Record<string, Resource>;

  beforeAll(() => {
    synthesized = new SynthesizedStack();
    ({ template, resources } = synthesized);
  });

  const ofType = (type: string) => synthesized.ofType(type);
  const logicalIdOf = (type: string, fragment: string) => synthesized.logicalIdOf(type, fragment);
  const actionsOf = (fragment: string) => synthesized.actionsOf(fragment);
  const routes = () => ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
  const ruleTargeting = (fragment: string) =>
    ofType('AWS::Events::Rule')
      .map(([, r]) => r.Properties)
      .filter((rule) => JSON.stringify(rule.Targets).includes(fragment));

  it('puts the admin routes of keys, exports and webhooks behind the JWT authorizer', () => {
    for (const routeKey of STAFF_ROUTES) {
      expect(routes().find((r) => r.RouteKey === routeKey), routeKey).toMatchObject({ AuthorizationType: 'JWT' });
    }
  });

  it("leaves the shop's voucher routes public, checked by API key in their functions", () => {
    for (const routeKey of ['GET /v1/vouchers/{code}', 'POST /v1/vouchers/{code}/redeem']) {
      expect(routes().find((r) => r.RouteKey === routeKey)?.AuthorizationType ?? 'NONE', routeKey).toBe('NONE');
    }
  });

  it('starts the PayoutWorkflow for accepted gradings and accepted counter-offers only, with the event detail as input', () => {
    const rules = ruleTargeting('PayoutsStateMachine').map((rule) => rule.EventPattern);
    expect(rules).toEqual(
      expect.arrayContaining([
        { source: ['kreislauf.passport'], 'detail-type': ['Graded'], detail: { data: { settlement: { outcome: ['ACCEPTED'] } } } },
        { source: ['kreislauf.passport'], 'detail-type': ['CounterOfferAnswered'], detail: { data: { accepted: [true] } } },
      ]),
    );
    expect(ruleTargeting('PayoutsStateMachine').every((rule) => rule.Targets[0].InputPath === '$.detail')).toBe(true);
  });

  it('retries the payout on transient errors, not a refusal of the issuer, and flags it for a person when it gives up', () => {
    const machine = resources[logicalIdOf('AWS::StepFunctions::StateMachine', 'Payouts')]!;
    const definition = JSON.parse(
      (machine.Properties.DefinitionString['Fn::Join'][1] as unknown[]).map((part) => (typeof part === 'string' ? part : 'token')).join(''),
    );
    const settle = definition.States['Settle payout'];
    // States.TaskFailed in the transient retrier matches every error: the issuer's refusal is named first, with no attempts.
    expect(settle.Retry[0]).toEqual({ ErrorEquals: ['VoucherIssuerRejected'], MaxAttempts: 0 });
    expect(settle.Retry[1]).toMatchObject({ ErrorEquals: expect.arrayContaining(['VoucherIssuerUnavailable', 'States.TaskFailed']), BackoffRate: 2 });
    expect(settle.Catch[0]).toMatchObject({ ErrorEquals: ['States.ALL'], Next: 'Flag payout failure' });
  });

  it('gives the payout functions only what their job needs', () => {
    expect(actionsOf('GetVoucher')).not.toContain('dynamodb:PutItem');
    expect(actionsOf('RedeemVoucher')).toContain('dynamodb:UpdateItem');
    expect(actionsOf('SettlePayout')).toContain('secretsmanager:GetSecretValue');
    expect(actionsOf('SettlePayout')).not.toContain('ses:SendEmail');
    expect(actionsOf('CreatePayoutExport')).toEqual(expect.arrayContaining(['s3:PutObject', 'secretsmanager:GetSecretValue']));
    expect(actionsOf('GetPayoutExportFile')).not.toContain('s3:PutObject');
    expect(actionsOf('ListApiKeys')).not.toContain('dynamodb:PutItem');
    const takeBack = resources[logicalIdOf('AWS::Lambda::Function', 'TakeBackRequestTakeBack')]!;
    expect(takeBack.Properties.Environment.Variables.FIELD_KEY_SECRET_ARN).toEqual({ Ref: expect.stringMatching(/^FieldKey/) });
  });

  it('sends customer e-mails from a consumer of every event that calls for one, dead-lettering what keeps failing', () => {
    const [rule] = ruleTargeting('SendCustomerEmail');
    expect(rule!.EventPattern).toEqual({ source: ['kreislauf.passport'], 'detail-type': [...EMAIL_EVENT_TYPES] });
    expect(rule!.Targets[0]).toMatchObject({
      InputPath: '$.detail',
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/CustomerMessagesDeadLetters/), 'Arn'] } },
      RetryPolicy: { MaximumRetryAttempts: 8 },
    });
    expect(actionsOf('SendCustomerEmail')).toContain('ses:SendEmail');
  });

  it('ends every attempt of an e-mail or label step within half its claim\'s lease, so that only a dead attempt\'s claim is taken over', () => {
    const timeoutMs = (fragment: string) => resources[synthesized.logicalIdOf('AWS::Lambda::Function', fragment)]!.Properties.Timeout * 1000;

    expect(timeoutMs('SendCustomerEmail') * 2).toBeLessThanOrEqual(EMAIL_CLAIM_LEASE_MS);
    for (const step of ['TakeBackWorkflowCreateLabel', 'TakeBackWorkflowSendLabelEmail']) expect(timeoutMs(step) * 2).toBeLessThanOrEqual(STEP_CLAIM_LEASE_MS);
  });

  it('dead-letters what a function invoked by a rule or a schedule still failed after its retries, into the queue of that rule, and lets it write there', () => {
    const functions = new Map(ofType('AWS::Lambda::Function'));
    const dead = ofType('AWS::Events::Rule').flatMap(([, rule]) =>
      (rule.Properties.Targets as { Arn: unknown; DeadLetterConfig?: { Arn: unknown } }[]).flatMap((target) => {
        const getAtt = (target.Arn as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
        return getAtt && functions.has(getAtt[0]) && target.DeadLetterConfig ? [{ fn: getAtt[0], queue: target.DeadLetterConfig.Arn }] : [];
      }),
    );
    // The e-mails, the reminders' scheduling, the webhook fan-out and the queueing of recorded listing
    // changes; the reminder function is a schedule's target.
    // The reminders' scheduling has two rules: new labels, vouchers and holds, and counter-offers; the
    // listing changes' queueing two: people's changes, and sales' withdrawals.
    expect(dead.map(({ fn }) => fn).sort()).toEqual([
      expect.stringMatching(/^BrandWebhooksFanOutWebhooks/),
      expect.stringMatching(/^CustomerMessagesScheduleReminders/),
      expect.stringMatching(/^CustomerMessagesScheduleReminders/),
      expect.stringMatching(/^CustomerMessagesSendCustomerEmail/),
      expect.stringMatching(/^ResaleQueueListingChange/),
      expect.stringMatching(/^ResaleQueueListingChange/),
    ]);
    dead.push({ fn: logicalIdOf('AWS::Lambda::Function', 'SendReminder'), queue: { 'Fn::GetAtt': [logicalIdOf('AWS::SQS::Queue', 'CustomerMessagesReminderDeadLetters'), 'Arn'] } });
    // Each function's dead letters in a queue of their own, so that a redrive knows whose they are.
    const queuesOf = new Map<string, Set<string>>();
    for (const { fn, queue } of dead) queuesOf.set(JSON.stringify(queue), (queuesOf.get(JSON.stringify(queue)) ?? new Set()).add(fn));
    expect([...queuesOf.values()].map((functionsOfQueue) => functionsOfQueue.size)).toEqual([1, 1, 1, 1, 1]);
    for (const { fn, queue } of dead) {
      expect(functions.get(fn)!.Properties.DeadLetterConfig, fn).toEqual({ TargetArn: queue });
      const role = (functions.get(fn)!.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const statements = synthesized.statementsOfRole(role);
      expect(statements, fn).toContainEqual(expect.objectContaining({ Action: 'sqs:SendMessage', Resource: queue }));
    }
  });

  it('schedules reminders in their own schedule group with a role that may only invoke the reminder function', () => {
    template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
    const [rule, counterOffers] = ruleTargeting('ScheduleReminders');
    expect(rule!.EventPattern['detail-type']).toEqual(['LabelCreated', 'VoucherIssued', 'NeedsAttention']);
    // A grading's counter-offer only, by the settlement in the event: an accepted grading schedules nothing.
    expect(counterOffers!.EventPattern).toMatchObject({ 'detail-type': ['Graded'], detail: { data: { settlement: { outcome: ['COUNTER_OFFER'] } } } });
    expect(actionsOf('ScheduleReminders')).toEqual(expect.arrayContaining(['scheduler:CreateSchedule', 'iam:PassRole']));
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })] },
    });
    const schedulerRole = ofType('AWS::IAM::Role').find(([id]) => id.includes('SchedulerRole'))![0];
    const granted = ofType('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === schedulerRole))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat()));
    expect(new Set(granted)).toEqual(new Set(['lambda:InvokeFunction', 'sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl']));
    // A reminder its schedule could not hand over waits where the reminder function's own failures do.
    const reminderDeadLetters = { 'Fn::GetAtt': [logicalIdOf('AWS::SQS::Queue', 'CustomerMessagesReminderDeadLetters'), 'Arn'] };
    expect(resources[logicalIdOf('AWS::Lambda::Function', 'ScheduleReminders')]!.Properties.Environment.Variables.REMINDER_DEAD_LETTER_ARN).toEqual(reminderDeadLetters);
    expect(resources[logicalIdOf('AWS::Lambda::Function', 'SendReminder')]!.Properties.DeadLetterConfig).toEqual({ TargetArn: reminderDeadLetters });
  });

  it('delivers brand webhooks from a queue that dead-letters after the last try, with partial batch failures', () => {
    const deliveries = logicalIdOf('AWS::SQS::Queue', 'BrandWebhooksDeliveries');
    expect(resources[deliveries]!.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [expect.stringMatching(/DeliveryDeadLetters/), 'Arn'] },
      maxReceiveCount: 8,
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [deliveries, 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(actionsOf('DeliverWebhooks')).toContain('sqs:ChangeMessageVisibility');
    const [fanOut] = ruleTargeting('FanOutWebhooks');
    expect(fanOut!.EventPattern).toEqual({ source: ['kreislauf.passport'] });
    const deliver = resources[logicalIdOf('AWS::Lambda::Function', 'DeliverWebhooks')]!;
    expect(deliver.Properties.Environment.Variables.ALLOW_LOCAL_HTTP_WEBHOOKS).toEqual({ Ref: 'AllowLocalHttpWebhooks' });
  });

  it("changes a webhook subscription's event types with the table alone: no field key, no queue", () => {
    const granted = actionsOf('ChangeWebhookSubscription');
    expect(granted).toContain('dynamodb:UpdateItem');
    expect(granted.filter((action) => action.startsWith('secretsmanager:') || action.startsWith('sqs:'))).toEqual([]);
  });

  it("checks a Shopify voucher issuer's address at the configuration's save with the stage's setting, and only there", () => {
    const functions = ofType('AWS::Lambda::Function').filter(([id]) => id.includes('BrandConfiguration'));
    const withSetting = functions.filter(([, fn]) => fn.Properties.Environment?.Variables?.ALLOW_LOCAL_HTTP_WEBHOOKS !== undefined);
    expect(withSetting.map(([id]) => id)).toEqual([logicalIdOf('AWS::Lambda::Function', 'SaveBrandConfig')]);
    expect(withSetting[0]![1].Properties.Environment.Variables.ALLOW_LOCAL_HTTP_WEBHOOKS).toEqual({ Ref: 'AllowLocalHttpWebhooks' });
  });
});
