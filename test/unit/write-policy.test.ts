import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { BURST_MS, growsPastCap, writesAtOnce } from "../../src/room/write-policy";

function edits(change: (text: Y.Text) => void, doc = new Y.Doc()): Uint8Array {
  const updates: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array) => updates.push(u));
  change(doc.getText("t"));
  return Y.mergeUpdates(updates);
}

describe("when edits are written", () => {
  it("writes a lone edit at once and one arriving within BURST_MS with its burst", () => {
    expect(writesAtOnce(0, 1_000)).toBe(true);
    expect(writesAtOnce(1_000, 1_000 + BURST_MS)).toBe(true);
    expect(writesAtOnce(1_000, 1_000 + BURST_MS - 1)).toBe(false);
    expect(writesAtOnce(1_000, 1_000)).toBe(false);
  });
});

describe("the document's cap", () => {
  it("refuses an insert that takes the stored and waiting bytes past the cap", () => {
    const insert = edits((t) => t.insert(0, "hello"));
    const room = insert.byteLength;
    expect(growsPastCap(insert, 100, 0, 100 + room)).toBe(false);
    expect(growsPastCap(insert, 100, 1, 100 + room)).toBe(true);
    expect(growsPastCap(insert, 101, 0, 100 + room)).toBe(true);
  });

  it("lets deletions through a full room, so people can shrink it", () => {
    const doc = new Y.Doc();
    edits((t) => t.insert(0, "hello"), doc);
    const deletion = edits((t) => t.delete(0, 3), doc);
    expect(Y.decodeUpdate(deletion).structs).toHaveLength(0);
    expect(growsPastCap(deletion, 1_000, 1_000, 10)).toBe(false);
  });
});
