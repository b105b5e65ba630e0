/**
 * Presence frames held while the room is short of time (pure): the latest one of each socket,
 * unparsed. A socket's presence frame says the whole state of its clients, so a later one
 * replaces an earlier one (echoes of others' presence are dropped before they get here, so
 * they never replace a socket's own), and holding a socket's presence costs the room one
 * frame, however fast it sends. Presence never waits behind a socket's held edits, nor makes
 * it count as flooding when it waits itself: that is what let a room close people who only
 * moved their cursors. What a socket can still do with presence is bounded: one frame of it
 * read per release, and a socket sending more than PRESENCE_FRAMES_PER_WINDOW for
 * `floodWindows` windows in a row, far beyond any person's cursor, is flooding.
 */
import { WINDOW_MS } from "./fair-share";

/**
 * Presence frames one socket may send per window, however long, before it counts as flooding:
 * a stock client sends one per change of its own state (a cursor, a selection), a person a few
 * dozen per second at most.
 */
export const PRESENCE_FRAMES_PER_WINDOW = 1_000;

interface Held {
  frame: ArrayBuffer | undefined;
  /** Frames counted since `windowAt`, and the windows in a row that had too many. */
  frames: number;
  windowAt: number;
  overFor: number;
}

export class HeldPresence<S> {
  readonly #floodWindows: number;
  /** By socket, in the order they first held a frame. */
  readonly #held = new Map<S, Held>();
  #frames = 0;

  constructor(floodWindows: number) {
    this.#floodWindows = floodWindows;
  }

  /** Whether a frame waits. */
  get waiting(): boolean {
    return this.#frames > 0;
  }

  /** Holds `frame` as `socket`'s latest presence; false: the socket floods presence (nothing held). */
  hold(socket: S, frame: ArrayBuffer, now: number): boolean {
    let held = this.#held.get(socket);
    if (held === undefined) this.#held.set(socket, (held = { frame: undefined, frames: 0, windowAt: now, overFor: 0 }));
    if (now - held.windowAt >= WINDOW_MS) {
      // A window with no frame at all ends the run as well.
      held.overFor = held.frames > PRESENCE_FRAMES_PER_WINDOW && now - held.windowAt < 2 * WINDOW_MS ? held.overFor + 1 : 0;
      held.frames = 0;
      held.windowAt = now;
    }
    held.frames++;
    if (held.overFor >= this.#floodWindows) return false;
    if (held.frame === undefined) this.#frames++;
    held.frame = frame;
    return true;
  }

  /** Every held frame, oldest socket first, each taken out of the hold. */
  *take(): Generator<[S, ArrayBuffer]> {
    for (const [socket, held] of this.#held) {
      const frame = held.frame;
      if (frame === undefined) continue;
      held.frame = undefined;
      this.#frames--;
      yield [socket, frame];
    }
  }

  /** Forgets sockets that hold no frame and counted none lately. */
  prune(now: number): void {
    for (const [socket, held] of this.#held) if (held.frame === undefined && now - held.windowAt >= 2 * WINDOW_MS) this.#held.delete(socket);
  }

  /** A socket left. */
  forget(socket: S): void {
    if (this.#held.get(socket)?.frame !== undefined) this.#frames--;
    this.#held.delete(socket);
  }
}
