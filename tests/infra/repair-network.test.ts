import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { PERMANENT_ERRORS } from '../../infra/constructs/workflow-parts';
import { BrandConfigUnreadableError } from '../../shared/domain/brand-config';
import { NoChannelTakesItemError } from '../../shared/domain/channel-listing';
import { CostInOtherCurrencyError, ListingLosesMoneyError } from '../../shared/domain/price-guard';
import { NotFoundError, UnprocessableError, ValidationError } from '../../shared/domain/errors';
import { readTarget } from '../../local/runtime/event-rules';
import { targetInput } from '../../local/services/event-input';
import { compileEventPattern } from '../../local/services/event-pattern';
import { RepairJobMessageSchema } from '../../shared/schemas/repair';
import { type Resource, SynthesizedStack } from '../support/stack-template';

const PASSPORT = '01JDA8F3ZC6Q1M7V0Y4TXN2K5B';

const STAFF_ROUTES = [
  'GET /v1/passports',
  'GET /v1/passports/{id}',
  'GET /v1/repair-partners',
  'POST /v1/passports/{id}/grading',
  'POST /v1/passports/{id}/photos',
  'POST /v1/passports/{id}/receipt',
  'POST /v1/passports/{id}/route',
  'PUT /v1/repair-partners/{partnerId}',
];

describe('receipt, grading, routing and the repair-partner network in the stack', () => {
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
  const definitionOf = (workflow: string) => {
    const machine = resources[logicalIdOf('AWS::StepFunctions::StateMachine', workflow)]!;
    const parts = machine.Properties.DefinitionString['Fn::Join'][1] as unknown[];
    return JSON.parse(parts.map((part) => (typeof part === 'string' ? part : 'token')).join(''));
  };

  it('puts every staff route behind the JWT authorizer of the staff user pool', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    for (const routeKey of STAFF_ROUTES) {
      const route = routes.find((r) => r.RouteKey === routeKey);
      expect(route, routeKey).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: expect.stringMatching(/StaffAuthorizer/) } });
    }
  });

  it('leaves the partner webhook and the counter-offer public, checked by signature and tracking token', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    for (const routeKey of ['POST /v1/webhooks/repair-partners/{partnerId}', 'POST /v1/take-backs/{id}/counter-offer']) {
      const route = routes.find((r) => r.RouteKey === routeKey);
      expect(route?.AuthorizationType ?? 'NONE', routeKey).toBe('NONE');
    }
  });

  it('sends repair jobs through an encrypted queue that dead-letters a job after its last try', () => {
    const deadLetters = logicalIdOf('AWS::SQS::Queue', 'JobDeliveryDeadLetters');
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 300,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [deadLetters, 'Arn'] }, maxReceiveCount: 12 },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalIdOf('AWS::SQS::Queue', 'JobDeliveries'), 'Arn'] },
      FunctionName: { Ref: logicalIdOf('AWS::Lambda::Function', 'DeliverJob') },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLetters, 'QueueName'] } }],
      Threshold: 1,
    });
  });

  it("queues the notice to its partner of a job taken back from the withdrawal's event, for the job's deliverer, dead-lettered with the jobs", () => {
    const rule = resources[logicalIdOf('AWS::Events::Rule', 'OnJobWithdrawn')]!;
    const jobQueue = logicalIdOf('AWS::SQS::Queue', 'JobDeliveries');
    const [target] = rule.Properties.Targets;
    expect(target).toMatchObject({
      Arn: { 'Fn::GetAtt': [jobQueue, 'Arn'] },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalIdOf('AWS::SQS::Queue', 'JobDeliveryDeadLetters'), 'Arn'] } },
      RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: jobQueue }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['sqs:SendMessage']),
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [logicalIdOf('AWS::Events::Rule', 'OnJobWithdrawn'), 'Arn'] } } },
          }),
        ]),
      },
    });

    // The rule and its input as EventBridge (and the local cloud) reads them: a withdrawal's event becomes the job's message.
    const matches = compileEventPattern(rule.Properties.EventPattern);
    const overridden = (data: Record<string, unknown>) => ({
      version: '0' as const,
      id: 'e1',
      'detail-type': 'RouteOverridden',
      source: 'kreislauf.passport',
      account: '000000000000',
      time: '2026-12-07T12:00:00Z',
      region: 'eu-central-1',
      resources: [],
      detail: { eventId: `${PASSPORT}/9`, passportId: PASSPORT, brand: 'demo', seq: 9, at: '2026-12-07T12:00:00.000Z', state: 'GRADED', type: 'RouteOverridden', data },
    });
    const withdrawal = overridden({ from: 'REPAIR', route: 'RECYCLE', reason: 'Partner closed down', by: 'admin-1', withdrawn: { jobId: `${PASSPORT}-R1`, partnerId: 'rp-closed' } });
    expect(matches(withdrawal)).toBe(true);
    expect(matches(overridden({ from: 'REPAIR', route: 'RECYCLE', reason: 'Cheaper', by: 'ops-1' }))).toBe(false);
    const message = targetInput(readTarget(target), withdrawal, { ruleName: 'OnJobWithdrawn', ruleArn: 'arn', ingestionTime: withdrawal.time });
    expect(RepairJobMessageSchema.parse(message)).toEqual({ passportId: PASSPORT, jobId: `${PASSPORT}-R1` });
  });

  it("starts the RoutingWorkflow when a passport becomes GRADED by grading, an accepted counter-offer, an override or its buyer's return", () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['kreislauf.passport'],
        'detail-type': ['Graded', 'CounterOfferAnswered', 'RouteOverridden', 'SaleReturned'],
        detail: { state: ['GRADED'] },
      },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('RoutingWorkflowStateMachine') }, InputPath: '$.detail' })],
    });
  });

  it('chooses the step by route and carries out each with retries, flagging the passport when a step fails for good', () => {
    const definition = definitionOf('RoutingWorkflow');
    expect(definition.StartAt).toBe('Next step');
    const choices = definition.States['Route?'].Choices.map((choice: any) => [choice.StringEquals, choice.Next]);
    expect(choices).toEqual([
      ['REPAIR', 'Assign repair partner'],
      ['RECYCLE', 'Route to recycling'],
      ['RESELL', 'Ready for resale'],
    ]);
    expect(definition.States['Assign repair partner'].Next).toBe('Assigned?');
    expect(definition.States['Assigned?'].Choices[0]).toMatchObject({ StringEquals: 'ASSIGNED', Next: 'Send job to partner' });
    for (const name of ['Next step', 'Assign repair partner', 'Send job to partner', 'Route to recycling']) {
      const state = definition.States[name];
      // What no retry mends goes straight to the Catch; the rest (a concurrent writer, a Lambda hiccup) is tried again.
      expect(state.Retry[0], name).toEqual({ ErrorEquals: PERMANENT_ERRORS, MaxAttempts: 0 });
      expect(state.Retry[1], name).toMatchObject({ ErrorEquals: expect.arrayContaining(['ConflictError', 'Lambda.ServiceException']), BackoffRate: 2 });
      expect(state.Catch[0], name).toMatchObject({ ErrorEquals: ['States.ALL'], Next: 'Flag routing failure', ResultPath: '$.failure' });
    }
    expect(definition.States['Flag routing failure'].Parameters).toEqual({ 'passportId.$': '$.passportId', 'failure.$': '$.failure', 'eventAt.$': '$.at' });
  });

  it('flags the passport for a person when a ListingWorkflow step fails for good, instead of failing the execution', () => {
    const definition = definitionOf('Resale');
    for (const name of ['Prepare listings', 'Queue listing changes']) {
      expect(definition.States[name].Catch, name).toEqual([{ ErrorEquals: ['States.ALL'], Next: 'Flag listing failure', ResultPath: '$.failure' }]);
      expect(definition.States[name].Retry[0], name).toEqual({ ErrorEquals: PERMANENT_ERRORS, MaxAttempts: 0 });
    }
    expect(definition.States['Flag listing failure']).toMatchObject({ Type: 'Task', ResultPath: '$.flagged', Next: 'Waiting for a person' });
    // The time of the event the run was started for: a failure of a route decided again since is not flagged.
    expect(definition.States['Flag listing failure'].Parameters).toEqual({ 'passportId.$': '$.passportId', 'failure.$': '$.failure', 'eventAt.$': '$.at' });
    expect(Object.values(definition.States).some((state: any) => state.Type === 'Fail')).toBe(false);
    expect(actionsOf('FlagListingFailure')).not.toContain('secretsmanager:GetSecretValue');
    expect(actionsOf('FlagListingFailure')).not.toContain('sqs:SendMessage');
  });

  it('lets the photo upload function sign uploads of grading photos and nothing else in the bucket', () => {
    const actions = actionsOf('RequestPhotoUpload');
    expect(actions).toContain('s3:PutObject');
    expect(actions).not.toContain('s3:GetObject');
    expect(actions).not.toContain('dynamodb:PutItem');
    const put = synthesized.statementsOf('RequestPhotoUpload').find((statement) => [statement.Action].flat().includes('s3:PutObject'))!;
    expect(JSON.stringify(put.Resource)).toContain('/photos/*');
  });

  it('gives the routing and repair functions only the permissions their jobs need', () => {
    expect(actionsOf('SendJobToPartner')).toContain('sqs:SendMessage');
    expect(actionsOf('AssignRepairPartner')).not.toContain('sqs:SendMessage');
    expect(actionsOf('DeliverJob')).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'secretsmanager:GetSecretValue']));
    expect(actionsOf('ReceivePartnerReport')).toContain('secretsmanager:GetSecretValue');
    expect(actionsOf('SaveRepairPartner')).toContain('secretsmanager:GetSecretValue');
    for (const fragment of ['ListPassports', 'GetPassport', 'ListRepairPartners']) {
      expect(actionsOf(fragment), fragment).not.toContain('dynamodb:PutItem');
      expect(actionsOf(fragment), fragment).not.toContain('secretsmanager:GetSecretValue');
    }
    expect(actionsOf('AnswerCounterOffer')).toContain('secretsmanager:GetSecretValue');
    expect(actionsOf('GradeItem')).not.toContain('secretsmanager:GetSecretValue');
    // The job's sending touches the queue alone; the next step only reads the passport.
    expect(actionsOf('SendJobToPartner').filter((action) => action.startsWith('dynamodb:'))).toEqual([]);
    expect(actionsOf('NextRoutingStep')).toContain('dynamodb:GetItem');
    expect(actionsOf('NextRoutingStep')).not.toContain('dynamodb:PutItem');
    expect(actionsOf('RouteToRecycling')).toContain('dynamodb:PutItem');
  });

  it('accepts plain-HTTP partner endpoints only where the AllowLocalHttpWebhooks parameter says so, false by default', () => {
    template.hasParameter('AllowLocalHttpWebhooks', { Default: 'false', AllowedValues: ['true', 'false'] });
    const fn = resources[logicalIdOf('AWS::Lambda::Function', 'SaveRepairPartner')]!;
    expect(fn.Properties.Environment.Variables).toMatchObject({
      ALLOW_LOCAL_HTTP_WEBHOOKS: { Ref: 'AllowLocalHttpWebhooks' },
      FIELD_KEY_SECRET_ARN: { Ref: expect.stringMatching(/^FieldKey/) },
    });
  });
});

describe('the errors a workflow step does not try again', () => {
  it('are named as the domain names them', () => {
    const money = { amount: 100, currency: 'EUR' };
    const thrown = [
      new ValidationError('x'),
      new NotFoundError('x'),
      new UnprocessableError('x'),
      new BrandConfigUnreadableError('demo', []),
      new ListingLosesMoneyError(money, []),
      new CostInOtherCurrencyError({ entryId: 'LABEL', kind: 'LABEL', direction: 'COST', amount: { amount: 1, currency: 'USD' }, at: '2026-12-07T00:00:00.000Z' } as never, 'EUR'),
      new NoChannelTakesItemError('DO-JKT-ALPENGLOW-M', 'GOOD', []),
    ].map((error) => error.name);
    expect(thrown).toEqual(PERMANENT_ERRORS);
  });
});
