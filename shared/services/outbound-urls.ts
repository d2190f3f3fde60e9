import { UnprocessableError, ValidationError } from '../domain/errors';
import { addressProblem, outboundUrlOf, type UrlPolicy } from '../domain/url-policy';
import type { HostResolver } from '../ports/host-resolver';
import type { CheckedEndpoint } from '../ports/webhook-delivery';

/** The URL policy with the resolver that finds a host's addresses. */
export interface OutboundUrlRules extends UrlPolicy {
  resolveHost: HostResolver;
}

/**
 * A URL we may send to now, with the addresses to connect to, or why not: its text (`form`), or
 * the addresses its host has now (`addresses`), which may change without the URL changing.
 */
export type OutboundUrlCheck = { ok: true; endpoint: CheckedEndpoint } | { ok: false; kind: 'form' | 'addresses'; problem: string };

/**
 * Checks a URL a brand or partner gave us against the policy (`shared/domain/url-policy.ts`) and
 * resolves its host: every address it resolves to must be public (or, for plain HTTP let through
 * in a local cloud, this machine).
 */
export async function checkOutboundUrl(text: string, rules: OutboundUrlRules): Promise<OutboundUrlCheck> {
  const form = outboundUrlOf(text, rules);
  if (typeof form === 'string') return { ok: false, kind: 'form', problem: form };
  if (form.literal) return { ok: true, endpoint: { url: form.text, addresses: [form.literal] } };
  const host = form.url.hostname;
  let addresses;
  try {
    addresses = await rules.resolveHost(host);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { ok: false, kind: 'addresses', problem: `could not be resolved: ${host} has no address (${reason})` };
  }
  if (addresses.length === 0) return { ok: false, kind: 'addresses', problem: `could not be resolved: ${host} has no address` };
  for (const { address } of addresses) {
    const problem = addressProblem(address);
    if (form.local && problem !== 'loopback') return { ok: false, kind: 'addresses', problem: `must name this machine; ${host} resolves to ${address}` };
    if (!form.local && problem) return { ok: false, kind: 'addresses', problem: `must resolve to public addresses only; ${host} resolves to ${address} (${problem})` };
  }
  return { ok: true, endpoint: { url: form.text, addresses } };
}

/**
 * Refuses a URL about to be saved, at its field: 400 when its text is wrong, 422 when its host
 * cannot be resolved or resolves to an address that is not public.
 * @returns the URL to store: as given, its scheme and host in lower case (`OutboundUrl.text`).
 */
export async function assertOutboundUrl(text: string, rules: OutboundUrlRules, field: { path: string[]; name: string }): Promise<string> {
  const check = await checkOutboundUrl(text, rules);
  if (check.ok) return check.endpoint.url;
  const detail = `The ${field.name} ${check.problem}.`;
  const issues = [{ in: 'body' as const, path: field.path, message: check.problem }];
  throw check.kind === 'form' ? new ValidationError(detail, issues) : new UnprocessableError(detail, issues);
}
