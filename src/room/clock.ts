/**
 * Time as the room's parts see it: injected, so their tests run timers by hand instead of
 * sleeping. A timer is an in-memory setTimeout: it keeps the object awake while it runs, so
 * the parts use it only for waits of a few milliseconds (bursts, held frames, presence).
 */
export interface Clock {
  now(): number;
  /** Runs `task` after `ms` milliseconds (0: once the events already waiting are handled). */
  later(task: () => void, ms: number): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  later: (task, ms) => void setTimeout(task, ms),
};
