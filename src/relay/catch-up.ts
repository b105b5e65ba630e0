/**
 * Sequence numbers between the room and its relays, as pure decisions: which pushed updates
 * a relay fans out (each once, in order), when it must ask for what it missed, and what the
 * room can answer it (docs/scale.md, "Catch-up").
 */

/** One stored update with the sequence number the room's log gave it. */
export interface Sequenced {
  seq: number;
  update: Uint8Array;
}

/** What a relay that has fanned out through some sequence number is sent to catch up. */
export type CatchUp = { seq: number; updates: Sequenced[] } | { seq: number; state: Uint8Array };

/**
 * Splits updates pushed to a relay that has fanned out everything through `fannedOut`:
 * those to fan out now (the next ones, in order), duplicates dropped, and whether one is
 * missing before the rest (then the relay catches up from the room instead).
 */
export function sortDelivery(fannedOut: number, pushed: readonly Sequenced[]): { next: Sequenced[]; gap: boolean } {
  const next: Sequenced[] = [];
  let seq = fannedOut;
  for (const entry of [...pushed].sort((a, b) => a.seq - b.seq)) {
    if (entry.seq <= seq) continue;
    if (entry.seq !== seq + 1) return { next, gap: true };
    next.push(entry);
    seq = entry.seq;
  }
  return { next, gap: false };
}

/**
 * How the room answers a relay at `from`: the log's tail when it still holds every update
 * after `from` (it keeps them until compaction merges them into the state at `stateSeq`),
 * else the whole state. A relay ahead of the room (a room deleted and created again) gets
 * the state too.
 */
export function catchUpKind(from: number, stateSeq: number, seq: number): "tail" | "state" {
  return from >= stateSeq && from <= seq ? "tail" : "state";
}

/** How many stored updates a relay has not yet confirmed (never negative). */
export const lagOf = (roomSeq: number, confirmed: number) => Math.max(0, roomSeq - confirmed);
