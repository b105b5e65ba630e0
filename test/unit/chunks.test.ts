import { describe, expect, it } from "vitest";
import { joinChunks, splitChunks } from "../../src/storage/chunks";

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
