import type { WebhookDelivery } from '../schemas/webhooks';

/** The queue of deliveries to brands' endpoints, retried with backoff and dead-lettered after the last try (SQS). */
export interface WebhookQueue {
  enqueue(deliveries: WebhookDelivery[]): Promise<void>;
  /** Keeps a failed delivery hidden for `delaySeconds` before its next try (the backoff). */
  retryLater(receipt: string, delaySeconds: number): Promise<void>;
}

/** Sends one signed delivery to an endpoint. */
export interface WebhookSender {
  /** Resolves with the endpoint's HTTP status; rejects when it could not be reached in time. */
  post(url: string, body: string, headers: Record<string, string>): Promise<number>;
}
