/** Where rebuilding a point of a room's history starts. */
import { describe, expect, it } from "vitest";
import { replayBases } from "../../src/storage/replay-base";

describe("replayBases", () => {
  it("prefers the base nearest the target, the room's own state before a version of the same seq", () => {
    expect(replayBases(30, 1, 30, [10, 30, 40])).toEqual([
      { from: "state", seq: 30 },
      { from: "version", seq: 30 },
      { from: "version", seq: 10 },
      { from: "empty", seq: 0 },
    ]);
  });

  it("uses only bases the readable edits lead on from", () => {
    // Edits 21 on are readable: a version at 20 reaches 25, one at 10 does not, nor the empty document.
    expect(replayBases(25, 21, 50, [10, 20])).toEqual([{ from: "version", seq: 20 }]);
  });

  it("finds none for a point before the readable history, or after a state with no edits kept", () => {
    expect(replayBases(5, 21, 50, [10])).toEqual([]);
    expect(replayBases(5, 51, null, [])).toEqual([]);
  });
});
