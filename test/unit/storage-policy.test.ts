import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, readLimits } from "../../src/config";
import { joinChunks, splitChunks } from "../../src/storage/chunks";
import { compactionDue } from "../../src/storage/compaction";
import { parseRoomId } from "../../src/api/room-id";
import { ApiError } from "../../src/errors";
import { admitMessage, admitPresence, budgetLimits, spend } from "../../src/room/rate-limit";

describe("chunks", () => {
  it("round-trips blobs of every size around the chunk boundary", () => {
    for (const length of [0, 1, 9, 10, 11, 35]) {
      const bytes = Uint8Array.from({ length }, (_, i) => i);
      const parts = splitChunks(bytes, 10);
      expect(parts.every((p) => p.byteLength <= 10)).toBe(true);
      expect(parts.length).toBe(Math.max(1, Math.ceil(length / 10)));
      expect(joinChunks(parts)).toEqual(bytes);
    }
  });
});

describe("compactionDue", () => {
  const limits = { compactMaxRows: 10, compactMaxBytes: 100 };
  it("is due past either threshold and not before", () => {
    expect(compactionDue({ rows: 9, bytes: 99 }, limits)).toBe(false);
    expect(compactionDue({ rows: 10, bytes: 0 }, limits)).toBe(true);
    expect(compactionDue({ rows: 1, bytes: 100 }, limits)).toBe(true);
  });
});

describe("readLimits", () => {
  it("uses defaults, reads overrides, and refuses nonsense", () => {
    expect(readLimits({})).toEqual(DEFAULT_LIMITS);
    expect(readLimits({ COMPACT_MAX_ROWS: "7" }).compactMaxRows).toBe(7);
    for (const bad of ["0", "-1", "1.5", "ten"]) {
      expect(() => readLimits({ COMPACT_MAX_BYTES: bad })).toThrow(/COMPACT_MAX_BYTES/);
    }
  });
});

describe("parseRoomId", () => {
  it("accepts the documented alphabet and refuses the rest", () => {
    for (const ok of ["a", "A9", "my-room", "doc_1.v2", "x".repeat(128)]) expect(parseRoomId(ok)).toBe(ok);
    for (const bad of ["", "-a", ".a", "_a", "a b", "a/b", "é", "x".repeat(129)]) {
      expect(() => parseRoomId(bad)).toThrow(ApiError);
    }
  });
});

describe("token buckets", () => {
  const limits = budgetLimits({ messagesPerSecond: 10, bytesPerSecond: 100, awarenessPerSecond: 2, maxMessageBytes: 1000 });

  it("admit a burst, refuse a sustained flood, and refill over time", () => {
    let budget;
    const verdicts: boolean[] = [];
    for (let i = 0; i < 45; i++) {
      const r = admitMessage(budget, limits, 1, 0);
      budget = r.budget;
      verdicts.push(r.ok);
    }
    expect(verdicts.filter(Boolean)).toHaveLength(40);
    expect(verdicts.at(-1)).toBe(false);
    expect(admitMessage(budget, limits, 1, 1_000).ok).toBe(true);
  });

  it("always admit one message of the largest allowed size, and refuse byte floods", () => {
    const first = admitMessage(undefined, limits, 1000, 0);
    expect(first.ok).toBe(true);
    expect(admitMessage(first.budget, limits, 1000, 0).ok).toBe(false);
  });

  it("budget presence separately from messages", () => {
    let budget;
    const verdicts: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      const r = admitPresence(budget, limits, 0);
      budget = r.budget;
      verdicts.push(r.ok);
    }
    expect(verdicts).toEqual([true, true, false, false]);
    expect(admitMessage(budget, limits, 1, 0).ok).toBe(true);
    expect(spend({ tokens: 0, at: 0 }, { rate: 2, burst: 2 }, 1, 500).ok).toBe(true);
  });
});
