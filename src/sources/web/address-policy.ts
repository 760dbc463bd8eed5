/**
 * @module Which network addresses a source may be fetched from: public unicast only, unless the
 * operator allows private ones (ALLOW_PRIVATE_SOURCES) or names trusted internal hosts. Checked on
 * the addresses a name resolves to, at connect time, so a redirect or a DNS answer cannot slip
 * a request to loopback, the LAN or a cloud metadata service.
 */
import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { ThreatBriefError } from '../../core/errors.ts';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Host name to addresses; injected in tests so a name can resolve anywhere without real DNS. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

export interface AddressPolicy {
  /** Loopback, private, link-local and other non-public ranges allowed (tests, internal servers). */
  allowPrivate: boolean;
  /** Host names trusted whatever they resolve to (an internal TAXII server). */
  trustedHosts: readonly string[];
}

const RANGE_WORDS: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private address',
  linkLocal: 'a link-local address',
  uniqueLocal: 'a private (unique local) address',
  carrierGradeNat: 'a carrier-grade NAT address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
  reserved: 'a reserved address',
};

/** Why `address` may not be fetched from, or null when it is public unicast. */
export function addressProblem(address: string): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is.
    parsed = ipaddr.process(address.replace(/^\[|\]$/g, ''));
  } catch {
    return 'not an IP address';
  }
  const range = parsed.range();
  if (range === 'unicast') return null;
  return RANGE_WORDS[range] ?? `a non-public address (${range})`;
}

export function isTrustedHost(policy: AddressPolicy, hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return policy.trustedHosts.some((h) => h.toLowerCase() === host);
}

export function blockedAddress(hostname: string, address: string, why: string): ThreatBriefError {
  const shown = hostname === address ? address : `${hostname} (${address})`;
  return new ThreatBriefError(
    'blocked_address',
    `refused to fetch from ${shown}: it is ${why}; set ALLOW_PRIVATE_SOURCES=1 or list the host in PRIVATE_SOURCE_HOSTS to allow it`,
  );
}

/** Throws `blocked_address` unless every address is allowed for `hostname` under `policy`. */
export function checkAddresses(
  policy: AddressPolicy,
  hostname: string,
  addresses: readonly ResolvedAddress[],
): void {
  if (policy.allowPrivate || isTrustedHost(policy, hostname)) return;
  // Every answer must be public: a name resolving to one public and one internal address is refused.
  for (const { address } of addresses) {
    const why = addressProblem(address);
    if (why) throw blockedAddress(hostname, address, why);
  }
}
