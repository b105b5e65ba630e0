import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { catchUpKind, lagOf, sortDelivery } from "../../src/relay/catch-up";
import { RelayCopy } from "../../src/relay/copy";

const u = (seq: number) => ({ seq, update: new Uint8Array([seq]) });

describe("a relay's deliveries", () => {
  it("fans out the next updates in order and drops duplicates", () => {
    expect(sortDelivery(3, [u(5), u(4), u(3), u(2)])).toEqual({ next: [u(4), u(5)], gap: false });
    expect(sortDelivery(5, [u(4), u(5)])).toEqual({ next: [], gap: false });
  });

  it("stops at a missing update and says so", () => {
    expect(sortDelivery(3, [u(4), u(6)])).toEqual({ next: [u(4)], gap: true });
    expect(sortDelivery(3, [u(5)])).toEqual({ next: [], gap: true });
  });
});

describe("what the room answers a relay catching up", () => {
  it("is the tail while the log holds it, else the state", () => {
    expect(catchUpKind(10, 8, 12)).toBe("tail");
    expect(catchUpKind(8, 8, 12)).toBe("tail");
    expect(catchUpKind(7, 8, 12)).toBe("state");
    // A relay ahead of the room (deleted and created again) starts over.
    expect(catchUpKind(13, 0, 12)).toBe("state");
  });

  it("counts lag in sequence numbers", () => {
    expect(lagOf(12, 9)).toBe(3);
    expect(lagOf(12, 12)).toBe(0);
  });
});

/** Three edits of one document, as the room would log them. */
function roomEdits() {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  for (const text of ["a", "b", "c"]) doc.getText("t").insert(doc.getText("t").length, text);
  return { doc, updates };
}

describe("a relay's copy", () => {
  it("takes pushed updates once and in order, and answers newcomers with the same shared frames", () => {
    const { updates } = roomEdits();
    const copy = new RelayCopy(Y.encodeStateAsUpdate(new Y.Doc()), 0, 1024);
    expect(copy.receive([{ seq: 1, update: updates[0]! }]).fanOut).toEqual([updates[0]]);
    expect(
      copy.receive([
        { seq: 1, update: updates[0]! },
        { seq: 2, update: updates[1]! },
      ]).fanOut,
    ).toEqual([updates[1]]);
    expect(copy.receive([{ seq: 4, update: updates[2]! }])).toEqual({ fanOut: [], gap: true });
    expect(copy.seq).toBe(2);
    const first = copy.syncAnswer(new Uint8Array([0]));
    expect(copy.syncAnswer(new Uint8Array([0]))).toBe(first);
    const newcomer = new Y.Doc();
    Y.applyUpdate(newcomer, first.at(-1)!.subarray(3));
    expect(newcomer.getText("t").toString()).toBe("ab");
  });

  it("catches up from the room's tail, or from its state, sending the sockets only what they lack", () => {
    const { doc, updates } = roomEdits();
    const fromTail = new RelayCopy(Y.encodeStateAsUpdate(new Y.Doc()), 0, 1024);
    fromTail.receive([{ seq: 1, update: updates[0]! }]);
    expect(
      fromTail.catchUp({
        seq: 3,
        updates: [
          { seq: 2, update: updates[1]! },
          { seq: 3, update: updates[2]! },
        ],
      }),
    ).toEqual([updates[1], updates[2]]);
    expect(fromTail.seq).toBe(3);

    const fromState = new RelayCopy(Y.encodeStateAsUpdate(new Y.Doc()), 0, 1024);
    fromState.receive([{ seq: 1, update: updates[0]! }]);
    const [missing] = fromState.catchUp({ seq: 3, state: Y.encodeStateAsUpdate(doc) });
    expect(fromState.seq).toBe(3);
    // A socket at seq 1 that applies what it is sent has the whole document.
    const socket = new Y.Doc();
    Y.applyUpdate(socket, updates[0]!);
    Y.applyUpdate(socket, missing!);
    expect(socket.getText("t").toString()).toBe("abc");
  });
});
