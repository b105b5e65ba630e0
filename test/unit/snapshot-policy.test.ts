import { describe, expect, it } from "vitest";
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
