import type { RoomLimits } from "../config";

/** The size of the update log that has not yet been merged into the stored state. */
export interface LogSize {
  rows: number;
  bytes: number;
}

/**
 * Whether the log should be merged into the stored state. Loading a room replays the
 * log, so its length bounds the cost of a wake-up; compacting too eagerly instead
 * rewrites the whole document for a few keystrokes.
 */
export function compactionDue(log: LogSize, limits: Pick<RoomLimits, "compactMaxRows" | "compactMaxBytes">): boolean {
  return log.rows >= limits.compactMaxRows || log.bytes >= limits.compactMaxBytes;
}
