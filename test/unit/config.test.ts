import { describe, expect, it } from "vitest";
import { DEFAULT_ACCESS_TTL_SECONDS, DEFAULT_LIMITS, readAccessTtl, readHistoryLimits, readLimits } from "../../src/config";

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

  it("reads the room's busy share as a percentage of 1–100, and holds at least one largest message per socket", () => {
    expect(readLimits({ ROOM_BUSY_PERCENT: "85" }).busyShare).toBe(0.85);
    expect(readLimits({ ROOM_BUSY_PERCENT: "100" }).busyShare).toBe(1);
    for (const bad of ["0", "101", "50%"]) expect(() => readLimits({ ROOM_BUSY_PERCENT: bad })).toThrow(/ROOM_BUSY_PERCENT/);
    expect(readLimits({ FLOOD_SECONDS: "10" }).floodSeconds).toBe(10);
    expect(() => readLimits({ FLOOD_SECONDS: "0" })).toThrow(/FLOOD_SECONDS/);
    expect(readLimits({ MAX_MESSAGE_BYTES: String(8 * 1024 * 1024), MAX_HELD_BYTES: "1024" }).maxHeldBytes).toBe(8 * 1024 * 1024);
  });

  it("refuses the per-socket rates rooms no longer have, rather than ignore them", () => {
    for (const name of ["RATE_MESSAGES_PER_SECOND", "RATE_BYTES_PER_SECOND", "AWARENESS_PER_SECOND"]) {
      expect(() => readLimits({ [name]: "100" })).toThrow(new RegExp(`${name} is no longer read`));
    }
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

describe("readHistoryLimits", () => {
  it("keeps archived edits a year, replays at most 20,000 and ends a session after 5 minutes' pause by default; 0 days keeps them for good", () => {
    expect(readHistoryLimits({})).toEqual({ retentionMs: 365 * 24 * 60 * 60 * 1000, maxReplayEdits: 20_000, sessionGapMs: 5 * 60_000 });
    expect(readHistoryLimits({ HISTORY_RETENTION_DAYS: "0" }).retentionMs).toBeNull();
    expect(readHistoryLimits({ HISTORY_RETENTION_DAYS: "30", HISTORY_MAX_REPLAY_EDITS: "5", HISTORY_SESSION_GAP_SECONDS: "2" })).toEqual({
      retentionMs: 30 * 24 * 60 * 60 * 1000,
      maxReplayEdits: 5,
      sessionGapMs: 2000,
    });
    expect(() => readHistoryLimits({ HISTORY_RETENTION_DAYS: "a year" })).toThrow(/HISTORY_RETENTION_DAYS/);
    expect(() => readHistoryLimits({ HISTORY_MAX_REPLAY_EDITS: "0" })).toThrow(/HISTORY_MAX_REPLAY_EDITS/);
    expect(() => readHistoryLimits({ HISTORY_SESSION_GAP_SECONDS: "0" })).toThrow(/HISTORY_SESSION_GAP_SECONDS/);
  });
});
