import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { MathExpression } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, Errors, type IChainable, LogLevel, StateMachine, StateMachineType, TaskInput } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { alarmAtFirst } from './count-alarm';

// The parts every workflow of the platform is built from, so that all of them retry, log and
// trace the same way. Tasks are written in JSONPath with the function's result only
// (payloadResponseOnly), which the local cloud runs as AWS does.

/**
 * The errors a platform function throws when trying again cannot help: the input or the passport is
 * not what the step needs (`ValidationError`, `NotFoundError`, `UnprocessableError`), or the brand's
 * configuration does not parse (`BrandConfigUnreadableError`), or the item would be listed at a loss on every
 * channel or its costs cannot be added (`ListingLosesMoneyError`, `CostInOtherCurrencyError`), or none of the brand's
 * channels takes it (`NoChannelTakesItemError`). A person must act, so a step that names them in `final` goes
 * straight to its Catch instead of trying four times. The names are the domain errors' (`shared/domain/errors.ts`,
 * `shared/domain/brand-config.ts`, `shared/domain/price-guard.ts`, `shared/domain/channel-listing.ts`), which a test
 * checks.
 */
export const PERMANENT_ERRORS = ['ValidationError', 'NotFoundError', 'UnprocessableError', 'BrandConfigUnreadableError', 'ListingLosesMoneyError', 'CostInOtherCurrencyError', 'NoChannelTakesItemError'];

/** The input most tasks take: the passport the execution is about. */
export const passportIdInput = (): TaskInput => TaskInput.fromObject({ passportId: TaskInput.fromJsonPathAt('$.passportId').value });

export interface LambdaTaskOptions {
  payload?: TaskInput;
  resultPath: string;
  /** The errors worth another try and how many tries in all; every try waits twice as long as the one before, from 2 s. */
  retry: { errors: string[]; maxAttempts: number; maxDelay?: Duration };
  /**
   * Errors never worth another try, which go straight to the task's Catch. `States.TaskFailed` in
   * `retry.errors` matches every error a function throws; these are listed in a retrier of their own
   * with no attempts, before it, since Step Functions uses the first retrier that names an error.
   */
  final?: string[];
}

/** A Task state that invokes a function of the platform. */
export function lambdaTask(scope: Construct, name: string, fn: IFunction, options: LambdaTaskOptions): LambdaInvoke {
  const task = new LambdaInvoke(scope, name, {
    lambdaFunction: fn,
    payload: options.payload ?? passportIdInput(),
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    resultPath: options.resultPath,
  });
  if (options.final?.length) task.addRetry({ errors: options.final, maxAttempts: 0 });
  task.addRetry({
    errors: options.retry.errors,
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: options.retry.maxAttempts,
    ...(options.retry.maxDelay ? { maxDelay: options.retry.maxDelay } : {}),
  });
  return task;
}

/**
 * The Task state a Catch leads to: the function records on the passport why a person must look at
 * it. `withEventTime` hands it the time of the passport event that started the execution as well
 * (`eventAt`), for a workflow started by events, so that a failure of a route decided before can
 * be told from the route as it is now.
 */
export function flagFailureTask(scope: Construct, name: string, fn: IFunction, { withEventTime = false } = {}): LambdaInvoke {
  return lambdaTask(scope, name, fn, {
    payload: TaskInput.fromObject({
      passportId: TaskInput.fromJsonPathAt('$.passportId').value,
      failure: TaskInput.fromJsonPathAt('$.failure').value,
      ...(withEventTime ? { eventAt: TaskInput.fromJsonPathAt('$.at').value } : {}),
    }),
    resultPath: '$.flagged',
    retry: { errors: [Errors.ALL], maxAttempts: 4 },
  });
}

/**
 * A standard state machine with X-Ray tracing and its execution history logged for a month. Its log
 * group is under `/aws/vendedlogs/states/`: Step Functions adds each group it logs to to the account's
 * CloudWatch Logs resource policy, which holds 5,120 characters, so a few stages in one account could
 * no longer deploy; CloudWatch Logs lets groups under that prefix in once the policy nears its limit.
 * Its alarm `ExecutionsFailing` fires at the first execution that fails or times out.
 */
export function workflowStateMachine(scope: Construct, definition: IChainable, comment: string): StateMachine {
  // The stack's name keeps two stages in one account apart; the workflow's id, the workflows of one stack.
  const logGroupName = `/aws/vendedlogs/states/${Stack.of(scope).stackName}/${scope.node.id}`;
  const machine = new StateMachine(scope, 'StateMachine', {
    definitionBody: DefinitionBody.fromChainable(definition),
    stateMachineType: StateMachineType.STANDARD,
    timeout: Duration.hours(1),
    tracingEnabled: true,
    logs: {
      destination: new LogGroup(scope, 'Logs', { logGroupName, retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY }),
      level: LogLevel.ALL,
      includeExecutionData: false,
    },
    comment,
  });
  // A step that fails for good leads to a flag for a person, whose alarm is the passports' (PassportsNeedAttention).
  // An execution that fails or times out all the same (the flag step failed too, on every try) has flagged nobody.
  const period = Duration.minutes(5);
  alarmAtFirst(
    scope,
    'ExecutionsFailing',
    new MathExpression({
      expression: 'failed + timedOut',
      usingMetrics: { failed: machine.metricFailed({ period, statistic: 'Sum' }), timedOut: machine.metricTimedOut({ period, statistic: 'Sum' }) },
      period,
      label: 'Executions failed or timed out',
    }),
    `An execution of the ${comment.split(':')[0]} failed or timed out without flagging its passport for a person: the item may be stuck where it is. Its execution history in Step Functions names the passport and the error; mend the cause, then start the step again for the passport.`,
  );
  return machine;
}
