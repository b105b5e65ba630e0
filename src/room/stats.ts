/**
 * What `GET /api/rooms/:id/stats` shows of a room: its figures, its storage, where its
 * snapshots stand, and its counters since it last started.
 */
import type { SnapshotState } from "../storage/snapshot-policy";
import type { RoomFigures, RoomMetrics } from "./metrics";

export function roomStats(
  { pendingEdits, ...figures }: RoomFigures,
  storage: { logBytes: number; stateBytes: number },
  snapshot: SnapshotState,
  metrics: RoomMetrics,
  now: number,
) {
  return {
    ...figures,
    ...storage,
    snapshot: {
      seq: snapshot.snapshotSeq,
      at: snapshot.lastSnapshotAt === null ? null : new Date(snapshot.lastSnapshotAt).toISOString(),
      /** Edits not yet in a snapshot, and how long the oldest of them has waited. */
      pendingEdits,
      lagMs: snapshot.dirtySince === null ? 0 : now - snapshot.dirtySince,
      failures: snapshot.failures,
    },
    ...metrics.toJSON(),
  };
}
