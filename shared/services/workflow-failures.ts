/**
 * A failure's own words as a Step Functions Catch hands them to a workflow's last step (the Lambda's
 * error as JSON in `Cause`, or the cause as is), without a closing full stop: the reason's sentence
 * ends them.
 *
 * @example
 * failureMessageOf('{"errorType":"CarrierRejected","errorMessage":"Invalid postal code."}'); // 'Invalid postal code'
 */
export function failureMessageOf(cause: string | undefined): string {
  if (!cause) return 'no details';
  let message = cause;
  try {
    message = (JSON.parse(cause) as { errorMessage?: string }).errorMessage ?? cause;
  } catch {
    // Not JSON: the cause is the message.
  }
  return message.replace(/\.+$/, '');
}
