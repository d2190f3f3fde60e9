import { resolveHostWithDns } from '../../shared/adapters/dns/dns-host-resolver';
import { urlPolicy } from './url-policy';

// What the senders of brand and partner webhooks check a target URL with.

export const outboundChecks = () => ({
  ...urlPolicy(),
  resolveHost: resolveHostWithDns,
});
