import { describe, expect, it } from "vitest";
import { RETENTION, type VersionRef, versionsToThin } from "../../src/storage/retention";

const NOW = 1_000_000_000;

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
