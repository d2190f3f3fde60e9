import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { RepairJobDispatch, RepairJobDispatcher } from '../../ports/partner-webhooks';

/** Puts repair jobs on the SQS queue from which the delivery function sends them to the partners. */
export class SqsRepairJobQueue implements RepairJobDispatcher {
  constructor(private readonly queueUrl: string, private readonly client: SQSClient) {}

  async dispatch(job: RepairJobDispatch): Promise<void> {
    await this.client.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify({ passportId: job.passportId, jobId: job.jobId }) }),
    );
  }
}
