/**
 * Presence the room relays, gathered for a short window and sent as one frame. A stock
 * y-websocket client sends back every presence frame it receives, so each frame the room
 * sends costs one inbound frame per socket: relaying moves one by one made a 200-socket
 * room receive 199 echoes per move (and per 15 s renewal), which is what saturated it.
 * Batched, each socket receives, and echoes, at most one frame per window, and a client's
 * later state replaces an earlier one still waiting.
 */
import type { AwarenessEntry } from "../wire/protocol";

/**
 * The window grows with the room (1 ms per socket, 25–250 ms): echoes stay near 1,000/s.
 * While the room is short of time it is SHORT_OF_TIME_FACTOR times longer (at most a second):
 * fewer frames out, fewer echoes in, and presence waiting for it is merged for longer.
 */
export function presenceWindowMs(sockets: number, short = false): number {
  const window = Math.min(250, Math.max(25, sockets));
  return short ? Math.min(1_000, SHORT_OF_TIME_FACTOR * window) : window;
}

export const SHORT_OF_TIME_FACTOR = 4;

export class PresenceBatch {
  readonly #pending = new Map<number, AwarenessEntry>();

  /** Adds entries; true if the batch was empty (the caller schedules the flush). */
  add(entries: readonly AwarenessEntry[]): boolean {
    const wasEmpty = this.#pending.size === 0;
    for (const e of entries) this.#pending.set(e.clientId, e);
    return wasEmpty && this.#pending.size > 0;
  }

  /** Everything waiting, emptying the batch. */
  take(): AwarenessEntry[] {
    const entries = [...this.#pending.values()];
    this.#pending.clear();
    return entries;
  }
}
