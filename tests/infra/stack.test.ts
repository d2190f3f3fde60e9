import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEAD_LETTER_QUEUES } from '../../infra/dead-letter-queues';
import { BUSINESS_METRICS, OPERATIONS_METRICS } from '../../shared/domain/business-metrics';
import { API_ROUTES } from '../../shared/schemas/routes';
import { STEP_CLAIM_LEASE_MS } from '../../shared/services/label-workflow';
import { CONSUMER_CONCURRENCY } from '../../infra/constructs/queue-consumer';
import { isWebDeploymentHandler, type Resource, SynthesizedStack } from '../support/stack-template';

describe('the Kreislauf stack', () => {
  let synthesized: SynthesizedStack;
  let template: Template;

  beforeAll(() => {
    synthesized = new SynthesizedStack();
    ({ template } = synthesized);
  });

  const ofType = (type: string): [string, Resource][] => synthesized.ofType(type);
  const functionNamed = (fragment: string): [string, Resource] => {
    const id = synthesized.logicalIdOf('AWS::Lambda::Function', fragment);
    return [id, synthesized.resources[id]!];
  };
  const actionsOf = (fragment: string) => synthesized.actionsOf(fragment);

  it('has one table with on-demand billing, point-in-time recovery, deletion protection, a stream, TTL and the GSI', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'GSI1' })],
    });
  });

  it('keeps the bucket private, encrypted, versioned and reachable over TLS only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      // What is deleted (a customer's files, erased) does not live on in old versions past 30 days.
      LifecycleConfiguration: { Rules: [{ Id: 'ExpireNoncurrentVersions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 30 } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('routes exactly the operations of the API contract, each to its own function', () => {
    const routeKeys = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey).sort();
    expect(routeKeys).toEqual(API_ROUTES.map((route) => `${route.method} ${route.path}`).sort());
    expect(routeKeys).toHaveLength(54);
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', routeKeys.length);
  });

  it("lets every function behind the API end before API Gateway's 30 s, so no caller gets a 503 for work that goes on", () => {
    const integrated = ofType('AWS::ApiGatewayV2::Integration').map(([, integration]) => integration.Properties.IntegrationUri['Fn::GetAtt'][0] as string);
    const late = integrated.filter((functionId) => (synthesized.resources[functionId]!.Properties.Timeout ?? 3) >= 30);
    expect(integrated).toHaveLength(54);
    expect(late).toEqual([]);
  });

  // CloudFormation takes at most 500 resources in one stack (CDK refuses to synthesize a 501st).
  it("keeps each function's grants in the role it runs with, not in a policy resource of their own (one resource fewer per role)", () => {
    const functionRoles = ofType('AWS::Lambda::Function')
      .filter(([id]) => !isWebDeploymentHandler(id))
      .map(([, fn]) => fn.Properties.Role['Fn::GetAtt'][0] as string);
    expect(functionRoles.length).toBeGreaterThanOrEqual(60);
    for (const role of functionRoles) {
      const inline = synthesized.resources[role]!.Properties.Policies as { PolicyDocument: { Statement: unknown[] } }[];
      expect(inline, role).toEqual([expect.objectContaining({ PolicyName: 'Grants' })]);
      // Every function traces with X-Ray, so no role's grants are empty.
      expect(inline[0]!.PolicyDocument.Statement.length, role).toBeGreaterThan(0);
    }
    const attachedToFunctions = ofType('AWS::IAM::Policy').filter(([, p]) => p.Properties.Roles.some((r: { Ref?: string }) => functionRoles.includes(r.Ref ?? '')));
    expect(attachedToFunctions).toEqual([]);
  });

  it('puts the JWT authorizer on exactly the staff operations', () => {
    const authorized = ofType('AWS::ApiGatewayV2::Route')
      .filter(([, r]) => r.Properties.AuthorizationType === 'JWT')
      .map(([, r]) => r.Properties.RouteKey)
      .sort();
    const staff = API_ROUTES.filter((route) => typeof route.access === 'object').map((route) => `${route.method} ${route.path}`);
    expect(authorized).toEqual(staff.sort());
  });

  it('throttles the API and writes access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it('runs every function on Node.js 22 with its AWS SDK clients bundled', () => {
    const functions = ofType('AWS::Lambda::Function').filter(([id]) => !isWebDeploymentHandler(id));
    expect(functions.length).toBeGreaterThanOrEqual(10);
    for (const [, fn] of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    }
  });

  it('publishes the table stream to the bus through a function that reports partial failures and dead-letters', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('Table'), 'StreamArn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    expect(actionsOf('PublishPassportEvents')).toContain('events:PutEvents');
    template.resourceCountIs('AWS::Events::EventBus', 1);
  });

  it('alarms on every passport that needs a person, on the metric its publisher counts', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Kreislauf',
      MetricName: BUSINESS_METRICS.passportsNeedingAttention,
      Dimensions: [{ Name: 'service', Value: 'kreislauf' }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it('alarms on every dead-letter queue at its first message, whatever puts it there (a queue, a rule, a function, the stream)', () => {
    const queues = ofType('AWS::SQS::Queue').map(([id]) => id);
    const queuesIn = (value: unknown) => queues.filter((id) => JSON.stringify(value ?? null).includes(`"${id}"`));
    const deadLetters = new Set<string>();
    for (const [, resource] of Object.entries(synthesized.resources)) {
      const properties = resource.Properties ?? {};
      if (resource.Type === 'AWS::SQS::Queue') queuesIn(properties.RedrivePolicy).forEach((id) => deadLetters.add(id));
      if (resource.Type === 'AWS::Events::Rule') for (const target of properties.Targets ?? []) queuesIn(target.DeadLetterConfig).forEach((id) => deadLetters.add(id));
      if (resource.Type === 'AWS::Lambda::Function') queuesIn(properties.DeadLetterConfig).forEach((id) => deadLetters.add(id));
      if (resource.Type === 'AWS::Lambda::EventSourceMapping') queuesIn(properties.DestinationConfig).forEach((id) => deadLetters.add(id));
    }
    // The listing changes', the webhook deliveries', the repair jobs', the report events', the fan-out's, the
    // customer e-mails', the reminders', the reminders' scheduling's, the stream publisher's, the queueing of
    // people's listing changes, and the four workflows' starts.
    expect(deadLetters.size).toBe(14);
    const firstMessageAlarms = ofType('AWS::CloudWatch::Alarm')
      .map(([, alarm]) => alarm.Properties)
      .filter((alarm) => alarm.MetricName === 'ApproximateNumberOfMessagesVisible' && alarm.Threshold === 1 && alarm.ComparisonOperator === 'GreaterThanOrEqualToThreshold');
    const alarmed = new Set(firstMessageAlarms.flatMap((alarm) => queuesIn(alarm.Dimensions)));
    expect([...deadLetters].filter((id) => !alarmed.has(id))).toEqual([]);
  });

  it("hands every dead-letter queue back with npm run redrive, to the queue, the function or the workflow it came from, but the webhook deliveries' own", () => {
    const idOf = (type: string, path: string) => {
      const ids = ofType(type).map(([id]) => id).filter((id) => new RegExp(`^${path}[0-9A-F]{8}$`).test(id));
      expect(ids, path).toHaveLength(1);
      return ids[0]!;
    };
    const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
    const outputs = (template.toJSON() as { Outputs: Record<string, { Value: unknown }> }).Outputs;
    const redriven = new Set<string>();
    for (const [name, entry] of DEAD_LETTER_QUEUES) {
      const queue = idOf('AWS::SQS::Queue', entry.queue);
      redriven.add(queue);
      // The stack's output gives the operator the command to run on AWS, with the names filled in.
      const options =
        entry.kind === 'queue'
          ? ['--source-arn ', arnOf(queue), ...(entry.destination ? [' --destination-arn ', arnOf(idOf('AWS::SQS::Queue', entry.destination))] : [])]
          : entry.kind === 'function'
            ? ['--queue-url ', { Ref: queue }, ' --function-name ', { Ref: idOf('AWS::Lambda::Function', entry.function) }]
            : entry.kind === 'workflow'
              ? ['--queue-url ', { Ref: queue }, ' --state-machine-arn ', { Ref: idOf('AWS::StepFunctions::StateMachine', entry.stateMachine) }]
              : ['--queue-url ', { Ref: queue }];
      const output = Object.entries(outputs).find(([id]) => id.toLowerCase() === `redrive${name.replaceAll('-', '')}`);
      // CloudFormation joins the parts; the synthesized template has the adjacent texts as one.
      const parts = [`npm run redrive -- ${name} `, ...options].reduce<unknown[]>(
        (joined, part) => (typeof part === 'string' && typeof joined.at(-1) === 'string' ? [...joined.slice(0, -1), `${joined.at(-1) as string}${part}`] : [...joined, part]),
        [],
      );
      expect(output?.[1].Value, name).toEqual({ 'Fn::Join': ['', parts] });
      if (entry.kind === 'queue') {
        const sources = ofType('AWS::SQS::Queue').filter(([, source]) => JSON.stringify(source.Properties?.RedrivePolicy?.deadLetterTargetArn) === JSON.stringify(arnOf(queue)));
        expect(sources, name).toHaveLength(1);
        // A rule's target that dead-letters there too puts messages that have no source queue: the destination is named.
        const ruleTargets = ofType('AWS::Events::Rule').flatMap(([, rule]) => (rule.Properties.Targets ?? []) as { Arn: unknown; DeadLetterConfig?: unknown }[]).filter((target) => JSON.stringify(target.DeadLetterConfig ?? null).includes(`"${queue}"`));
        if (ruleTargets.length > 0) expect(ruleTargets.map((target) => target.Arn), name).toEqual(ruleTargets.map(() => arnOf(idOf('AWS::SQS::Queue', entry.destination ?? '(none named)'))));
      } else if (entry.kind === 'stream') {
        const mappings = ofType('AWS::Lambda::EventSourceMapping').filter(([, mapping]) => JSON.stringify(mapping.Properties?.DestinationConfig ?? null).includes(`"${queue}"`));
        expect(mappings, name).toHaveLength(1);
        expect(mappings[0]![1].Properties.DestinationConfig).toEqual({ OnFailure: { Destination: arnOf(queue) } });
      } else if (entry.kind === 'workflow') {
        // Every rule that starts the workflow keeps what it could not start there, and only those.
        const machine = idOf('AWS::StepFunctions::StateMachine', entry.stateMachine);
        const targets = ofType('AWS::Events::Rule').flatMap(([, rule]) => (rule.Properties.Targets ?? []) as { Arn: unknown; DeadLetterConfig?: unknown; RetryPolicy?: unknown; InputPath?: string }[]);
        const starting = targets.filter((target) => JSON.stringify(target.Arn) === JSON.stringify({ Ref: machine }));
        expect(starting.length, name).toBeGreaterThan(0);
        for (const target of starting) expect(target, name).toMatchObject({ DeadLetterConfig: { Arn: arnOf(queue) }, RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 }, InputPath: '$.detail' });
        expect(targets.filter((target) => JSON.stringify(target.DeadLetterConfig ?? null).includes(`"${queue}"`)), name).toHaveLength(starting.length);
      } else {
        const fn = synthesized.resources[idOf('AWS::Lambda::Function', entry.function)]!;
        expect(fn.Properties.DeadLetterConfig, name).toEqual({ TargetArn: arnOf(queue) });
        expect(ofType('AWS::SQS::Queue').some(([, source]) => JSON.stringify(source.Properties?.RedrivePolicy ?? null).includes(`"${queue}"`)), name).toBe(false);
      }
    }
    // The webhook deliveries' dead letters are kept for each brand's replay (POST /v1/webhook-dead-letters/replay).
    const others = ofType('AWS::CloudWatch::Alarm').flatMap(([, alarm]) =>
      alarm.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' ? ofType('AWS::SQS::Queue').map(([id]) => id).filter((id) => JSON.stringify(alarm.Properties.Dimensions).includes(`"${id}"`) && !redriven.has(id)) : [],
    );
    expect(others).toEqual([expect.stringMatching(/^BrandWebhooksDeliveryDeadLetters/)]);
  });

  it("keeps what every event rule could not deliver in a dead-letter queue, but a schedule's (its next run is the retry)", () => {
    const undelivered = ofType('AWS::Events::Rule')
      .filter(([, rule]) => !rule.Properties.ScheduleExpression)
      .flatMap(([id, rule]) => ((rule.Properties.Targets ?? []) as { DeadLetterConfig?: unknown }[]).filter((target) => !target.DeadLetterConfig).map(() => id));
    expect(undelivered).toEqual([]);
  });

  it("gives every queue a function consumes a visibility timeout of six times the function's timeout and its batching window, as Lambda asks", () => {
    const consumed = ofType('AWS::Lambda::EventSourceMapping')
      .map(([, mapping]) => mapping.Properties)
      .filter((mapping) => JSON.stringify(mapping.EventSourceArn).includes('"Fn::GetAtt"') && synthesized.resources[mapping.EventSourceArn['Fn::GetAtt'][0]]?.Type === 'AWS::SQS::Queue')
      .map((mapping) => {
        const queue = mapping.EventSourceArn['Fn::GetAtt'][0] as string;
        const fn = synthesized.resources[mapping.FunctionName.Ref]!.Properties;
        // SQS's default visibility timeout is 30 s, Lambda's default timeout 3 s.
        const needed = 6 * (fn.Timeout ?? 3) + (mapping.MaximumBatchingWindowInSeconds ?? 0);
        return { queue, visibility: synthesized.resources[queue]!.Properties.VisibilityTimeout ?? 30, needed };
      });

    expect(consumed.map(({ queue }) => queue.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
      'BrandWebhooksDeliveries',
      'BrandWebhooksDeliveryDeadLetters',
      'RepairNetworkJobDeliveries',
      'ReportsAggregationEvents',
      'ResaleListingChanges',
    ]);
    expect(consumed.filter(({ visibility, needed }) => visibility < needed)).toEqual([]);
  });

  it('caps how many batches of each queue its function works on at once, at what the far end can take', () => {
    const scaling = ofType('AWS::Lambda::EventSourceMapping')
      .map(([, mapping]) => mapping.Properties)
      .filter((mapping) => JSON.stringify(mapping.EventSourceArn).includes('"Fn::GetAtt"') && synthesized.resources[mapping.EventSourceArn['Fn::GetAtt'][0]]?.Type === 'AWS::SQS::Queue')
      .map((mapping) => [(mapping.EventSourceArn['Fn::GetAtt'][0] as string).replace(/[0-9A-F]{8}$/, ''), mapping.ScalingConfig?.MaximumConcurrency]);

    expect(Object.fromEntries(scaling)).toEqual({
      BrandWebhooksDeliveries: CONSUMER_CONCURRENCY.webhookDeliveries,
      BrandWebhooksDeliveryDeadLetters: CONSUMER_CONCURRENCY.webhookDeadLetters,
      RepairNetworkJobDeliveries: CONSUMER_CONCURRENCY.repairJobs,
      ReportsAggregationEvents: CONSUMER_CONCURRENCY.aggregation,
      ResaleListingChanges: CONSUMER_CONCURRENCY.listingChanges,
    });
    // SQS takes 2 to 1,000.
    expect(Object.values(CONSUMER_CONCURRENCY).every((maximum) => maximum >= 2 && maximum <= 1_000)).toBe(true);
  });

  it("alarms only on the platform's own metrics that its code names, so an alarm cannot watch a name no function counts", () => {
    const alarmed = synthesized
      .ofType('AWS::CloudWatch::Alarm')
      .map(([, alarm]) => alarm.Properties)
      .filter((alarm) => alarm.Namespace === 'Kreislauf')
      .map((alarm) => alarm.MetricName as string);
    expect(alarmed.length).toBeGreaterThanOrEqual(3);
    const named = new Set<string>([...Object.values(BUSINESS_METRICS), ...Object.values(OPERATIONS_METRICS)]);
    expect(alarmed.filter((name) => !named.has(name))).toEqual([]);
  });

  it('starts the TakeBackWorkflow for every TakeBackRequested event with the event detail as input', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['kreislauf.passport'], 'detail-type': ['TakeBackRequested'] },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('TakeBackWorkflowStateMachine') }, InputPath: '$.detail' })],
    });
  });

  it('retries the label on transient carrier errors with backoff and flags the passport when it gives up', () => {
    const [[, machine]] = ofType('AWS::StepFunctions::StateMachine') as [[string, Resource]];
    const definition = JSON.parse(
      (machine.Properties.DefinitionString['Fn::Join'][1] as unknown[]).map((part) => (typeof part === 'string' ? part : 'token')).join(''),
    );
    const createLabel = definition.States['Create label'];
    // States.TaskFailed below matches every error: what no retry mends is named first, with no attempts.
    expect(createLabel.Retry[0]).toEqual({ ErrorEquals: ['CarrierRejected'], MaxAttempts: 0 });
    expect(createLabel.Retry[1]).toMatchObject({
      ErrorEquals: expect.arrayContaining(['CarrierUnavailable']),
      BackoffRate: 2,
      MaxAttempts: 5,
    });
    expect(createLabel.Catch).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'Flag label failure', ResultPath: '$.failure' })]);
    // A take-back that no longer waits for its label (cancelled, or its parcel received) ends as the step answers, flagging nobody.
    expect(createLabel.Next).toBe('Label needed?');
    expect(definition.States['Label needed?']).toEqual({
      Type: 'Choice',
      Choices: [{ Variable: '$.label.outcome', StringEquals: 'NOT_NEEDED', Next: 'No label needed' }],
      Default: 'Send label e-mail',
    });
    expect(definition.States['No label needed']).toEqual({ Type: 'Succeed' });
    expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
  });

  it("retries the label e-mail for longer than its claim's lease, which an attempt that died after claiming leaves to run out", () => {
    const [[, machine]] = ofType('AWS::StepFunctions::StateMachine') as [[string, Resource]];
    const definition = JSON.parse(
      (machine.Properties.DefinitionString['Fn::Join'][1] as unknown[]).map((part) => (typeof part === 'string' ? part : 'token')).join(''),
    );
    const [retrier, ...others] = definition.States['Send label e-mail'].Retry as { ErrorEquals: string[]; IntervalSeconds: number; BackoffRate: number; MaxAttempts: number; MaxDelaySeconds?: number }[];
    expect(others).toEqual([]);
    expect(retrier!.ErrorEquals).toEqual(['States.ALL']);
    const waits = Array.from({ length: retrier!.MaxAttempts }, (_, attempt) => Math.min(retrier!.IntervalSeconds * retrier!.BackoffRate ** attempt, retrier!.MaxDelaySeconds ?? Infinity));
    expect(waits.reduce((sum, wait) => sum + wait, 0) * 1000).toBeGreaterThan(STEP_CLAIM_LEASE_MS);
  });

  it("starts the ListingWorkflow when an item may have become resellable, its buyer's return included", () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['kreislauf.passport'], 'detail-type': ['VoucherIssued', 'BankPayoutQueued', 'SettledWithoutPayout', 'Repaired', 'RouteOverridden', 'SaleReturned'] },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('ResaleStateMachine') }, InputPath: '$.detail' })],
    });
  });

  it("queues a person's listing change from its recorded event, so the request that records it sends nothing", () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['kreislauf.passport'],
        'detail-type': ['Listed', 'ListingPriceChanged', 'ListingWithdrawn'],
        // Only a person's (`by`): the ListingWorkflow queues its own listings.
        detail: { data: { by: [{ exists: true }] } },
      },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ResaleQueueListingChange'), 'Arn'] }, InputPath: '$.detail', RetryPolicy: { MaximumRetryAttempts: 8 } })],
    });
    const [, queueing] = functionNamed('ResaleQueueListingChange');
    expect(Object.keys(queueing.Properties.Environment.Variables)).not.toContain('TABLE_NAME');
    expect(actionsOf('ResaleQueueListingChange')).toContain('sqs:SendMessage');
    expect(actionsOf('ResaleQueueListingChange')).not.toContain('dynamodb:GetItem');
    const [, changing] = functionNamed('ResaleChangeListing');
    expect(Object.keys(changing.Properties.Environment.Variables)).not.toContain('LISTING_QUEUE_URL');
    expect(actionsOf('ResaleChangeListing')).toContain('dynamodb:UpdateItem');
    expect(actionsOf('ResaleChangeListing')).not.toContain('sqs:SendMessage');
  });

  it("queues a sale's withdrawal of the other listings from its recorded event, through the same function and dead-letter queue", () => {
    const rules = ofType('AWS::Events::Rule').filter(([, rule]) => JSON.stringify(rule.Properties.Targets).includes('ResaleQueueListingChange'));
    expect(rules.map(([, rule]) => rule.Properties.EventPattern)).toContainEqual({
      source: ['kreislauf.passport'],
      'detail-type': ['Sold'],
      // A sale recorded before its event named the withdrawn channels has nothing to queue.
      detail: { data: { withdrawn: [{ exists: true }] } },
    });
    const targets = rules.map(([, rule]) => rule.Properties.Targets[0]);
    expect(targets).toHaveLength(2);
    expect(targets[1]).toEqual(targets[0]);
  });

  it('lets staff have a refused label made again: a staff route to a function that may start the TakeBackWorkflow and no other', () => {
    const fnId = synthesized.logicalIdOf('AWS::Lambda::Function', 'TakeBackWorkflowRetryLabel');
    const [[, route]] = ofType('AWS::ApiGatewayV2::Route').filter(([, r]) => r.Properties.RouteKey === 'POST /v1/passports/{id}/label') as [[string, Resource]];
    expect(route.Properties.AuthorizationType).toBe('JWT');
    const [, integration] = ofType('AWS::ApiGatewayV2::Integration').find(([id]) => JSON.stringify(route.Properties.Target).includes(id))!;
    expect(JSON.stringify(integration.Properties.IntegrationUri)).toContain(fnId);

    const machine = synthesized.logicalIdOf('AWS::StepFunctions::StateMachine', 'TakeBackWorkflow');
    const starts = synthesized.statementsOf('TakeBackWorkflowRetryLabel').filter((s) => [s.Action].flat().includes('states:StartExecution'));
    expect(starts.map((s) => s.Resource)).toEqual([{ Ref: machine }]);
    expect(synthesized.resources[fnId]!.Properties.Environment.Variables).toEqual(expect.objectContaining({ TAKE_BACK_WORKFLOW_ARN: { Ref: machine } }));
    // It corrects the passport and starts the workflow: neither DHL's credentials, the bucket nor the mail server.
    const actions = actionsOf('TakeBackWorkflowRetryLabel');
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'states:StartExecution']));
    expect(actions.filter((action) => /^(s3|secretsmanager|ses|kms):/.test(action))).toEqual([]);
    expect(Object.keys(synthesized.resources[fnId]!.Properties.Environment.Variables)).not.toContain('DHL_SECRET_ARN');
  });

  it('gives each function only the permissions its job needs', () => {
    expect(actionsOf('GetCatalog')).not.toContain('dynamodb:PutItem');
    expect(actionsOf('GetCatalog')).not.toContain('secretsmanager:GetSecretValue');
    expect(actionsOf('CreateLabel')).toEqual(expect.arrayContaining(['dynamodb:PutItem', 's3:PutObject', 'secretsmanager:GetSecretValue']));
    expect(actionsOf('CreateLabel')).not.toContain('ses:SendEmail');
    expect(actionsOf('SendLabelEmail')).toContain('ses:SendEmail');
    expect(actionsOf('SendLabelEmail')).not.toContain('s3:PutObject');
    expect(actionsOf('GetLabel')).toContain('s3:GetObject*');
    expect(actionsOf('GetLabel')).not.toContain('s3:PutObject');
    expect(actionsOf('TakeBackCancelTakeBack')).toEqual(expect.arrayContaining(['dynamodb:UpdateItem', 'secretsmanager:GetSecretValue']));
    expect(actionsOf('TakeBackCancelTakeBack')).not.toContain('s3:GetObject*');
    // Staff cancel with their token: no tracking secret.
    expect(actionsOf('CancelTakeBackForCustomer')).toContain('dynamodb:UpdateItem');
    expect(actionsOf('CancelTakeBackForCustomer')).not.toContain('secretsmanager:GetSecretValue');
    // The parcel back to a customer: DHL's credentials and the label's folder, and nothing else of the bucket.
    expect(actionsOf('ShipReturnToCustomer')).toEqual(expect.arrayContaining(['dynamodb:UpdateItem', 's3:PutObject', 'secretsmanager:GetSecretValue']));
    expect(actionsOf('ShipReturnToCustomer')).not.toContain('s3:GetObject*');
    const putsOf = (fragment: string) => synthesized.statementsOf(fragment).filter((statement) => [statement.Action].flat().includes('s3:PutObject'));
    expect(JSON.stringify(putsOf('ShipReturnToCustomer').map((statement) => statement.Resource))).toMatch(/"\/return-labels\/\*"/);
    expect(JSON.stringify(putsOf('ShipReturnToCustomer').map((statement) => statement.Resource))).not.toMatch(/"\/(labels|photos)\/\*"/);
    // A customer's erasure deletes their files, and reads none; no other function deletes in the bucket.
    expect(actionsOf('ErasePersonalData')).toEqual(expect.arrayContaining(['s3:DeleteObject*', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem']));
    expect(actionsOf('ErasePersonalData')).not.toContain('s3:GetObject*');
    expect(actionsOf('ErasePersonalData')).not.toContain('secretsmanager:GetSecretValue');
    expect(actionsOf('EraseCustomer')).toEqual(expect.arrayContaining(['s3:DeleteObject*', 'dynamodb:Query']));
    for (const fragment of ['ShipReturnToCustomer', 'GetReturnParcelLabel', 'GetLabel', 'CancelTakeBackForCustomer']) {
      expect(actionsOf(fragment)).not.toContain('s3:DeleteObject*');
    }
    // The label step deletes the files of a label DHL made while its take-back was cancelled: in the labels' folder only.
    const deletesOf = (fragment: string) => synthesized.statementsOf(fragment).filter((statement) => [statement.Action].flat().includes('s3:DeleteObject*'));
    expect(JSON.stringify(deletesOf('CreateLabel').map((statement) => statement.Resource))).toMatch(/"\/labels\/\*"/);
    expect(JSON.stringify(deletesOf('CreateLabel').map((statement) => statement.Resource))).not.toMatch(/"\/(return-labels|photos)\/\*"|"\/\*"/);
    expect(actionsOf('GetReturnParcelLabel')).toContain('s3:GetObject*');
    expect(actionsOf('GetReturnParcelLabel')).not.toContain('secretsmanager:GetSecretValue');
    expect(actionsOf('GetReturnParcelLabel')).not.toContain('dynamodb:PutItem');
    // The ledger's export reads the table and nothing else.
    expect(actionsOf('GetLedger')).toContain('dynamodb:Query');
    expect(actionsOf('GetLedger')).not.toContain('dynamodb:PutItem');
    expect(actionsOf('GetLedger')).not.toContain('dynamodb:UpdateItem');
    // A buyer's return is a record on the passport: no channel credentials, no queue.
    expect(actionsOf('RecordSaleReturn')).toContain('dynamodb:UpdateItem');
    expect(actionsOf('RecordSaleReturn')).not.toContain('secretsmanager:GetSecretValue');
    expect(actionsOf('RecordSaleReturn')).not.toContain('sqs:SendMessage');
    for (const fragment of ['GetCatalog', 'CreateQuote', 'RequestTakeBack', 'GetTakeBack', 'GetLabel', 'TakeBackCancelTakeBack']) {
      expect(actionsOf(fragment)).not.toContain('events:PutEvents');
    }
  });

  it("lets grading and a rejection list the passport's photos, and an erasure the customer's folder and delete in it, and nothing else of the bucket", () => {
    const statementsWith = (fragment: string, action: string) => synthesized.statementsOf(fragment).filter((statement) => [statement.Action].flat().includes(action));
    const listed = (fragment: string) => statementsWith(fragment, 's3:ListBucket').map((statement) => statement.Condition);
    for (const fragment of ['ReceiptAndGradingGradeItem', 'ReceiptAndGradingRejectParcel']) {
      // A photo is taken only once its upload is in the bucket: the function lists the passport's photos, and reads none.
      expect(listed(fragment), fragment).toEqual([{ StringLike: { 's3:prefix': ['photos/*'] } }]);
      const id = synthesized.logicalIdOf('AWS::Lambda::Function', fragment);
      expect(synthesized.resources[id]!.Properties.Environment.Variables.BUCKET_NAME, fragment).toEqual({ Ref: expect.any(String) });
      for (const action of ['s3:GetObject*', 's3:PutObject', 's3:DeleteObject*', 's3:List*']) expect(actionsOf(fragment), fragment).not.toContain(action);
    }
    for (const fragment of ['ErasePersonalData', 'EraseCustomer']) {
      // Every photo under the customer's folder of the passport is found and deleted, the grading photos that listings publish never.
      expect(listed(fragment), fragment).toEqual([{ StringLike: { 's3:prefix': ['photos/*/*/customer/*'] } }]);
      const deleted = JSON.stringify(statementsWith(fragment, 's3:DeleteObject*').map((statement) => statement.Resource));
      expect(deleted, fragment).toMatch(/"\/photos\/\*\/\*\/customer\/\*"/);
      expect(deleted, fragment).not.toMatch(/"\/photos\/\*"/);
    }
    // The passport's page shows the customer's photos that were uploaded: it lists their folder, and deletes nothing.
    expect(listed('GetPassport')).toEqual([{ StringLike: { 's3:prefix': ['photos/*/*/customer/*'] } }]);
    expect(actionsOf('GetPassport')).not.toContain('s3:DeleteObject*');
  });

  it('takes the DHL endpoint as a parameter and keeps its credentials in Secrets Manager', () => {
    template.hasParameter('DhlApiBaseUrl', { Default: 'https://api-sandbox.dhl.com/parcel/de/shipping/returns/v1' });
    const [, createLabel] = functionNamed('CreateLabel');
    expect(createLabel.Properties.Environment.Variables).toMatchObject({
      DHL_API_BASE_URL: { Ref: 'DhlApiBaseUrl' },
      DHL_SECRET_ARN: { Ref: expect.stringMatching(/^DhlCredentials/) },
    });
    template.hasParameter('DhlShippingApiBaseUrl', { Default: 'https://api-sandbox.dhl.com/parcel/de/shipping/v2' });
    const [, shipReturn] = functionNamed('ShipReturnToCustomer');
    expect(shipReturn.Properties.Environment.Variables).toMatchObject({
      DHL_SHIPPING_API_BASE_URL: { Ref: 'DhlShippingApiBaseUrl' },
      DHL_SECRET_ARN: { Ref: expect.stringMatching(/^DhlCredentials/) },
    });
    template.resourceCountIs('AWS::SecretsManager::Secret', 5);
  });

  it('passes cdk-nag AwsSolutions with every finding fixed or suppressed with a reason', () => {
    const findings = synthesized.findings.filter((finding) => /AwsSolutions-/.test(finding.message));
    expect(findings.map((f) => `${f.path}: ${f.message.split('\n')[0]}`)).toEqual([]);
  });
});
