import { resolveHostWithDns } from '../../shared/adapters/dns/dns-host-resolver';

// What the senders of brand and partner webhooks check a target URL with.

export const outboundChecks = () => ({
  allowLocalHttp: process.env.ALLOW_LOCAL_HTTP_WEBHOOKS === 'true',
  resolveHost: resolveHostWithDns,
});
