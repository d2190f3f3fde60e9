import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import { writeDataFile } from '../services/data-folder';
import { exceedsPayloadQuota, INPUT_OVER_QUOTA } from '../services/step-functions';
import type { TemplateResolver } from './intrinsics';
import { LambdaError } from './lambda-pool';
import type { Logger } from './log';
import { isRecord, ResourceType } from './template';

/** A state machine of the template with its ASL resolved. */
export interface StateMachineSpec {
  logicalId: string;
  name: string;
  arn: string;
  roleArn: string | undefined;
  definition: Record<string, unknown>;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** What DescribeExecution tells, with input and output as values rather than JSON strings. */
export interface ExecutionDescription {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate?: Date;
}

export interface StateMachinesOptions {
  region: string;
  account: string;
  /** Invokes a Lambda function synchronously; rejects with a {@link LambdaError}. */
  invoke(functionRef: string, payload: unknown): Promise<unknown>;
  /** Multiplies Retry intervals and Wait seconds (e.g. 0.01 in tests). */
  timeScale?: number;
  log: Logger;
  /** The platform clock, for start and stop dates (default: real time). */
  now?: () => Date;
  /** Told of every state an execution enters or retries (what Standard workflows bill as transitions). */
  onTransition?: (stateMachine: string, state: string) => void;
  /**
   * Where the running executions are kept, so that executions a crash or a stop cut short are
   * run again by {@link StateMachines.resumeInterrupted} on the next start.
   */
  journalFile?: string;
  /** Where the hashes of the definitions that passed validation are kept from one start to the next. */
  validatedFile?: string;
}

/** How the interpreter checks a definition: the ARNs are the local cloud's, so not checked. */
const VALIDATION = { checkArn: false } as const;

/** The hashes of the definitions that passed validation in this process. */
const validatedHere = new Set<string>();

/** What a definition is remembered by once it passed validation. */
export const definitionHash = (definition: unknown): string =>
  createHash('sha256').update(JSON.stringify({ VALIDATION, definition })).digest('hex');

function readValidated(file: string | undefined): Set<string> {
  if (!file || !existsSync(file)) return new Set();
  try {
    const hashes: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return new Set(Array.isArray(hashes) ? hashes.filter((hash): hash is string => typeof hash === 'string') : []);
  } catch {
    return new Set();
  }
}

/** What the journal keeps of a running execution: enough to start it again. */
interface JournalEntry {
  stateMachineArn: string;
  name: string;
  input: unknown;
  redriveCount: number;
}

/** An error Step Functions reports by name: what `ErrorEquals` in Retry and Catch matches. */
class StatesError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

type TaskHandler = (input: unknown) => Promise<unknown>;

interface Execution extends ExecutionDescription {
  abort(): void;
  finished: Promise<void>;
}

// Step Functions waits for a task as long as it takes unless the state says otherwise; the
// interpreter's default is 60 s, and a timer beyond 2^31 ms would fire at once.
const TASK_TIMEOUT_SECONDS = 86_400;

const LAMBDA_FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:/;
const LAMBDA_INVOKE = /^arn:aws[a-z-]*:states:::lambda:invoke$/;

const DATA_LIMIT_EXCEEDED = 'States.DataLimitExceeded';

const overQuota = (value: unknown): boolean => exceedsPayloadQuota(JSON.stringify(value ?? null));

/**
 * Step Functions' error for a task's parameters or result over the quota. It is terminal: `States.ALL`
 * in a Retry or Catch does not match it
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html), only a retrier
 * or catcher that names it does. The guide says nothing of `States.TaskFailed`; it is taken alike.
 */
function dataLimitExceeded(state: Record<string, unknown>, cause: string): StatesError {
  const names = (handlers: unknown): boolean =>
    Array.isArray(handlers) &&
    handlers.some((handler) => isRecord(handler) && Array.isArray(handler.ErrorEquals) && handler.ErrorEquals.includes(DATA_LIMIT_EXCEEDED));
  // The interpreter lets Retry and Catch match an error only while these are true.
  return Object.assign(new StatesError(DATA_LIMIT_EXCEEDED, cause), { isRetryable: names(state.Retry), isCatchable: names(state.Catch) });
}

/** A Task state's handler held to the payload quota: its parameters before the call, its result before `ResultSelector` and `ResultPath`. */
function withinPayloadQuota(stateName: string, state: Record<string, unknown>, handler: TaskHandler): TaskHandler {
  // Step Functions names a Lambda task by its function's ARN, an integration by its service.
  const resource = LAMBDA_INVOKE.test(String(state.Resource)) ? 'lambda' : String(state.Resource);
  return async (input) => {
    if (overQuota(input)) {
      throw dataLimitExceeded(state, `The state/task '${stateName}' provided parameters with a size exceeding the maximum number of bytes service limit.`);
    }
    const result = await handler(input);
    if (overQuota(result)) {
      throw dataLimitExceeded(state, `The state/task '${resource}' returned a result with a size exceeding the maximum number of bytes service limit.`);
    }
    return result;
  };
}

/** What the interpreter's private `execute` is handed: the event logger it tells of each state's output, before the next state runs. */
type Execute = (
  input: unknown,
  options: { eventLogger: { dispatchStateExitedEvent(name: string, type: string, input: unknown, output: unknown): void } },
  cleanup: () => void,
) => Promise<unknown>;

/**
 * Fails the execution when a state's output (an execution's output included) is over the payload
 * quota, with `States.DataLimitExceeded`, which no Catch of the state sees. The interpreter has no
 * hook between states; the one place that sees each output is its event logger, which its private
 * `execute` (version 3.0.0, pinned) calls in its loop, so the logger it is handed checks first.
 */
function failOutputsOverQuota(interpreter: StateMachine): void {
  const internals = interpreter as unknown as { execute: Execute };
  const execute = internals.execute.bind(interpreter);
  internals.execute = (input, options, cleanup) => {
    const logger = options.eventLogger;
    const exited = logger.dispatchStateExitedEvent.bind(logger);
    logger.dispatchStateExitedEvent = (name, type, stateInput, output) => {
      if (overQuota(output)) {
        throw new StatesError(DATA_LIMIT_EXCEEDED, `The state/task '${name}' returned a result with a size exceeding the maximum number of bytes service limit.`);
      }
      exited(name, type, stateInput, output);
    };
    return execute(input, options, cleanup);
  };
}

/**
 * The template's state machines with their definitions as JSON: `DefinitionString` (or
 * `Definition`) with `DefinitionSubstitutions` applied.
 */
export function readStateMachines(resolver: TemplateResolver): StateMachineSpec[] {
  return resolver.logicalIds(ResourceType.stateMachine).map((logicalId) => {
    const properties = resolver.properties(logicalId);
    const machine = resolver.resource(logicalId);
    const substitutions = isRecord(properties.DefinitionSubstitutions) ? properties.DefinitionSubstitutions : {};
    const text =
      typeof properties.DefinitionString === 'string' ? properties.DefinitionString : JSON.stringify(properties.Definition ?? null);
    const definition: unknown = JSON.parse(
      text.replace(/\$\{([^}]+)\}/g, (match, key: string) => (key in substitutions ? String(substitutions[key]) : match)),
    );
    if (!isRecord(definition)) throw new Error(`state machine ${logicalId} has no Definition or DefinitionString`);
    const roleArn = typeof properties.RoleArn === 'string' ? properties.RoleArn : undefined;
    return { logicalId, name: machine.name, arn: machine.arn, roleArn, definition };
  });
}

/** Calls every `States` map of a definition, nested Parallel branches and Map processors included. */
function forEachState(definition: Record<string, unknown>, visit: (name: string, state: Record<string, unknown>) => void): void {
  for (const [name, state] of Object.entries(isRecord(definition.States) ? definition.States : {})) {
    if (!isRecord(state)) continue;
    visit(name, state);
    const nested = [
      ...(Array.isArray(state.Branches) ? state.Branches : []),
      state.Iterator,
      state.ItemProcessor,
    ].filter(isRecord);
    for (const child of nested) forEachState(child, visit);
  }
}

function scaleTime(state: Record<string, unknown>, timeScale: number): void {
  if (Array.isArray(state.Retry)) {
    for (const retrier of state.Retry.filter(isRecord)) {
      retrier.IntervalSeconds = Number(retrier.IntervalSeconds ?? 1) * timeScale;
      if (retrier.MaxDelaySeconds !== undefined) retrier.MaxDelaySeconds = Number(retrier.MaxDelaySeconds) * timeScale;
    }
  }
  if (state.Type === 'Wait' && typeof state.Seconds === 'number') state.Seconds *= timeScale;
}

function executionFailure(error: unknown): { status: ExecutionStatus; error: string; cause: string } {
  if (error instanceof ExecutionTimeoutError) {
    return { status: 'TIMED_OUT', error: 'States.Timeout', cause: 'The execution timed out' };
  }
  const cause = error instanceof ExecutionError ? error.cause : error;
  if (cause instanceof Error) return { status: 'FAILED', error: cause.name, cause: cause.message };
  return { status: 'FAILED', error: 'States.Runtime', cause: String(cause) };
}

/**
 * Runs the template's state machines with `aws-local-stepfunctions`, sending their Lambda tasks
 * to the local Lambda pool, and keeps the executions in memory; with a `journalFile`, the running
 * ones also on disk. Step Functions keeps an execution running through any failure of a host;
 * the interpreter cannot pick an execution up mid-state, so one that was cut short is run again
 * from its start, under its name: the platform's workflow steps are idempotent for that reason.
 *
 * Lambda tasks are either `Resource: <function ARN>` (the task result is the function's result)
 * or `Resource: arn:aws:states:::lambda:invoke` with `Parameters.FunctionName` and `Payload`
 * (the result is `{ Payload, StatusCode, ExecutedVersion }`). A function error reaches Retry and
 * Catch under its `errorType`, with Lambda's error document as the cause.
 *
 * Payloads are held to Step Functions' quota of 256 KiB (`PAYLOAD_QUOTA_BYTES`): an execution's input is
 * refused, a task's parameters or result over it fail the task with `States.DataLimitExceeded`, and a
 * state's output over it fails the execution.
 */
export class StateMachines {
  private readonly machines: { spec: StateMachineSpec; interpreter: StateMachine; tasks: Record<string, TaskHandler> }[];
  private readonly executions = new Map<string, Execution>();
  private readonly journal = new Map<string, JournalEntry>();
  private readonly interrupted: JournalEntry[];

  constructor(
    specs: StateMachineSpec[],
    private readonly options: StateMachinesOptions,
  ) {
    // asl-validator compiles its JSON schemas again for every definition it checks: about 1.3 s of
    // CPU for the platform's state machines at every start on the 2-core machine. A definition that
    // passed is checked again only when it changes (its hash is remembered here and in `validatedFile`).
    const validatedBefore = readValidated(options.validatedFile);
    const validatedNow: string[] = [];
    this.machines = specs.map((spec) => {
      const definition = structuredClone(spec.definition);
      const tasks: Record<string, TaskHandler> = {};
      forEachState(definition, (stateName, state) => {
        if (options.timeScale !== undefined) scaleTime(state, options.timeScale);
        if (state.Type !== 'Task') return;
        if (state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) {
          state.TimeoutSeconds = TASK_TIMEOUT_SECONDS;
        }
        tasks[stateName] = withinPayloadQuota(stateName, state, this.taskHandler(spec.name, stateName, String(state.Resource)));
      });
      const hash = definitionHash(definition);
      const validated = validatedHere.has(hash) || validatedBefore.has(hash);
      try {
        const interpreter = new StateMachine(definition as unknown as StateMachineDefinition, {
          validationOptions: { ...VALIDATION, noValidate: validated },
        });
        failOutputsOverQuota(interpreter);
        validatedHere.add(hash);
        validatedNow.push(hash);
        return { spec, interpreter, tasks };
      } catch (error) {
        throw new Error(`state machine ${spec.logicalId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    if (options.validatedFile && validatedNow.some((hash) => !validatedBefore.has(hash))) {
      writeDataFile(options.validatedFile, JSON.stringify(validatedNow));
    }
    const file = options.journalFile;
    this.interrupted = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as JournalEntry[]) : [];
  }

  /** Runs again, from the start, every execution that was running when the last run ended. */
  resumeInterrupted(): void {
    for (const entry of this.interrupted.splice(0)) {
      this.options.log.warn(`execution ${entry.name} of ${entry.stateMachineArn.split(':').at(-1)} was cut short by the last stop; running it again`);
      try {
        this.run(entry.stateMachineArn, entry.input, entry.name, entry.redriveCount + 1);
      } catch (error) {
        this.options.log.error(`execution ${entry.name} could not be run again: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.saveJournal();
  }

  /** Every state machine, like ListStateMachines. */
  listStateMachines(): { name: string; stateMachineArn: string }[] {
    return this.machines.map(({ spec }) => ({ name: spec.name, stateMachineArn: spec.arn }));
  }

  /**
   * Starts an execution, like StartExecution.
   * @throws an error named `ExecutionAlreadyExists` when the machine already ran an execution of that name,
   * `ValidationException` for an input over the payload quota.
   */
  startExecution(
    stateMachineRef: string,
    input: unknown = {},
    name: string = randomUUID(),
  ): { executionArn: string; startDate: Date } {
    if (overQuota(input)) throw new StatesError('ValidationException', INPUT_OVER_QUOTA);
    return this.run(stateMachineRef, input, name, 0);
  }

  private run(stateMachineRef: string, input: unknown, name: string, redriveCount: number): { executionArn: string; startDate: Date } {
    const machine = this.machine(stateMachineRef);
    if (name.length < 1 || name.length > 80 || /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/.test(name)) {
      throw new StatesError('InvalidName', `Invalid Name: '${name}'`);
    }
    const { spec, interpreter, tasks } = machine;
    const executionArn = `arn:aws:states:${this.options.region}:${this.options.account}:execution:${spec.name}:${name}`;
    if (this.executions.has(executionArn)) {
      throw new StatesError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const startDate = this.now();
    const executionInput: unknown = JSON.parse(JSON.stringify(input ?? {}));
    const run = interpreter.run(executionInput as never, {
      overrides: { taskResourceLocalHandlers: tasks as never },
      noThrowOnAbort: true,
      context: {
        Execution: {
          Id: executionArn,
          Input: executionInput as never,
          Name: name,
          RoleArn: spec.roleArn,
          StartTime: startDate.toISOString(),
          RedriveCount: redriveCount,
        },
        StateMachine: { Id: spec.arn, Name: spec.name },
      },
    });
    const execution: Execution = {
      executionArn,
      stateMachineArn: spec.arn,
      name,
      status: 'RUNNING',
      input: executionInput,
      startDate,
      abort: run.abort,
      finished: run.result.then(
        (output) => {
          if (execution.status === 'ABORTED') return;
          Object.assign(execution, { status: 'SUCCEEDED', output, stopDate: this.now() });
          this.forget(executionArn);
        },
        (error: unknown) => {
          if (error instanceof ExecutionAbortedError) return;
          Object.assign(execution, { ...executionFailure(error), stopDate: this.now() });
          this.forget(executionArn);
          this.options.log.warn(`execution ${name} of ${spec.name} ${execution.status}: ${execution.error}: ${execution.cause}`);
        },
      ),
    };
    this.executions.set(executionArn, execution);
    if (this.options.onTransition) void this.countTransitions(spec.name, run.eventLogs);
    this.journal.set(executionArn, { stateMachineArn: spec.arn, name, input: executionInput, redriveCount });
    this.saveJournal();
    return { executionArn, startDate };
  }

  /**
   * The state of one execution, like DescribeExecution.
   * @throws an error named `ExecutionDoesNotExist` for an unknown ARN.
   */
  describeExecution(executionArn: string): ExecutionDescription {
    const execution = this.executions.get(executionArn);
    if (!execution) throw new StatesError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    const { abort: _abort, finished: _finished, ...description } = execution;
    return structuredClone(description);
  }

  /** The executions of one state machine, newest first, like ListExecutions. */
  listExecutions(stateMachineRef: string): ExecutionDescription[] {
    const { arn } = this.machine(stateMachineRef).spec;
    return [...this.executions.values()]
      .filter((execution) => execution.stateMachineArn === arn)
      .reverse()
      .map((execution) => this.describeExecution(execution.executionArn));
  }

  /** Resolves when the execution has stopped, with its final description. */
  async waitForExecution(executionArn: string): Promise<ExecutionDescription> {
    this.describeExecution(executionArn);
    await this.executions.get(executionArn)?.finished;
    return this.describeExecution(executionArn);
  }

  /** Aborts every running execution; the journal keeps them for the next start. */
  async stop(): Promise<void> {
    const running = [...this.executions.values()].filter((execution) => execution.status === 'RUNNING');
    for (const execution of running) {
      Object.assign(execution, { status: 'ABORTED', stopDate: this.now() });
      execution.abort();
    }
    await Promise.all(running.map((execution) => execution.finished));
  }

  private async countTransitions(stateMachine: string, events: AsyncGenerator<{ type: string; state?: { name: string } }>): Promise<void> {
    for await (const event of events) {
      if (event.type === 'StateEntered' || event.type === 'StateRetried') this.options.onTransition?.(stateMachine, event.state?.name ?? '');
    }
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private forget(executionArn: string): void {
    if (this.journal.delete(executionArn)) this.saveJournal();
  }

  /** The executions still running, with those of the last run not yet run again. */
  private saveJournal(): void {
    const file = this.options.journalFile;
    if (file) writeDataFile(file, JSON.stringify([...this.interrupted, ...this.journal.values()]));
  }

  private machine(stateMachineRef: string): StateMachines['machines'][number] {
    const machine = this.machines.find(
      ({ spec }) => spec.arn === stateMachineRef || spec.name === stateMachineRef || spec.logicalId === stateMachineRef,
    );
    if (!machine) throw new StatesError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineRef}'`);
    return machine;
  }

  private async invokeLambda(functionRef: string, payload: unknown): Promise<unknown> {
    try {
      return await this.options.invoke(functionRef, payload);
    } catch (error) {
      if (!(error instanceof LambdaError)) throw error;
      const name = error.errorType === 'ResourceNotFoundException' ? 'Lambda.ResourceNotFoundException' : error.errorType;
      throw new StatesError(name, JSON.stringify(error.toPayload()));
    }
  }

  private taskHandler(machineName: string, stateName: string, resource: string): TaskHandler {
    if (LAMBDA_FUNCTION_ARN.test(resource)) return (input) => this.invokeLambda(resource, input);
    if (LAMBDA_INVOKE.test(resource)) {
      return async (input) => {
        const parameters = isRecord(input) ? input : {};
        const functionName = String(parameters.FunctionName);
        if (parameters.InvocationType === 'Event') {
          this.invokeLambda(functionName, parameters.Payload).catch((error: unknown) =>
            this.options.log.warn(`${machineName}.${stateName}: asynchronous invocation of ${functionName} failed: ${String(error)}`),
          );
          return { Payload: '', StatusCode: 202 };
        }
        const payload = await this.invokeLambda(functionName, parameters.Payload);
        return { ExecutedVersion: '$LATEST', Payload: payload, StatusCode: 200 };
      };
    }
    return async () => {
      this.options.log.error(`${machineName}.${stateName}: the local cloud runs Lambda tasks only, not ${resource}`);
      throw new StatesError('States.Runtime', `The local cloud does not support the task resource ${resource}`);
    };
  }
}
