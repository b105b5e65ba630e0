/**
 * When to open the room's socket again after it closed: after an exponential backoff with
 * jitter, so that the many clients a server restart disconnects at once do not all come back
 * at once, counted from the last connection that synced. The room (./room.ts) tells the stock
 * provider never to reconnect by itself (its `shouldReconnect` option) and asks this instead,
 * so the waits are ours without touching the provider's fields. Timers are injected: tests
 * drive them by hand.
 */

/** Exponential ceiling: 200 ms, 400 ms, ... up to `cap`. */
export function backoffCeiling(attempt: number, cap = 10_000): number {
  return Math.min(cap, 100 * 2 ** attempt);
}

/** "Equal jitter": between half the ceiling and the ceiling, so retries never bunch at zero. */
export function jitteredDelay(attempt: number, random: () => number = Math.random, cap?: number): number {
  const ceiling = backoffCeiling(attempt, cap);
  return ceiling / 2 + random() * (ceiling / 2);
}

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const platformTimers: Timers = { set: (cb, ms) => setTimeout(cb, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };

export interface Reconnector {
  /** Calls `connect` after the next attempt's delay (replacing one already waiting); returns the delay. */
  schedule(): number;
  /** A connection synced: the next failure starts from the shortest wait again. */
  reset(): void;
  /** Forgets a waiting attempt. */
  cancel(): void;
}

export function reconnector(connect: () => void, random: () => number = Math.random, timers: Timers = platformTimers): Reconnector {
  let attempt = 0;
  let waiting: unknown = null;
  const cancel = () => {
    if (waiting !== null) timers.clear(waiting);
    waiting = null;
  };
  return {
    schedule() {
      cancel();
      const delay = jitteredDelay(++attempt, random);
      waiting = timers.set(() => {
        waiting = null;
        connect();
      }, delay);
      return delay;
    },
    reset: () => {
      attempt = 0;
    },
    cancel,
  };
}
