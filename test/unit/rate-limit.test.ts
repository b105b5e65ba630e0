import { describe, expect, it } from "vitest";
import { DEFAULT_ACCESS_TTL_SECONDS, DEFAULT_LIMITS, readAccessTtl, readLimits } from "../../src/config";
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

  it("sends sync answers in messages of 4 MiB, or of the inbound limit if larger, never past the platform's 32 MiB", () => {
    expect(readLimits({}).syncFrameBytes).toBe(4 * 1024 * 1024);
    expect(readLimits({ MAX_MESSAGE_BYTES: "65536" }).syncFrameBytes).toBe(4 * 1024 * 1024);
    expect(readLimits({ MAX_MESSAGE_BYTES: String(8 * 1024 * 1024) }).syncFrameBytes).toBe(8 * 1024 * 1024);
    expect(readLimits({ MAX_MESSAGE_BYTES: String(64 * 1024 * 1024) })).toMatchObject({ maxMessageBytes: 32 * 1024 * 1024, syncFrameBytes: 32 * 1024 * 1024 });
  });
});

describe("readAccessTtl", () => {
  it("defaults to 15 minutes, reads an override within 10 s to 1 h, and refuses the rest", () => {
    expect(readAccessTtl({})).toBe(DEFAULT_ACCESS_TTL_SECONDS);
    expect(DEFAULT_ACCESS_TTL_SECONDS).toBe(900);
    expect(readAccessTtl({ ACCESS_TOKEN_TTL_SECONDS: "10" })).toBe(10);
    expect(readAccessTtl({ ACCESS_TOKEN_TTL_SECONDS: "3600" })).toBe(3600);
    for (const bad of ["9", "0", "-5", "1.5", "3601", "15m"]) {
      expect(() => readAccessTtl({ ACCESS_TOKEN_TTL_SECONDS: bad })).toThrow(/ACCESS_TOKEN_TTL_SECONDS/);
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

  it("admit a burst, then slow a socket down, and close it once it falls 2 s behind", () => {
    let budget;
    const delays: Array<number | null> = [];
    for (let i = 0; i < 65; i++) {
      const r = admitMessage(budget, limits, 1, 0);
      budget = r.budget;
      delays.push(r.delayMs);
    }
    // A burst of 40 at once, then each message 100 ms later than the one before (10/s)...
    expect(delays.slice(0, 40).every((d) => d === 0)).toBe(true);
    expect(delays[40]).toBe(100);
    expect(delays[59]).toBe(2_000);
    // ...up to 2 s behind: past that the socket is flooding.
    expect(delays.slice(60)).toEqual([null, null, null, null, null]);
    // The refill pays the debt back: a second later it waits one second less.
    expect(admitMessage(budget, limits, 1, 1_000).delayMs).toBe(1_100);
    expect(admitMessage(budget, limits, 1, 10_000).delayMs).toBe(0);
  });

  it("always admit one message of the largest allowed size at once, and slow byte floods", () => {
    const first = admitMessage(undefined, limits, 1000, 0);
    expect(first.delayMs).toBe(0);
    // 1000 bytes of debt at 100 bytes/s is 10 s: far past the 2 s a socket may fall behind.
    expect(admitMessage(first.budget, limits, 1000, 0).delayMs).toBeNull();
    expect(admitMessage(first.budget, limits, 150, 0).delayMs).toBe(1_500);
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
    expect(admitMessage(budget, limits, 1, 0).delayMs).toBe(0);
    expect(spend({ tokens: 0, at: 0 }, { rate: 2, burst: 2 }, 1, 500).ok).toBe(true);
  });
});
