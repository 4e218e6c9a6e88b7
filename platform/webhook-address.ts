import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where a tenant's webhook may point: an http(s) URL without credentials whose host is not a
 * link-local, unspecified or cloud-metadata address — the usual server-side request forgery
 * targets (169.254.169.254 and friends) that would hand a tenant the host's cloud credentials.
 *
 * The check runs twice: on the URL when settings are saved ({@link webhookUrlProblem}, so every
 * spelling of an address — decimal `2852039166`, IPv4-mapped `[::ffff:a9fe:a9fe]`, a trailing-dot
 * host name — is refused), and on the addresses the host name resolves to right before each POST
 * ({@link webhookTargetProblem}), so a DNS name pointing at a metadata address is refused too.
 *
 * Loopback and private networks (127.0.0.0/8, 10.0.0.0/8, …) are allowed: a self-hosted bakery may
 * run its receiver next to Levain. SECURITY.md says how to close them with an egress policy.
 */

const FORBIDDEN = new BlockList();
FORBIDDEN.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local, AWS/Azure/GCP/OpenStack metadata
FORBIDDEN.addSubnet('0.0.0.0', 8, 'ipv4'); // "this network": 0.0.0.0 reaches the local host
FORBIDDEN.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud metadata
FORBIDDEN.addAddress('192.0.0.192', 'ipv4'); // Oracle Cloud metadata
FORBIDDEN.addSubnet('fe80::', 10, 'ipv6'); // link-local
FORBIDDEN.addAddress('::', 'ipv6'); // unspecified
FORBIDDEN.addAddress('fd00:ec2::254', 'ipv6'); // AWS metadata over IPv6

/** Host names of metadata services (compared without a trailing dot, lower case). */
const METADATA_HOSTS = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']);

/** The IPv4 address an IPv4-mapped or -compatible IPv6 address carries (`::ffff:a9fe:a9fe`), if any. */
function embeddedIpv4(address: string): string | undefined {
  const match = /^::(?:ffff:(?:0:)?)?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address) ?? /^::(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (!match) return undefined;
  if (match.length === 2) return match[1];
  const high = Number.parseInt(match[1], 16);
  const low = Number.parseInt(match[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** True when an IP address (v4 or v6, without brackets) is one a webhook may never reach. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return FORBIDDEN.check(address, 'ipv4');
  if (family !== 6) return false;
  const mapped = embeddedIpv4(address);
  return FORBIDDEN.check(address, 'ipv6') || (mapped !== undefined && FORBIDDEN.check(mapped, 'ipv4'));
}

/** Why `value` cannot be a webhook URL, or undefined when it can. */
export function webhookUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https URL';
  if (url.username || url.password) return 'must not carry a user name or password';
  // WHATWG parsing already turned 2852039166, 0xa9fea9fe and 0251.0376.0251.0376 into 169.254.169.254.
  const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (METADATA_HOSTS.has(host) || isForbiddenAddress(host)) return 'must not point to a link-local or cloud metadata address';
  return undefined;
}

/**
 * Why a POST to `value` must not go out now, or undefined: the URL's problem, else a forbidden
 * address among those its host name resolves to (a name that does not resolve is left to fetch).
 */
export async function webhookTargetProblem(value: string): Promise<string | undefined> {
  const problem = webhookUrlProblem(value);
  if (problem) return problem;
  const host = new URL(value).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return undefined;
  try {
    const addresses = await lookup(host, { all: true, verbatim: true });
    if (addresses.some(({ address }) => isForbiddenAddress(address))) return `${host} resolves to a link-local or cloud metadata address`;
  } catch {
    // Unresolvable: the POST itself fails and is retried like any network error.
  }
  return undefined;
}
