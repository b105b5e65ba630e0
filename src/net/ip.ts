/**
 * IP address text, parsed strictly into numbers: IPv4 as four dotted decimal bytes, IPv6 as
 * eight 16-bit groups (with `::` and a dotted IPv4 tail). Pure; used to key login throttling
 * by network and to tell public webhook targets from private ones.
 */

/** Four bytes of a dotted-quad IPv4 address, or null if `text` is not exactly one. */
export function parseIPv4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => (/^(0|[1-9]\d{0,2})$/.test(p) ? Number(p) : Number.NaN));
  return bytes.every((b) => b <= 255) ? bytes : null;
}

/** Eight 16-bit groups of an IPv6 address (no brackets, no zone), or null. */
export function parseIPv6(text: string): number[] | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groupsOf = (half: string): number[] | null => {
    if (half === "") return [];
    const parts = half.split(":");
    const last = parts[parts.length - 1]!;
    const tail = last.includes(".") ? parseIPv4(last) : [];
    if (tail === null) return null;
    const hex = (tail.length > 0 ? parts.slice(0, -1) : parts).map((p) => (/^[0-9a-f]{1,4}$/i.test(p) ? Number.parseInt(p, 16) : Number.NaN));
    if (hex.some(Number.isNaN)) return null;
    return tail.length > 0 ? [...hex, (tail[0]! << 8) | tail[1]!, (tail[2]! << 8) | tail[3]!] : hex;
  };
  const head = groupsOf(halves[0]!);
  const rest = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (head === null || rest === null) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - rest.length;
  // "::" stands for at least one group of zeros.
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...rest] : null;
}

/**
 * The network a client address belongs to, as a throttling key: an IPv4 address itself, an
 * IPv6 address's /64 (one subscriber usually holds a whole /64, so keying by full address
 * would give one client 2^64 keys). Anything unparsable is kept as it is.
 */
export function clientNetwork(address: string): string {
  const v6 = address.includes(":") ? parseIPv6(address) : null;
  if (v6 === null) return address;
  return `${v6
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}
