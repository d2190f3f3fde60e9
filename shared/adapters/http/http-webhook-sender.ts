import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from '../../ports/host-resolver';
import type { CheckedEndpoint, WebhookSender } from '../../ports/webhook-delivery';

/** A brand's endpoint has this long to answer; a slow one is retried later rather than holding the queue. */
const TIMEOUT_MS = 10_000;

/**
 * The WebhookSender over HTTPS (plain HTTP only for what the local cloud lets through). It connects
 * to the endpoint's checked addresses and nowhere else: the host name is not resolved again, so it
 * cannot be pointed at another address between the check and the connection, while TLS still
 * verifies the certificate against the name. Redirects are not followed (node:http never does):
 * the signature covers the URL that was subscribed, and a redirect could point the delivery anywhere.
 */
export class HttpWebhookSender implements WebhookSender {
  post(endpoint: CheckedEndpoint, body: string, headers: Record<string, string>): Promise<number> {
    const url = new URL(endpoint.url);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const outgoing = request(
        url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Kreislauf-Webhooks/1',
            ...headers,
            'content-length': String(Buffer.byteLength(body)),
          },
          lookup: lookupOnly(endpoint.addresses),
          // No pooled connection: each delivery connects to the addresses checked for it.
          agent: false,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }
}

/** A lookup that answers with the checked addresses (of the family asked for) instead of asking DNS. */
function lookupOnly(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (hostname, options, callback) => {
    const usable = addresses.filter(({ family }) => !options.family || options.family === family);
    if (usable.length === 0) callback(Object.assign(new Error(`${hostname} has no checked IPv${options.family} address`), { code: 'ENOTFOUND' }), '');
    else if (options.all) callback(null, [...usable]);
    else callback(null, usable[0]!.address, usable[0]!.family);
  };
}
