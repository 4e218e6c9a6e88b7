import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where a tenant's webhook may point. A webhook is a request the worker sends from inside the
 * installation to a URL a bakery typed, so by default it may reach only the public internet:
 * loopback, private, link-local, unique-local, CGNAT, NAT64, 6to4, Teredo, IPv4-mapped,
 * unspecified, multicast, reserved and cloud-metadata addresses are refused, in every spelling
 * (WHATWG URL parsing already turns `127.1`, `2130706433` and `0x7f.1` into 127.0.0.1, and
 * `[::ffff:127.0.0.1]` into `[::ffff:7f00:1]`, which the IPv4 rules match).
 *
 * A self-hosted installation whose receiver runs next to Levain names it in
 * WEBHOOK_ALLOWED_HOSTS: host names (exact) and CIDRs or addresses. Cloud-metadata and link-local
 * addresses stay refused whatever the list says — they hand out the host's credentials.
 *
 * The check runs twice: on the URL when settings are saved ({@link WebhookPolicy.urlProblem}: a
 * literal address or a `localhost` name is BAD_USER_INPUT), and before each POST on the addresses
 * the host name resolves to ({@link WebhookPolicy.resolveTarget}); the sender then connects to the
 * address that was checked (jobs/orchestration/webhook.ts), so a second DNS answer — rebinding —
 * never picks the destination.
 */

function blockList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

/** Never reachable, allow-list or not: link-local and the metadata services of the clouds. */
const METADATA = blockList([
  '169.254.0.0/16', // IPv4 link-local: AWS/GCP/OpenStack 169.254.169.254, ECS 169.254.170.2
  '168.63.129.16', // Azure wire server (a public address)
  '100.100.100.200', // Alibaba Cloud
  '192.0.0.192', // Oracle Cloud
  'fe80::/10', // IPv6 link-local
  'fd00:ec2::254', // AWS over IPv6
]);

/** Refused unless allow-listed: everything that is not the public internet. */
const NON_PUBLIC = blockList([
  '0.0.0.0/8', // "this network": 0.0.0.0 reaches the local host
  '10.0.0.0/8',
  '100.64.0.0/10', // CGNAT
  '127.0.0.0/8',
  '172.16.0.0/12',
  '192.0.0.0/24', // IETF protocol assignments
  '192.0.2.0/24', // documentation
  '192.168.0.0/16',
  '198.18.0.0/15', // benchmarking
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, broadcast
  '::/128', // unspecified
  '::1/128',
  '::/96', // IPv4-compatible (deprecated)
  '64:ff9b::/96', // NAT64
  '64:ff9b:1::/48', // local-use NAT64
  '100::/64', // discard
  '2001::/32', // Teredo
  '2001:db8::/32', // documentation
  '2002::/16', // 6to4
  'fc00::/7', // unique local
  'ff00::/8', // multicast
]);

/**
 * IPv4-mapped IPv6 (`::ffff:0:0/96`), refused whatever IPv4 address it carries. Kept apart: a
 * BlockList matches plain IPv4 addresses against this range too, so it is asked for IPv6 only.
 */
const IPV4_MAPPED = blockList(['::ffff:0:0/96']);

/** Host names that reach the metadata services (compared lower-case, without a trailing dot). */
const METADATA_HOSTS = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']);

const family = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');
const bareHost = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
const isLocalhostName = (host: string) => host === 'localhost' || host.endsWith('.localhost');

/** Why an allow-list entry is not a host name, an address or a CIDR, or undefined when it is one. */
export function allowListEntryProblem(entry: string): string | undefined {
  const [address, prefix, extra] = entry.split('/');
  if (extra === undefined && isIP(address)) {
    if (prefix === undefined) return undefined;
    const max = isIP(address) === 6 ? 128 : 32;
    return /^\d{1,3}$/.test(prefix) && Number(prefix) <= max ? undefined : `${entry}: the prefix length must be 0–${max}`;
  }
  if (prefix === undefined && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i.test(entry)) return undefined;
  return `${entry}: must be a host name, an IP address or a CIDR`;
}

/** The address a webhook POST connects to, after it was checked. */
export interface PinnedAddress {
  address: string;
  family: 4 | 6;
}

/** Where a webhook may go under one allow-list (WEBHOOK_ALLOWED_HOSTS). */
export interface WebhookPolicy {
  /** Why `value` cannot be saved as a webhook URL (no DNS: a literal address or a local name), or undefined. */
  urlProblem(value: string): string | undefined;
  /**
   * Resolves the URL's host once and checks every address it gets: the address to connect to,
   * or why the POST must not go out. A name that does not resolve is a problem too.
   */
  resolveTarget(value: string): Promise<PinnedAddress | { problem: string }>;
}

/** Resolves a host name to all its addresses (dns.lookup; tests may pass their own). */
export type HostResolver = (host: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: HostResolver = (host) => dnsLookup(host, { all: true, verbatim: true });

/**
 * The webhook policy for `allowed` (host names, addresses and CIDRs; empty: public internet only).
 * Entries must pass {@link allowListEntryProblem} (the config checks them at start-up).
 */
export function createWebhookPolicy(allowed: readonly string[] = [], resolve: HostResolver = systemResolver): WebhookPolicy {
  const allowedNames = new Set(allowed.filter((entry) => !isIP(entry.split('/')[0])).map((name) => name.replace(/\.$/, '').toLowerCase()));
  const allowedRanges = blockList(allowed.filter((entry) => isIP(entry.split('/')[0])));

  const addressProblem = (address: string, nameAllowed: boolean): string | undefined => {
    if (METADATA.check(address, family(address))) return 'is a link-local or cloud metadata address';
    if (nameAllowed || allowedRanges.check(address, family(address))) return undefined;
    const mapped = family(address) === 'ipv6' && IPV4_MAPPED.check(address, 'ipv6');
    if (mapped || NON_PUBLIC.check(address, family(address))) return 'is not a public internet address (WEBHOOK_ALLOWED_HOSTS lists self-hosted receivers)';
    return undefined;
  };

  const parse = (value: string): URL | string => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return 'must be an absolute http(s) URL';
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https URL';
    if (url.username || url.password) return 'must not carry a user name or password';
    return url;
  };

  const urlProblem = (value: string): string | undefined => {
    const url = parse(value);
    if (typeof url === 'string') return url;
    const host = bareHost(url);
    const nameAllowed = allowedNames.has(host);
    if (METADATA_HOSTS.has(host)) return 'must not point to a cloud metadata service';
    if (isIP(host)) {
      const problem = addressProblem(host, false);
      return problem && `must not point to ${host}: it ${problem}`;
    }
    if (isLocalhostName(host) && !nameAllowed) return `must not point to ${host}: it names this host (WEBHOOK_ALLOWED_HOSTS lists self-hosted receivers)`;
    return undefined;
  };

  return {
    urlProblem,
    async resolveTarget(value) {
      const problem = urlProblem(value);
      if (problem) return { problem };
      const host = bareHost(new URL(value));
      if (isIP(host)) return { address: host, family: isIP(host) as 4 | 6 };
      let addresses: { address: string; family: number }[];
      try {
        addresses = await resolve(host);
      } catch {
        return { problem: `${host} does not resolve` };
      }
      if (addresses.length === 0) return { problem: `${host} does not resolve` };
      const nameAllowed = allowedNames.has(host);
      // Every address is checked, not only the one used: a name that also points inside is refused.
      for (const { address } of addresses) {
        const refused = addressProblem(address, nameAllowed);
        if (refused) return { problem: `${host} resolves to ${address}, which ${refused}` };
      }
      const [first] = addresses;
      return { address: first.address, family: isIP(first.address) as 4 | 6 };
    },
  };
}
