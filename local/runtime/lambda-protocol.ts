/** What a Lambda execution environment (one worker thread) is started with. */
export interface WorkerSetup {
  codeDirectory: string;
  handler: string;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
  /** The platform clock's offset from real time in ms (a BigInt64 at index 0), which `Date` adds. */
  clockOffset?: SharedArrayBuffer;
  /** Where V8's compiled code of the function's modules is kept for the next environment (Node.js's module compile cache). */
  compileCacheDir?: string;
}

/**
 * The first message a worker gets: it becomes the execution environment of one function, with the
 * function's environment variables. Workers are started ahead, before it is known which function
 * they will run.
 */
export interface AssignRequest {
  type: 'assign';
  setup: WorkerSetup;
  env: Record<string, string>;
}

/** Asks a fresh worker to load its code before any invocation, like Lambda's provisioned concurrency. */
export interface InitRequest {
  type: 'init';
}

/** One invocation, sent to an idle worker. The event travels as JSON, as it does in Lambda. */
export interface InvokeRequest {
  id: number;
  awsRequestId: string;
  eventJson: string;
  timeoutMs: number;
}

/** Lambda's error document: what a handler's thrown error turns into. */
export interface LambdaErrorPayload {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

export type WorkerReply =
  /** The code loaded (or failed to: the first invocation then reports why). */
  | { type: 'initialized' }
  | { type: 'started'; id: number }
  | { type: 'result'; id: number; payloadJson: string }
  /** `fatal` errors come from loading the code: the environment is discarded, as Lambda does after a failed init. */
  | { type: 'error'; id: number; error: LambdaErrorPayload; fatal: boolean };
