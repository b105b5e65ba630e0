/** A Clock for tests: time moves only when told, and timers run then, in order of due time. */
import type { Clock } from "../../src/room/clock";

export class ManualClock implements Clock {
  #time = 1_000_000;
  readonly #timers: Array<{ at: number; task: () => void }> = [];

  now(): number {
    return this.#time;
  }

  later(task: () => void, ms: number): void {
    this.#timers.push({ at: this.#time + ms, task });
  }

  /** Timers waiting to run. */
  get waiting(): number {
    return this.#timers.length;
  }

  /**
   * Moves time on by `ms` without running any timer, as in a room busy handling a frame:
   * timers that fall due meanwhile run late, at the next advance.
   */
  busy(ms: number): void {
    this.#time += ms;
  }

  /** Moves time on by `ms`, running every timer due by then (and any they set that are due too). */
  advance(ms: number): void {
    const until = this.#time + ms;
    for (;;) {
      this.#timers.sort((a, b) => a.at - b.at);
      const next = this.#timers[0];
      if (next === undefined || next.at > until) break;
      this.#timers.shift();
      this.#time = Math.max(this.#time, next.at);
      next.task();
    }
    // A task may have kept the room busy past `until` (see busy).
    this.#time = Math.max(this.#time, until);
  }
}
