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
  startExecution(stateMachineArn: string, input: unknown, name?: string): { executionArn: string; startDate: Date };
  describeExecution(executionArn: string): WorkflowExecution;
  listExecutions(stateMachineArn: string): WorkflowExecution[];
}

const ENGINE_ERRORS = new Set(['ExecutionAlreadyExists', 'ExecutionDoesNotExist', 'StateMachineDoesNotExist', 'InvalidName', 'InvalidArn']);
const PAGE_SIZE = 100;

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
 * StartExecution (idempotent for the same name and input while running, as in AWS),
 * DescribeExecution and ListExecutions, answered by the local cloud's state machines.
 *
 * @example
 * aws.mount(createStepFunctionsService(machines));
 */
export function createStepFunctionsService(engine: WorkflowEngine): AwsService {
  return {
    name: 'Step Functions',
    targetPrefix: 'AWSStepFunctions',
    operations: {
      StartExecution: (input) => {
        const stateMachineArn = text(input.stateMachineArn, 'stateMachineArn');
        const inputText = typeof input.input === 'string' ? input.input : '{}';
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
