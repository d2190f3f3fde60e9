import type { WebhookDelivery } from '../schemas/webhooks';
import type { ResolvedAddress } from './host-resolver';

/** The queue of deliveries to brands' endpoints, retried with backoff and dead-lettered after the last try (SQS). */
export interface WebhookQueue {
  enqueue(deliveries: WebhookDelivery[]): Promise<void>;
  /** Keeps a failed delivery hidden for `delaySeconds` before its next try (the backoff). */
  retryLater(receipt: string, delaySeconds: number): Promise<void>;
}

/** An endpoint URL with the addresses its host had when it was checked, all of them public. */
export interface CheckedEndpoint {
  url: string;
  addresses: readonly ResolvedAddress[];
}

/**
 * Sends one signed delivery to an endpoint, connecting only to its checked addresses (never
 * resolving the host again, so the name cannot be pointed elsewhere between check and send), and
 * never following a redirect.
 */
export interface WebhookSender {
  /** Resolves with the endpoint's HTTP status; rejects when it could not be reached in time. */
  post(endpoint: CheckedEndpoint, body: string, headers: Record<string, string>): Promise<number>;
}
