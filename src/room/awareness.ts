/**
 * Awareness (presence: cursors, names) bookkeeping without timers or I/O.
 *
 * y-protocols' Awareness class runs a setInterval, and a pending timer keeps a Durable
 * Object from hibernating, so the room keeps this small store instead. Awareness is
 * ephemeral: it lives in memory only, and is rebuilt after a wake-up by asking the
 * sockets for it (query-awareness).
 */
import type { AwarenessEntry } from "../wire/protocol";

const GONE = "null";

/**
 * y-protocols clients renew their state every 15 s and drop peers silent for 30 s; the
 * room does the same when telling a newcomer who is here, using timestamps, not timers.
 */
export const AWARENESS_TIMEOUT_MS = 30_000;
/** Removed and stale entries are kept this long (a reconnecting client's old clock needs them). */
const FORGET_AFTER_MS = 10 * AWARENESS_TIMEOUT_MS;
const PRUNE_ABOVE = 256;

export class AwarenessStore {
  readonly #states = new Map<number, { clock: number; state: string; at: number }>();

  /**
   * Applies entries with y-protocols' rule: a higher clock wins, and an equal clock wins
   * only to remove a state. Returns the entries that changed the store, and the ids whose
   * entry lost to what the store already holds.
   */
  apply(entries: readonly AwarenessEntry[], now = Date.now()): { applied: AwarenessEntry[]; outdated: number[] } {
    const applied: AwarenessEntry[] = [];
    const outdated: number[] = [];
    for (const { clientId, clock, state } of entries) {
      const current = this.#states.get(clientId);
      const newer = current === undefined || current.clock < clock;
      const removal = current !== undefined && current.clock === clock && state === GONE && current.state !== GONE;
      if (!newer && !removal) {
        outdated.push(clientId);
        continue;
      }
      // Removed states keep their clock, so an older update arriving late cannot revive them.
      this.#states.set(clientId, { clock, state, at: now });
      applied.push({ clientId, clock, state });
    }
    if (this.#states.size > PRUNE_ABOVE) this.#prune(now);
    return { applied, outdated };
  }

  /** Forgets clients silent for long, so a long-lived room's memory stays bounded. */
  #prune(now: number): void {
    for (const [clientId, { at }] of this.#states) {
      if (now - at > FORGET_AFTER_MS) this.#states.delete(clientId);
    }
  }

  /** The store's entries (live or removed) for these clients. */
  entriesFor(clientIds: readonly number[]): AwarenessEntry[] {
    return clientIds.flatMap((clientId) => {
      const current = this.#states.get(clientId);
      return current ? [{ clientId, clock: current.clock, state: current.state }] : [];
    });
  }

  /**
   * Whether applying these entries would change nothing: each is older than what the store
   * holds, or the same clock without being a removal of a live state (y-protocols' rule).
   */
  changesNothing(entries: readonly { clientId: number; clock: number; removal: boolean }[]): boolean {
    return entries.every(({ clientId, clock, removal }) => {
      const current = this.#states.get(clientId);
      return current !== undefined && (clock < current.clock || (clock === current.clock && !(removal && current.state !== GONE)));
    });
  }

  /** Whether the store holds a live (non-removed) state for this client. */
  has(clientId: number): boolean {
    const current = this.#states.get(clientId);
    return current !== undefined && current.state !== GONE;
  }

  /** Every live state renewed within the timeout, for a client that just joined or asked. */
  *live(now = Date.now()): Iterable<AwarenessEntry> {
    for (const [clientId, { clock, state, at }] of this.#states) {
      if (state !== GONE && now - at < AWARENESS_TIMEOUT_MS) yield { clientId, clock, state };
    }
  }
}

/**
 * Entries that remove the given clients at the last clock seen from each. y-protocols
 * accepts a removal at an equal clock, and keeping the clock means the client's own next
 * announcement (clock + 1) is accepted by everyone again.
 */
export function removalsFor(clocks: Readonly<Record<string, number>>): AwarenessEntry[] {
  return Object.entries(clocks).map(([id, clock]) => ({ clientId: Number(id), clock, state: GONE }));
}

/**
 * Updates the awareness clients a connection controls (client id → last clock), so that
 * the room can remove them when that connection closes, even after a hibernation.
 * An id becomes the connection's when it announces it and no other connection owns it:
 * a reply to query-awareness relays other people's states, which must not become its own.
 * At most `max` ids are tracked (relayed states beyond them are simply not owned).
 * Returns whether `owned` changed.
 */
export function trackOwnedClients(
  owned: Record<string, number>,
  entries: readonly AwarenessEntry[],
  max: number,
  ownedElsewhere: (clientId: number) => boolean,
): boolean {
  let changed = false;
  for (const { clientId, clock, state } of entries) {
    const key = String(clientId);
    const mine = Object.hasOwn(owned, key);
    if (!mine && (state === GONE || Object.keys(owned).length >= max || ownedElsewhere(clientId))) continue;
    if (state === GONE) delete owned[key];
    else if (owned[key] === clock) continue;
    else owned[key] = clock;
    changed = true;
  }
  return changed;
}
