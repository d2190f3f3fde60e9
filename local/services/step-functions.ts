import { AwsServiceError, type AwsService } from './aws-protocol';

/** One execution as the workflow engine describes it. */
export interface WorkflowExecution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  input: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate?: Date;
}

/** What runs the state machines: the local cloud's interpreter. Its errors carry Step Functions' error names. */
export interface WorkflowEngine {
  /** Every state machine, as ListStateMachines names them. */
  listStateMachines(): { name: string; stateMachineArn: string }[];
  startExecution(stateMachineArn: string, input: unknown, name?: string): { executionArn: string; startDate: Date };
  describeExecution(executionArn: string): WorkflowExecution;
  listExecutions(stateMachineArn: string): WorkflowExecution[];
}

const ENGINE_ERRORS = new Set(['ExecutionAlreadyExists', 'ExecutionDoesNotExist', 'StateMachineDoesNotExist', 'InvalidName', 'InvalidArn', 'ValidationException']);
const PAGE_SIZE = 100;

/**
 * The most JSON Step Functions carries at once: an execution's input, a state's input (after
 * `Parameters`) or output, a task's result. 256 KiB, counted in UTF-8 bytes
 * (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html#service-limits-task-executions).
 */
const PAYLOAD_QUOTA_BYTES = 262_144;

export const exceedsPayloadQuota = (json: string): boolean => Buffer.byteLength(json, 'utf8') > PAYLOAD_QUOTA_BYTES;

/**
 * StartExecution's answer to an input over the quota. It is `ValidationException`, the length
 * constraint of `input` in the API's model, not `InvalidExecutionInput`; AWS checks it before the
 * state machine and the JSON
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html).
 */
export const INPUT_OVER_QUOTA =
  "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have size less than or equal to 262144 bytes in UTF-8 encoding";

function text(value: unknown, parameter: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new AwsServiceError('ValidationException', `1 validation error detected: Value null at '${parameter}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

/** Step Functions answers dates as epoch seconds. */
function seconds(date: Date | undefined): number | undefined {
  return date === undefined ? undefined : date.getTime() / 1000;
}

function withEngineErrors<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof Error && ENGINE_ERRORS.has(error.name)) throw new AwsServiceError(error.name, error.message);
    throw error;
  }
}

function summary(execution: WorkflowExecution): Record<string, unknown> {
  return {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: seconds(execution.startDate),
    ...(execution.stopDate ? { stopDate: seconds(execution.stopDate) } : {}),
  };
}

/**
 * The Step Functions API the functions call themselves (AWS JSON 1.0, `AWSStepFunctions.*`):
 * StartExecution (idempotent for the same name and input while running, as in AWS; an input over
 * {@link PAYLOAD_QUOTA_BYTES} refused), DescribeExecution and ListExecutions, answered by the local
 * cloud's state machines, and ListStateMachines (one page: the platform has a handful), for
 * `npm run redrive`.
 *
 * @example
 * aws.mount(createStepFunctionsService(machines));
 */
export function createStepFunctionsService(engine: WorkflowEngine): AwsService {
  // The state machines are made as the local cloud starts.
  const created = seconds(new Date());
  return {
    name: 'Step Functions',
    targetPrefix: 'AWSStepFunctions',
    operations: {
      ListStateMachines: () => ({
        stateMachines: engine.listStateMachines().map(({ name, stateMachineArn }) => ({ name, stateMachineArn, type: 'STANDARD', creationDate: created })),
      }),
      StartExecution: (input) => {
        const stateMachineArn = text(input.stateMachineArn, 'stateMachineArn');
        const inputText = typeof input.input === 'string' ? input.input : '{}';
        if (exceedsPayloadQuota(inputText)) throw new AwsServiceError('ValidationException', INPUT_OVER_QUOTA);
        let executionInput: unknown;
        try {
          executionInput = JSON.parse(inputText);
        } catch {
          throw new AwsServiceError('InvalidExecutionInput', 'Invalid State Machine Execution Input: the input is not valid JSON.');
        }
        const name = typeof input.name === 'string' ? input.name : undefined;
        try {
          const started = withEngineErrors(() => engine.startExecution(stateMachineArn, executionInput, name));
          return { executionArn: started.executionArn, startDate: seconds(started.startDate) };
        } catch (error) {
          if (!(error instanceof AwsServiceError) || error.type !== 'ExecutionAlreadyExists') throw error;
          const running = engine
            .listExecutions(stateMachineArn)
            .find((execution) => execution.name === name && execution.status === 'RUNNING');
          if (!running || JSON.stringify(running.input) !== JSON.stringify(executionInput)) throw error;
          return { executionArn: running.executionArn, startDate: seconds(running.startDate) };
        }
      },
      DescribeExecution: (input) => {
        const execution = withEngineErrors(() => engine.describeExecution(text(input.executionArn, 'executionArn')));
        return {
          ...summary(execution),
          input: JSON.stringify(execution.input),
          inputDetails: { included: true },
          ...(execution.output !== undefined ? { output: JSON.stringify(execution.output), outputDetails: { included: true } } : {}),
          ...(execution.error !== undefined ? { error: execution.error } : {}),
          ...(execution.cause !== undefined ? { cause: execution.cause } : {}),
        };
      },
      ListExecutions: (input) => {
        const stateMachineArn = text(input.stateMachineArn, 'stateMachineArn');
        const status = typeof input.statusFilter === 'string' ? input.statusFilter : undefined;
        const executions = withEngineErrors(() => engine.listExecutions(stateMachineArn)).filter(
          (execution) => status === undefined || execution.status === status,
        );
        const start = Number(input.nextToken ?? 0);
        const size = Number(input.maxResults || PAGE_SIZE);
        return {
          executions: executions.slice(start, start + size).map(summary),
          ...(start + size < executions.length ? { nextToken: String(start + size) } : {}),
        };
      },
    },
  };
}
