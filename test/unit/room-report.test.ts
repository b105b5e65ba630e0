/**
 * The room's figures (src/room/stats.ts) read from plain stand-ins of its parts: what `/stats`
 * shows and the analytics data point, both from the same figures.
 */
import { describe, expect, it } from "vitest";
import { RoomMetrics } from "../../src/room/metrics";
import { type LogFigures, RoomReport } from "../../src/room/stats";
import type { SnapshotState } from "../../src/storage/snapshot-policy";

const LOG: LogFigures = { seq: 12, storedBytes: 900, stateBytes: 600, size: { rows: 5, bytes: 300 } };
const SNAPSHOT: SnapshotState = {
  seq: 12,
  snapshotSeq: 9,
  lastSnapshotAt: Date.UTC(2026, 0, 1),
  lastEditAt: null,
  dirtySince: 1_000,
  connections: 3,
  failures: 1,
  lastFailureAt: null,
};

/** A report over three sockets, the log and snapshot state above; `points` collects what it records. */
function report(snapshot: SnapshotState = SNAPSHOT, dataset = true) {
  const metrics = new RoomMetrics();
  const points: AnalyticsEngineDataPoint[] = [];
  const asked: number[] = [];
  const sources = {
    room: "r1",
    metrics,
    sockets: { all: () => ["a", "b", "c"] },
    log: () => LOG,
    snapshots: {
      state: (connections: number) => {
        asked.push(connections);
        return snapshot;
      },
    },
    tier: { stats: (seq: number) => ({ relays: 0, seqSeen: seq }) },
    dataset: () => (dataset ? ({ writeDataPoint: (point?: AnalyticsEngineDataPoint) => point && points.push(point) } as AnalyticsEngineDataset) : undefined),
  };
  return { report: new RoomReport(sources), metrics, points, asked };
}

describe("RoomReport", () => {
  it("reads the figures: open sockets, the log's sequence, size and rows, edits not yet in a snapshot", () => {
    const { report: r, asked } = report();
    expect(r.figures()).toEqual({ connections: 3, seq: 12, documentBytes: 900, logRows: 5, pendingEdits: 3 });
    // The snapshot state is asked for with the sockets open now (a room nobody is in snapshots soon).
    expect(asked).toEqual([3]);
  });

  it("shows in /stats the figures, the storage, the snapshot's place and lag, the counters and the tier at the log's sequence", () => {
    const { report: r, metrics } = report();
    metrics.received(40);
    const stats = r.stats(4_000);
    expect(stats).toMatchObject({
      connections: 3,
      seq: 12,
      documentBytes: 900,
      logRows: 5,
      logBytes: 300,
      stateBytes: 600,
      snapshot: { seq: 9, at: "2026-01-01T00:00:00.000Z", pendingEdits: 3, lagMs: 3_000, failures: 1 },
      messagesIn: 1,
      bytesIn: 40,
      tier: { relays: 0, seqSeen: 12 },
    });
    // pendingEdits is the snapshot's, not a figure of its own at the top.
    expect(stats).not.toHaveProperty("pendingEdits");
  });

  it("shows no snapshot time and no lag before the first snapshot and while nothing waits", () => {
    const { report: r } = report({ ...SNAPSHOT, snapshotSeq: 12, lastSnapshotAt: null, dirtySince: null });
    expect(r.stats(4_000).snapshot).toEqual({ seq: 12, at: null, pendingEdits: 0, lagMs: 0, failures: 1 });
  });

  it("records a data point of the same figures for what prompted it, and nothing without a dataset", () => {
    const { report: r, points } = report();
    r.record("idle");
    expect(points).toHaveLength(1);
    expect(points[0]!.indexes).toEqual(["r1"]);
    expect(points[0]!.blobs).toEqual(["r1", "idle"]);
    // connections, …, seq, documentBytes, logRows, pendingEdits (docs/operations.md)
    expect([points[0]!.doubles![0], ...points[0]!.doubles!.slice(5, 9)]).toEqual([3, 12, 900, 5, 3]);

    const without = report(SNAPSHOT, false);
    expect(() => without.report.record("alarm")).not.toThrow();
    expect(without.points).toEqual([]);
  });
});
