/** Archived log segments: the bytes an edit run is stored as, read back exactly or refused. */
import { describe, expect, it } from "vitest";
import { decodeSegment, encodeSegment, segmentKey } from "../../src/storage/segments";

describe("segments", () => {
  const edits = [
    { seq: 7, author: "u-1", at: 1_700_000_000_000, update: new Uint8Array([0, 0]) },
    { seq: 8, author: null, at: null, update: new Uint8Array([1, 2, 3]) },
  ];

  it("round-trips each edit's seq, author, time and update", () => {
    expect(decodeSegment(encodeSegment(edits))).toEqual(edits);
  });

  it("refuses bytes of another format or with anything after the last edit", () => {
    const bytes = encodeSegment(edits);
    expect(() => decodeSegment(new Uint8Array([2, ...bytes.subarray(1)]))).toThrow(/format/);
    expect(() => decodeSegment(new Uint8Array([...bytes, 0]))).toThrow(/after the last edit/);
  });

  it("names a segment by its range, zero-padded so a listing is in order", () => {
    expect(segmentKey("r1", 1, 2000)).toBe("rooms/r1/history/000000000001-000000002000.log.gz");
  });
});
