/** A repair job waiting to be sent to its partner. */
export interface RepairJobDispatch {
  passportId: string;
  jobId: string;
}

/**
 * Hands repair jobs to the delivery queue, from which they are sent to the partners as signed
 * webhooks, retried, and dead-lettered after the last try (SQS in AWS and locally).
 */
export interface RepairJobDispatcher {
  dispatch(job: RepairJobDispatch): Promise<void>;
}
