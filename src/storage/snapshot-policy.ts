/**
 * When a room writes its next snapshot to R2. Pure: the room feeds it what it knows and
 * sets its alarm to the answer.
 *
 * A snapshot rewrites the whole document, so it waits for activity to settle (no
 * snapshot per keystroke), yet constant editing still gets one every `maxIntervalMs`, and
 * a room everybody left is snapshotted at once (it may be evicted soon). `minIntervalMs`
 * caps the rate whatever happens; failures back off exponentially.
 */
import type { SnapshotPolicy } from "../config";

export interface SnapshotState {
  /** The room's current sequence number and the one of its last verified snapshot. */
  seq: number;
  snapshotSeq: number;
  lastSnapshotAt: number | null;
  /** The last edit and the first edit after the last snapshot, when this instance saw them. */
  lastEditAt: number | null;
  dirtySince: number | null;
  /** Open sockets. */
  connections: number;
  /** Consecutive failed attempts, and when the last one failed. */
  failures: number;
  lastFailureAt: number | null;
}

/**
 * When the next automatic snapshot is due (it may be in the past: take it now), or null
 * when everything is in a snapshot already. Edits the instance did not see (it was evicted
 * since) count as settled.
 */
export function nextSnapshotAt(s: SnapshotState, policy: SnapshotPolicy, now: number): number | null {
  if (s.seq <= s.snapshotSeq) return null;
  if (s.failures > 0 && s.lastFailureAt !== null) return s.lastFailureAt + retryDelay(s.failures, policy);
  let at = now;
  if (s.connections > 0 && s.lastEditAt !== null) {
    at = Math.min(s.lastEditAt + policy.debounceMs, (s.dirtySince ?? s.lastEditAt) + policy.maxIntervalMs);
  }
  if (s.lastSnapshotAt !== null) at = Math.max(at, s.lastSnapshotAt + policy.minIntervalMs);
  return at;
}

/** Delay before retry number `failures` (1-based): doubling, capped at `maxIntervalMs`. */
export function retryDelay(failures: number, policy: SnapshotPolicy): number {
  return Math.min(policy.retryMs * 2 ** Math.min(failures - 1, 30), policy.maxIntervalMs);
}
