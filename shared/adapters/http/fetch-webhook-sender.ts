import type { WebhookSender } from '../../ports/webhook-delivery';

/** A brand's endpoint has this long to answer; a slow one is retried later rather than holding the queue. */
const TIMEOUT_MS = 10_000;

/**
 * The WebhookSender over HTTPS with fetch. Redirects are not followed: the signature covers the
 * URL the brand subscribed, and a redirect could point the delivery anywhere.
 */
export class FetchWebhookSender implements WebhookSender {
  async post(url: string, body: string, headers: Record<string, string>): Promise<number> {
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'user-agent': 'Kreislauf-Webhooks/1', ...headers },
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel();
    return response.status;
  }
}
