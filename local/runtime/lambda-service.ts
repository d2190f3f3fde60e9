import { AwsServiceError, type AwsService } from '../services/aws-protocol';
import { EVENT_TOO_LARGE, LambdaError } from './lambda-pool';

/** The functions the local Lambda invokes, by name, ARN, logical id or construct id; undefined for one the template does not have. */
export interface LocalFunctions {
  arnOf(functionRef: string): string | undefined;
  invoke(functionArn: string, event: unknown): Promise<unknown>;
}

function payloadOf(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new AwsServiceError('InvalidRequestContentException', 'Could not parse request body into json: the payload is not JSON.');
  }
}

/**
 * The local Lambda: `Invoke` (`POST /2015-03-31/functions/{FunctionName}/invocations`) of the
 * template's functions, for an operator's command that hands a dead letter back to its function
 * (`npm run redrive`). A synchronous invocation (`RequestResponse`) answers 200 with the function's
 * result, or 200 with its error document and `X-Amz-Function-Error: Unhandled`, as Lambda does; a
 * `DryRun` answers 204. Asynchronous invocations (`Event`) are refused: nothing calls them.
 */
export function createLambdaService(functions: LocalFunctions): AwsService {
  return {
    name: 'Lambda',
    rawRoutes: [
      {
        method: 'POST',
        path: '/2015-03-31/functions/{FunctionName}/invocations',
        handle: async (body, request) => {
          const name = request.labels.FunctionName!;
          const arn = functions.arnOf(name);
          if (!arn) throw new AwsServiceError('ResourceNotFoundException', `Function not found: ${name}`, 404);
          const type = request.headers['x-amz-invocation-type'] ?? 'RequestResponse';
          const event = payloadOf(body);
          if (type === 'DryRun') return { status: 204 };
          if (type !== 'RequestResponse') {
            throw new AwsServiceError('InvalidParameterValueException', `The local Lambda invokes RequestResponse and DryRun, not ${String(type)}.`);
          }
          const headers = { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' };
          try {
            return { status: 200, headers, body: JSON.stringify((await functions.invoke(arn, event)) ?? null) };
          } catch (error) {
            if (!(error instanceof LambdaError)) throw error;
            // Lambda refuses such a request itself (413): the function never ran.
            if (error.errorType === EVENT_TOO_LARGE) throw new AwsServiceError(EVENT_TOO_LARGE, error.errorMessage, 413);
            return { status: 200, headers: { ...headers, 'x-amz-function-error': 'Unhandled' }, body: JSON.stringify(error.toPayload()) };
          }
        },
      },
    ],
  };
}
