import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, readLimits } from "../../src/config";
import { joinChunks, splitChunks } from "../../src/storage/chunks";
import { compactionDue } from "../../src/storage/compaction";
import { parseRoomId } from "../../src/api/room-id";
import { ApiError } from "../../src/errors";

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
