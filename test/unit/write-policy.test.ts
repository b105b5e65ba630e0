import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  BURST_MS,
  growsPastCap,
  ORIGIN_PENDING_SHARE,
  sentIsEffective,
  WaitingShares,
  waitingBytes,
  waitsPastLimits,
  writesAtOnce,
} from "../../src/room/write-policy";

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

describe("what waits for structs the room has not seen", () => {
  const insert = edits((t) => t.insert(0, "hello"));
  const limits = { maxDocumentBytes: 1_000_000, maxPendingBytes: 1_000 };
  const share = limits.maxPendingBytes * ORIGIN_PENDING_SHARE;
  const refused = (waiting: { before: number; after: number; ofOrigin: number }) => waitsPastLimits(insert, waiting, 0, 0, limits);

  it("refuses an update that leaves more than the room's budget waiting", () => {
    expect(refused({ before: 900, after: 1_000, ofOrigin: 0 })).toBe(false);
    expect(refused({ before: 900, after: 1_001, ofOrigin: 0 })).toBe(true);
  });

  it("refuses an update that takes its origin past its share of the budget, whatever others left", () => {
    expect(ORIGIN_PENDING_SHARE).toBeLessThan(1);
    expect(refused({ before: 0, after: share, ofOrigin: 0 })).toBe(false);
    expect(refused({ before: 0, after: share + 1, ofOrigin: 0 })).toBe(true);
    expect(refused({ before: 100, after: 110, ofOrigin: share - 10 })).toBe(false);
    expect(refused({ before: 100, after: 111, ofOrigin: share - 10 })).toBe(true);
  });

  it("never refuses an update for placing what waited, even from an origin past its share", () => {
    expect(refused({ before: 1_000, after: 500, ofOrigin: share * 2 })).toBe(false);
    expect(refused({ before: 1_000, after: 1_000, ofOrigin: share * 2 })).toBe(false);
  });

  it("still refuses growth past the document's cap", () => {
    expect(waitsPastLimits(insert, { before: 0, after: 10, ofOrigin: 0 }, 1_000_000, 0, limits)).toBe(true);
  });
});

describe("the bytes each origin left waiting", () => {
  it("adds what an origin's update left waiting to its own share only", () => {
    const shares = new WaitingShares<string>();
    shares.record("a", 0, 100);
    shares.record("b", 100, 150);
    shares.record("a", 150, 170);
    expect([shares.of("a"), shares.of("b"), shares.of("c")]).toEqual([120, 50, 0]);
  });

  it("shrinks every share in proportion when what waits shrinks, whoever's update placed it", () => {
    const shares = new WaitingShares<string>();
    shares.record("a", 0, 300);
    shares.record("b", 300, 400);
    shares.record("c", 400, 200);
    expect([shares.of("a"), shares.of("b"), shares.of("c")]).toEqual([150, 50, 0]);
  });

  it("forgets every origin once nothing waits, and shares below a byte", () => {
    const shares = new WaitingShares<string>();
    shares.record("a", 0, 300);
    shares.record("b", 300, 301);
    shares.record("c", 301, 150);
    expect(shares.of("b")).toBe(0);
    expect(shares.of("a")).toBeGreaterThan(0);
    shares.record("c", 150, 0);
    expect(shares.of("a")).toBe(0);
  });

  it("keeps shares as they are for an update that leaves what waits unchanged", () => {
    const shares = new WaitingShares<string>();
    shares.record("a", 0, 300);
    shares.record("b", 300, 300);
    expect([shares.of("a"), shares.of("b")]).toEqual([300, 0]);
  });
});

describe("whether an update as sent is what integrating it changed", () => {
  /** Integrates `update` into `doc` and judges it as the room does. */
  function judge(doc: Y.Doc, update: Uint8Array): boolean {
    let verdict: boolean | undefined;
    const waitingBefore = waitingBytes(doc);
    const judgeIt = (tr: Y.Transaction) => {
      verdict = sentIsEffective(Y.parseUpdateMeta(update), tr.beforeState, tr.afterState, { before: waitingBefore, after: waitingBytes(doc) });
    };
    doc.on("afterTransactionCleanup", judgeIt);
    Y.applyUpdate(doc, update);
    doc.off("afterTransactionCleanup", judgeIt);
    return verdict!;
  }
  /** The updates of a writer typing `n` edits at the end of its text. */
  function typing(writer: Y.Doc, n: number): Uint8Array[] {
    const updates: Uint8Array[] = [];
    const take = (u: Uint8Array) => updates.push(u);
    writer.on("update", take);
    for (let i = 0; i < n; i++) writer.getText("t").insert(writer.getText("t").length, `<${i}>`);
    writer.off("update", take);
    return updates;
  }

  it("holds for edits arriving in order, deletions included, and the room's document ends as the writer's", () => {
    const writer = new Y.Doc();
    const room = new Y.Doc();
    for (const update of typing(writer, 20)) expect(judge(room, update)).toBe(true);
    const deletion: Uint8Array[] = [];
    writer.once("update", (u: Uint8Array) => deletion.push(u));
    writer.getText("t").delete(3, 5);
    expect(judge(room, deletion[0]!)).toBe(true);
    expect(room.getText("t").toString()).toBe(writer.getText("t").toString());
  });

  it("does not hold for an update overlapping what the room has, one that waits, or one that brings in what waited", () => {
    const writer = new Y.Doc();
    const updates = typing(writer, 3);
    const room = new Y.Doc();
    Y.applyUpdate(room, updates[0]!);
    // Overlapping: the first edit again, with the second.
    expect(judge(room, Y.mergeUpdates([updates[0]!, updates[1]!]))).toBe(false);
    expect(judge(room, updates[2]!)).toBe(true);
    const later = typing(writer, 2);
    // The last edit before the one it follows: it waits.
    expect(judge(room, later[1]!)).toBe(false);
    // Its missing edit arrives: both come in, more than was sent.
    expect(judge(room, later[0]!)).toBe(false);
    expect(room.getText("t").toString()).toBe(writer.getText("t").toString());
  });
});
