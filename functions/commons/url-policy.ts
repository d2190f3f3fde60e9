import type { UrlPolicy } from '../../shared/domain/url-policy';

// Where the platform may send what a brand or partner names an address for: the stage's setting (the stack parameter
// AllowLocalHttpWebhooks, true in the local cloud only).

export const urlPolicy = (): UrlPolicy => ({ allowLocalHttp: process.env.ALLOW_LOCAL_HTTP_WEBHOOKS === 'true' });
