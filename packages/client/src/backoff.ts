/**
 * Reconnect timing: exponential backoff plus jitter, so
 * that the many clients a server restart disconnects at once do not all come back at once.
 * Pure, tested in packages/client/test.
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
