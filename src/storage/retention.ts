/**
 * Which automatic versions to let go. Pure: the room lists its versions and deletes what
 * this returns. Named and restore versions are kept for ever; automatic ones are kept all
 * for a day, then one per hour for a month, then one per day. The newest version is never
 * thinned: it is what a room with empty storage loads from.
 */
import type { VersionKind } from "../domain/rooms";

export interface VersionRef {
  seq: number;
  createdAt: number;
  kind: VersionKind;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const RETENTION = { keepAllMs: DAY, hourlyMs: 30 * DAY } as const;

/** The sequence numbers of the versions to delete. */
export function versionsToThin(versions: readonly VersionRef[], now: number, retention = RETENTION): number[] {
  // Newest first, so the first version seen in an hour or a day is the one kept (and the
  // newest version of all is always the first of its bucket).
  const byAge = [...versions].sort((a, b) => b.seq - a.seq);
  const kept = new Set<string>();
  const thinned: number[] = [];
  for (const v of byAge) {
    const age = now - v.createdAt;
    if (v.kind !== "auto" || age < retention.keepAllMs) continue;
    const bucket = age < retention.hourlyMs ? `h${Math.floor(v.createdAt / HOUR)}` : `d${Math.floor(v.createdAt / DAY)}`;
    if (kept.has(bucket)) thinned.push(v.seq);
    else kept.add(bucket);
  }
  return thinned;
}
