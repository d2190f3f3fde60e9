import { SESv2Client } from '@aws-sdk/client-sesv2';
import { withoutCallLogging } from '../sdk-client';

let shared: SESv2Client | undefined;

/** The one SES client of an execution environment, made on first use. */
export function sesClient(): SESv2Client {
  return (shared ??= withoutCallLogging(new SESv2Client({})));
}
