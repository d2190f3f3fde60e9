import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { withoutCallLogging } from '../sdk-client';

let shared: SchedulerClient | undefined;

/** The one EventBridge Scheduler client of an execution environment, made on first use. */
export function schedulerClient(): SchedulerClient {
  return (shared ??= withoutCallLogging(new SchedulerClient({})));
}
