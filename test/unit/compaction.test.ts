import { describe, expect, it } from "vitest";
import { compactionDue } from "../../src/storage/compaction";

describe("compactionDue", () => {
  const limits = { compactMaxRows: 10, compactMaxBytes: 100 };
  it("is due past either threshold and not before", () => {
    expect(compactionDue({ rows: 9, bytes: 99 }, limits)).toBe(false);
    expect(compactionDue({ rows: 10, bytes: 0 }, limits)).toBe(true);
    expect(compactionDue({ rows: 1, bytes: 100 }, limits)).toBe(true);
  });
});
