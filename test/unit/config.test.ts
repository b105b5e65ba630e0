import { describe, expect, it } from "vitest";
import { DEFAULT_ACCESS_TTL_SECONDS, DEFAULT_LIMITS, readAccessTtl, readLimits } from "../../src/config";

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
