import { describe, expect, it } from "vitest";
import { RETENTION, type VersionRef, versionsToThin } from "../../src/storage/retention";
import type { SnapshotPolicy } from "../../src/config";
import { nextSnapshotAt, retryDelay, type SnapshotState } from "../../src/storage/snapshot-policy";

const policy: SnapshotPolicy = { debounceMs: 10_000, maxIntervalMs: 300_000, minIntervalMs: 30_000, retryMs: 5_000 };
const NOW = 1_000_000_000;
const state = (s: Partial<SnapshotState> = {}): SnapshotState => ({
  seq: 10,
  snapshotSeq: 5,
  lastSnapshotAt: null,
  lastEditAt: NOW,
  dirtySince: NOW,
  connections: 2,
  failures: 0,
  lastFailureAt: null,
  ...s,
});

describe("nextSnapshotAt", () => {
  it("has nothing to do when the last snapshot holds every edit", () => {
    expect(nextSnapshotAt(state({ seq: 5 }), policy, NOW)).toBeNull();
    expect(nextSnapshotAt(state({ seq: 0, snapshotSeq: 0 }), policy, NOW)).toBeNull();
  });

  it("waits for editing to settle", () => {
    expect(nextSnapshotAt(state({ lastEditAt: NOW - 4_000, dirtySince: NOW - 60_000 }), policy, NOW)).toBe(NOW + 6_000);
  });

  it("takes one every few minutes under constant editing", () => {
    // An edit every second for ten minutes never settles: the first unsnapshotted edit decides.
    expect(nextSnapshotAt(state({ lastEditAt: NOW, dirtySince: NOW - 299_000 }), policy, NOW)).toBe(NOW + 1_000);
    expect(nextSnapshotAt(state({ lastEditAt: NOW, dirtySince: NOW - 600_000 }), policy, NOW)).toBe(NOW - 300_000);
  });

  it("snapshots at once when the last client leaves", () => {
    expect(nextSnapshotAt(state({ connections: 0, lastEditAt: NOW - 1_000 }), policy, NOW)).toBe(NOW);
  });

  it("treats edits an evicted instance did not see as settled", () => {
    expect(nextSnapshotAt(state({ lastEditAt: null, dirtySince: null }), policy, NOW)).toBe(NOW);
  });

  it("never snapshots more often than the minimum interval", () => {
    expect(nextSnapshotAt(state({ connections: 0, lastSnapshotAt: NOW - 10_000 }), policy, NOW)).toBe(NOW + 20_000);
    expect(nextSnapshotAt(state({ connections: 0, lastSnapshotAt: NOW - 60_000 }), policy, NOW)).toBe(NOW);
  });

  it("retries failures with a doubling delay, capped at the longest interval", () => {
    const failed = (failures: number) => nextSnapshotAt(state({ failures, lastFailureAt: NOW }), policy, NOW);
    expect(failed(1)).toBe(NOW + 5_000);
    expect(failed(2)).toBe(NOW + 10_000);
    expect(failed(4)).toBe(NOW + 40_000);
    expect(failed(20)).toBe(NOW + 300_000);
    expect(retryDelay(1_000, policy)).toBe(300_000);
  });
});

describe("versionsToThin", () => {
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;
  const v = (seq: number, ageMs: number, kind: VersionRef["kind"] = "auto"): VersionRef => ({ seq, createdAt: NOW - ageMs, kind });

  it("keeps every automatic version of the last day", () => {
    const versions = [v(1, 23 * HOUR), v(2, 2 * HOUR), v(3, 60_000), v(4, 0)];
    expect(versionsToThin(versions, NOW)).toEqual([]);
  });

  it("keeps the newest automatic version per hour for a month, then per day", () => {
    // Aligned to hour and day boundaries, so the buckets in the test are unambiguous.
    const now = 100 * DAY;
    const at = (seq: number, createdAt: number, kind: VersionRef["kind"] = "auto"): VersionRef => ({ seq, createdAt, kind });
    const versions = [
      at(1, 10 * DAY + 1_000), // day 10: the older two go, the newest stays
      at(2, 10 * DAY + 5 * HOUR),
      at(3, 10 * DAY + 20 * HOUR),
      at(4, 11 * DAY + HOUR), // alone in its day
      at(5, 90 * DAY + 3 * HOUR + 1_000), // hour buckets within the month
      at(6, 90 * DAY + 3 * HOUR + 50_000),
      at(7, 90 * DAY + 4 * HOUR),
      at(8, now - HOUR), // within the day
      at(9, now - 1_000),
    ];
    expect(versionsToThin(versions, now).sort((a, b) => a - b)).toEqual([1, 2, 5]);
  });

  it("never thins named or restore versions, nor the newest version", () => {
    // Same day, long ago: only one automatic version could stay, yet all do.
    const versions = [v(1, 40 * DAY + 3, "named"), v(2, 40 * DAY + 2, "restore"), v(3, 40 * DAY + 1, "named"), v(4, 40 * DAY)];
    expect(versionsToThin(versions, NOW)).toEqual([]);
    // A room idle for weeks keeps its latest snapshot, which a room with lost storage loads.
    expect(versionsToThin([v(6, 50 * DAY + 1), v(7, 50 * DAY)], NOW)).toEqual([6]);
    expect(RETENTION.keepAllMs).toBe(DAY);
  });
});
