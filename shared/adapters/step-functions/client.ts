import { SFNClient } from '@aws-sdk/client-sfn';
import { withoutCallLogging } from '../sdk-client';

let shared: SFNClient | undefined;

/** The one Step Functions client of an execution environment, made on first use. */
export function sfnClient(): SFNClient {
  return (shared ??= withoutCallLogging(new SFNClient({})));
}
