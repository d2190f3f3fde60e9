import { lookup } from 'node:dns/promises';
import type { HostResolver } from '../../ports/host-resolver';

/** A name that takes longer than this to resolve is treated as unresolvable, so a save or a delivery does not hang. */
const LOOKUP_TIMEOUT_MS = 5_000;

/**
 * The HostResolver over the operating system's resolver (`getaddrinfo`, what a connection would
 * use), with every address of the name in the order the system gives them.
 */
export const resolveHostWithDns: HostResolver = async (hostname) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${LOOKUP_TIMEOUT_MS / 1000} s`)), LOOKUP_TIMEOUT_MS);
  });
  try {
    const found = await Promise.race([lookup(hostname, { all: true, verbatim: true }), timeout]);
    return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
  } finally {
    clearTimeout(timer);
  }
};
