/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Every address a host name resolves to (A and AAAA, as the operating system's resolver answers).
 * Rejects when the name has no address or cannot be resolved in time.
 */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;
