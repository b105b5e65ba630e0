/**
 * The frames of one socket held back while it is over its share of a busy room (pure), and
 * whether it is flooding. Held frames cost the room almost nothing until they are released,
 * so holding a socket is how the room keeps it from making others wait. A socket is
 * flooding when holding it is not enough: its backlog grew past its largest size before in
 * each of the last `floodWindows` windows while others wanted the room too (it sends faster
 * than the room can serve it, with every moment the others leave it), or the backlog holds
 * more than `maxBytes`. A burst (a paste, an import, a reconnect's sync) fills the backlog
 * once and then drains, a writer alone is not flooding anyone, and a writer waiting for
 * acknowledgements with a bounded number of edits in flight holds at most that many, however
 * its backlog wavers below it as frames are released and sent again: none is ever a flood.
 */
import { WINDOW_MS } from "./fair-share";

export interface BacklogLimits {
  /** Windows in a row over which the backlog may grow before the socket counts as flooding. */
  floodWindows: number;
  /** Most bytes of frames held for one socket. */
  maxBytes: number;
}

export class Backlog {
  readonly #limits: BacklogLimits;
  /** Held frames from `#head` on (a flood's backlog is long: no shifting the whole array per frame). */
  #frames: ArrayBuffer[] = [];
  #head = 0;
  #bytes = 0;
  /**
   * When the backlog's size was last compared with the largest it had been at such a check.
   * Only passing that counts as growing: compared with the check before, a backlog that wavers
   * under a writer's bounded window grows in half its windows, and now and then in several
   * in a row.
   */
  #checkedAt: number;
  #highest = 0;
  #grewFor = 0;

  constructor(limits: BacklogLimits, now: number) {
    this.#limits = limits;
    this.#checkedAt = now;
  }

  get length(): number {
    return this.#frames.length - this.#head;
  }

  /**
   * Holds a frame; false: the socket is flooding (the frame is not held). `contested`: other
   * sockets want the room's time too.
   */
  push(frame: ArrayBuffer, now: number, contested: boolean): boolean {
    if (now - this.#checkedAt >= WINDOW_MS) {
      this.#grewFor = contested && this.length > this.#highest ? this.#grewFor + 1 : 0;
      this.#highest = Math.max(this.#highest, this.length);
      this.#checkedAt = now;
    }
    if (this.#grewFor >= this.#limits.floodWindows || this.#bytes + frame.byteLength > this.#limits.maxBytes) return false;
    this.#frames.push(frame);
    this.#bytes += frame.byteLength;
    return true;
  }

  /** The oldest held frame, removed; undefined when none is left. */
  shift(): ArrayBuffer | undefined {
    if (this.#head === this.#frames.length) return undefined;
    const frame = this.#frames[this.#head++]!;
    this.#bytes -= frame.byteLength;
    if (this.#head * 2 >= this.#frames.length) {
      this.#frames = this.#frames.slice(this.#head);
      this.#head = 0;
    }
    return frame;
  }
}
