import { EventBridgeClient } from '@aws-sdk/client-eventbridge';

let shared: EventBridgeClient | undefined;

/** The one EventBridge client of an execution environment, made on first use. */
export function eventBridgeClient(): EventBridgeClient {
  return (shared ??= new EventBridgeClient({}));
}
