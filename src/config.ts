import type { Env } from "./env";

/** Tunable limits of a room, read from the environment with documented defaults. */
export interface RoomLimits {
  /** Compact the update log into the stored state past this many log rows. */
  compactMaxRows: number;
  /** ...or past this many bytes of log. */
  compactMaxBytes: number;
}

export const DEFAULT_LIMITS: RoomLimits = {
  compactMaxRows: 500,
  compactMaxBytes: 1024 * 1024,
};

/**
 * Reads the limits from environment variables. A variable that is set but is not a
 * positive integer is a configuration error and throws, so a typo never silently
 * falls back to the default.
 */
export function readLimits(env: Partial<Env>): RoomLimits {
  return {
    compactMaxRows: positiveInt("COMPACT_MAX_ROWS", env.COMPACT_MAX_ROWS, DEFAULT_LIMITS.compactMaxRows),
    compactMaxBytes: positiveInt("COMPACT_MAX_BYTES", env.COMPACT_MAX_BYTES, DEFAULT_LIMITS.compactMaxBytes),
  };
}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}
