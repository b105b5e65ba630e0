/**
 * Reconnect timing for the stock y-websocket provider: its exponential backoff plus jitter, so
 * that the many clients a server restart disconnects at once do not all come back at once.
 * Pure (no DOM), tested in test/unit.
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

/** The parts of y-websocket's WebsocketProvider the jitter uses. */
export interface BackoffProvider {
  wsUnsuccessfulReconnects: number;
  maxBackoffTime: number;
  on(event: "connection-close", listener: () => void): void;
}

/**
 * The stock provider waits `min(100 · 2^n, maxBackoffTime)` after a close, where n is its
 * failure count after counting this close; it emits "connection-close" just before. Setting
 * `maxBackoffTime` to a jittered delay at most 100 · 2^n there makes that the wait.
 */
export function addJitter(provider: BackoffProvider, random: () => number = Math.random): void {
  provider.on("connection-close", () => {
    provider.maxBackoffTime = jitteredDelay(provider.wsUnsuccessfulReconnects + 1, random);
  });
}
