/**
 * Whether a webhook URL's host is on the public internet. A Worker that POSTs wherever an
 * owner says must not be pointed at loopback, private, link-local (cloud metadata at
 * 169.254.169.254), shared (CGNAT) or unique-local networks, nor at names that mean this
 * machine or a private zone: the delivery log would turn it into a probe of them. Pure: it
 * reads the host as the WHATWG URL parser left it, which has already turned decimal, octal
 * and hex IPv4 forms (`http://2130706433/`, `http://0x7f.1/`) into dotted quads and
 * compressed IPv6. Names are judged by their suffix only; what they resolve to is not seen
 * here (docs/security.md, "Known limits").
 */
import { parseIPv4, parseIPv6 } from "../net/ip";

/** [first address, prefix length] of IPv4 networks that are not public unicast. */
const IPV4_NOT_PUBLIC: ReadonlyArray<readonly [string, number]> = [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // shared address space (CGNAT)
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
];

/**
 * Suffixes of names that are this machine or a private zone, never a public receiver:
 * `localhost` (RFC 6761), `local` (mDNS), `internal` (reserved for private use by ICANN),
 * `home.arpa` (RFC 8375), and the undelegated names RFC 6762 (Appendix G) finds in private use.
 */
const PRIVATE_NAMES = ["localhost", "local", "internal", "home.arpa", "localdomain", "intranet", "private", "corp", "home", "lan"];

const toUint32 = (bytes: readonly number[]) => ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;

function inIPv4Network(address: number, [network, bits]: readonly [string, number]): boolean {
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (address & mask) >>> 0 === toUint32(parseIPv4(network)!);
}

function isPublicIPv4(bytes: readonly number[]): boolean {
  const address = toUint32(bytes);
  return !IPV4_NOT_PUBLIC.some((network) => inIPv4Network(address, network));
}

/**
 * IPv6 is public only in global unicast (2000::/3), without the documentation prefix
 * 2001:db8::/32 and the transition prefixes that carry an IPv4 address inside (Teredo
 * 2001::/32, 6to4 2002::/16): those could smuggle a private IPv4 target. Everything else,
 * `::1`, `::`, IPv4-mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, unique-local fc00::/7,
 * link-local fe80::/10 and multicast, lies outside 2000::/3.
 */
function isPublicIPv6(groups: readonly number[]): boolean {
  const [first, second] = [groups[0]!, groups[1]!];
  if ((first & 0xe000) !== 0x2000) return false;
  if (first === 0x2001 && (second === 0x0db8 || second === 0)) return false;
  return first !== 0x2002;
}

/** Whether `hostname` (a URL's, as parsed) names a public internet host. */
export function isPublicHost(hostname: string): boolean {
  if (hostname.startsWith("[") && hostname.endsWith("]")) {
    const groups = parseIPv6(hostname.slice(1, -1));
    return groups !== null && isPublicIPv6(groups);
  }
  // A trailing dot is the same name, fully qualified.
  const name = hostname.toLowerCase().replace(/\.$/, "");
  const v4 = parseIPv4(name);
  if (v4 !== null) return isPublicIPv4(v4);
  // A bare label (no dot) is resolved against local search domains, never the public DNS.
  if (!name.includes(".")) return false;
  return !PRIVATE_NAMES.some((suffix) => name === suffix || name.endsWith(`.${suffix}`));
}
