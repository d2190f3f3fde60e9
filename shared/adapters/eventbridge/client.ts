import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { withoutCallLogging } from '../sdk-client';

let shared: EventBridgeClient | undefined;

/** The one EventBridge client of an execution environment, made on first use. */
export function eventBridgeClient(): EventBridgeClient {
  return (shared ??= withoutCallLogging(new EventBridgeClient({})));
}
