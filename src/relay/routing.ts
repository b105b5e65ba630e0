/**
 * Where a newcomer's socket goes: the room itself while it is small, then one of its relays,
 * chosen by a stable hash of the client so that a reconnect lands where it was. Pure: the
 * room calls it with its own figures (docs/scale.md, "Routing").
 */
import type { TierConfig } from "../config";

/** The room takes the socket, a relay of this index does, or every relay is full. */
export type Route = { to: "room" } | { to: "relay"; index: number } | { to: "full" };

/**
 * What identifies a client across reconnects: its user and, when the page names one, its
 * tab (`?tab=`), so that one user's tabs spread while each tab keeps its relay.
 */
export function routeKey(userId: string, tab: string | null): string {
  return tab === null || tab === "" ? userId : `${userId}\u0000${tab}`;
}

/** FNV-1a, 32 bits: fast, stable across deployments and runtimes, well spread for short keys. */
export function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * Jump consistent hash (Lamping and Veach, 2014): a bucket in [0, buckets). When the
 * buckets grow from n to n + 1, only 1/(n + 1) of the keys move, so adding a relay sends
 * few reconnecting clients elsewhere. The 64-bit generator runs on BigInt.
 */
export function jumpHash(key: number, buckets: number): number {
  let k = BigInt(key);
  let b = -1;
  let j = 0;
  while (j < buckets) {
    b = j;
    k = (k * 2862933555777941757n + 1n) & 0xffffffffffffffffn;
    j = Math.floor(((b + 1) * 2 ** 31) / Number((k >> 33n) + 1n));
  }
  return b;
}

/**
 * Decides where a newcomer goes. `direct` is the room's own sockets; `relays[i]` the sockets
 * relay i carries, as last reported. Relays are used in order: as many as the sockets on
 * them need (one more once they fill), the client's by its hash or, when that one is full,
 * the next one with room.
 */
export function chooseRoute(key: string, direct: number, relays: readonly number[], config: TierConfig): Route {
  if (direct < config.threshold) return { to: "room" };
  const carried = relays.reduce((sum, n) => sum + n, 0);
  const used = Math.min(config.maxRelays, Math.max(1, Math.ceil((carried + 1) / config.relayMaxSockets)));
  const first = jumpHash(hashKey(key), used);
  for (let step = 0; step < config.maxRelays; step++) {
    const index = (first + step) % config.maxRelays;
    if ((relays[index] ?? 0) < config.relayMaxSockets) return { to: "relay", index };
  }
  return { to: "full" };
}
