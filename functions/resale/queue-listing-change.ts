import { sqsClient } from '../../shared/adapters/sqs/client';
import { SqsListingChangeQueue } from '../../shared/adapters/sqs/listing-change-queue';
import { requiredEnv } from '../../shared/config';
import { ListingEventSchema } from '../../shared/schemas/events';
import { queueRecordedListingChange } from '../../shared/services/recorded-listing-changes';

// The listing-change queue alone, as queue-listings: no table, no channel.
const queue = new SqsListingChangeQueue(requiredEnv('LISTING_QUEUE_URL'), sqsClient());

/**
 * A recorded listing change, from its event (a person's change by the rule `OnPersonsListingChange`, a
 * sale's withdrawals by `OnSaleWithdrawals`): one message per channel it concerns on the FIFO queue the
 * sync function applies. A failure throws, so EventBridge retries the event and then dead-letters it.
 */
export const handler = async (input: unknown) => ({ queued: await queueRecordedListingChange(queue, ListingEventSchema.parse(input)) });
