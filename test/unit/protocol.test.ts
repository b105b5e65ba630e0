import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import {
  ProtocolError,
  readAwarenessClocks,
  readMessage,
  writeAwareness,
  writeQueryAwareness,
  writeSyncStep1,
  writeSyncStep2,
  writeUpdate,
} from "../../src/wire/protocol";

const docWith = (text: string) => {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, text);
  return doc;
};

describe("readMessage", () => {
  it("reads what y-protocols writes for every sync message", () => {
    const doc = docWith("abc");
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, 0);
    syncProtocol.writeSyncStep1(step1, doc);
    expect(readMessage(encoding.toUint8Array(step1))).toEqual({ kind: "sync-step1", stateVector: Y.encodeStateVector(doc) });

    const step2 = encoding.createEncoder();
    encoding.writeVarUint(step2, 0);
    syncProtocol.writeSyncStep2(step2, doc);
    expect(readMessage(encoding.toUint8Array(step2))).toMatchObject({ kind: "sync-step2" });

    const update = encoding.createEncoder();
    encoding.writeVarUint(update, 0);
    syncProtocol.writeUpdate(update, Y.encodeStateAsUpdate(doc));
    expect(readMessage(encoding.toUint8Array(update))).toEqual({ kind: "sync-update", update: Y.encodeStateAsUpdate(doc) });
  });

  it("reads y-protocols awareness updates, entry by entry", () => {
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    awareness.setLocalState({ user: { name: "Ada" }, cursor: null });
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]));
    const message = readMessage(encoding.toUint8Array(e));
    awareness.destroy();
    expect(message).toEqual({
      kind: "awareness",
      entries: [{ clientId: awareness.clientID, clock: 1, state: JSON.stringify({ user: { name: "Ada" }, cursor: null }) }],
    });
  });

  it("reads query-awareness", () => {
    expect(readMessage(writeQueryAwareness())).toEqual({ kind: "query-awareness" });
  });

  const bad: Record<string, number[]> = {
    empty: [],
    "unknown outer type": [5],
    "auth is server-to-client only": [2, 0],
    "unknown sync type": [0, 3, 0],
    "sync without payload": [0, 2],
    "length past the end": [0, 2, 10, 1, 2],
    "trailing bytes": [3, 0],
    "state vector that is not one": [0, 0, 2, 5, 1],
    "update that is not one": [0, 2, 3, 9, 9, 9],
    "awareness with a truncated entry": [1, 3, 1, 7, 1],
    // A fuzzed step 2 (seed 1347356749): an empty deleted run, then an item at the same clock.
    "update with an empty struct": [
      0, 1, 31, 1, 2, 157, 185, 174, 138, 1, 0, 1, 1, 1, 116, 0, 132, 157, 185, 174, 130, 1, 0, 1, 47, 1, 157, 185, 174, 130, 1, 1, 0, 1,
    ],
  };
  for (const [name, bytes] of Object.entries(bad)) {
    it(`rejects ${name} with ProtocolError`, () => {
      expect(() => readMessage(new Uint8Array(bytes))).toThrow(ProtocolError);
    });
  }

  it("rejects awareness whose state is not JSON", () => {
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, 1);
    encoding.writeVarString(inner, "{");
    expect(() => readMessage(writeAwarenessRaw(encoding.toUint8Array(inner)))).toThrow(ProtocolError);
  });
});

describe("writers", () => {
  it("write frames that y-protocols reads into the same document", () => {
    const source = docWith("hello");
    const target = new Y.Doc();
    for (const frame of [writeSyncStep2(Y.encodeStateAsUpdate(source)), writeUpdate(Y.encodeStateAsUpdate(docWith("x")))]) {
      const decoder = decoding.createDecoder(frame);
      expect(decoding.readVarUint(decoder)).toBe(0);
      syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), target, null);
    }
    expect(target.getText("t").toString()).toContain("hello");
  });

  it("writes a sync step 1 that y-protocols answers with the missing content", () => {
    const server = docWith("server text");
    const decoder = decoding.createDecoder(writeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    decoding.readVarUint(decoder);
    const reply = encoding.createEncoder();
    syncProtocol.readSyncMessage(decoder, reply, server, null);
    const client = new Y.Doc();
    syncProtocol.readSyncMessage(decoding.createDecoder(encoding.toUint8Array(reply)), encoding.createEncoder(), client, null);
    expect(client.getText("t").toString()).toBe("server text");
  });

  it("writes awareness that y-protocols applies, including removals", () => {
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    const read = (frame: Uint8Array) => {
      const d = decoding.createDecoder(frame);
      expect(decoding.readVarUint(d)).toBe(1);
      awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(d), null);
    };
    read(writeAwareness([{ clientId: 77, clock: 3, state: '{"name":"Bo"}' }]));
    expect(awareness.getStates().get(77)).toEqual({ name: "Bo" });
    read(writeAwareness([{ clientId: 77, clock: 4, state: "null" }]));
    expect(awareness.getStates().has(77)).toBe(false);
    awareness.destroy();
  });
});

describe("presence echoes", () => {
  const entry = (clientId: number, clock: number, state: unknown) => ({ clientId, clock, state: JSON.stringify(state) });

  it("reads ids and clocks without the states, and nothing from other frames", () => {
    expect(readAwarenessClocks(writeAwareness([entry(7, 3, { x: 1 }), entry(8, 4, null)]), 2)).toEqual([
      { clientId: 7, clock: 3, removal: false },
      { clientId: 8, clock: 4, removal: true },
    ]);
    expect(readAwarenessClocks(writeUpdate(Uint8Array.of(0, 0)), 2)).toBeNull();
    expect(readAwarenessClocks(Uint8Array.of(1, 9, 1), 2)).toBeNull();
  });
});

function writeAwarenessRaw(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}
