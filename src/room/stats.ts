/**
 * A room's figures read from its parts, for the two places that report them: what
 * `GET /api/rooms/:id/stats` shows of a room (its figures, its storage, where its snapshots
 * stand, its relay tier, and its counters since it last started) and the room's Analytics
 * Engine data points (metrics.ts).
 */
import type { SnapshotState } from "../storage/snapshot-policy";
import { dataPoint, type RoomFigures, type RoomMetrics } from "./metrics";

/** What the room's log tells of its size. */
export interface LogFigures {
  seq: number;
  /** Everything the room stores of its document: the compacted state and the log's edits. */
  storedBytes: number;
  stateBytes: number;
  size: { rows: number; bytes: number };
}

/** Where the figures come from: the room's parts (only what the report reads of each), read anew at every report. */
export interface ReportSources<Tier> {
  room: string;
  metrics: RoomMetrics;
  sockets: { all(): readonly unknown[] };
  log(): LogFigures;
  snapshots: { state(connections: number): SnapshotState };
  /** The relay tier as `/stats` shows it, against the room's sequence number. */
  tier: { stats(seq: number): Tier };
  /** The deployment's Analytics Engine dataset (METRICS), if it binds one. */
  dataset(): AnalyticsEngineDataset | undefined;
}

export class RoomReport<Tier> {
  readonly #sources: ReportSources<Tier>;

  constructor(sources: ReportSources<Tier>) {
    this.#sources = sources;
  }

  /** The room's figures at this moment. */
  figures(): RoomFigures {
    const { sockets, log: readLog, snapshots } = this.#sources;
    const connections = sockets.all().length;
    const snapshot = snapshots.state(connections);
    const log = readLog();
    return { connections, seq: log.seq, documentBytes: log.storedBytes, logRows: log.size.rows, pendingEdits: snapshot.seq - snapshot.snapshotSeq };
  }

  /** The room as `/stats` shows it at `now`. */
  stats(now: number) {
    const { log: readLog, snapshots, metrics, tier } = this.#sources;
    const { pendingEdits, ...figures } = this.figures();
    const log = readLog();
    const snapshot = snapshots.state(figures.connections);
    return {
      ...figures,
      logBytes: log.size.bytes,
      stateBytes: log.stateBytes,
      snapshot: {
        seq: snapshot.snapshotSeq,
        at: snapshot.lastSnapshotAt === null ? null : new Date(snapshot.lastSnapshotAt).toISOString(),
        /** Edits not yet in a snapshot, and how long the oldest of them has waited. */
        pendingEdits,
        lagMs: snapshot.dirtySince === null ? 0 : now - snapshot.dirtySince,
        failures: snapshot.failures,
      },
      ...metrics.toJSON(),
      tier: tier.stats(log.seq),
    };
  }

  /** Writes one data point for `event` (what prompted it: an alarm, the last socket leaving), when there is a dataset. */
  record(event: string): void {
    this.#sources.dataset()?.writeDataPoint(dataPoint(this.#sources.room, event, this.figures(), this.#sources.metrics));
  }
}
