import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { afterEach, describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { EMPTY_SYNC_STEP2, PresenceClocks, readFrame, writePresence } from "../../bench/relay/frames";

const frame = (write: (e: encoding.Encoder) => void) => {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
};

const awarenesses: awarenessProtocol.Awareness[] = [];
const presenceOf = (state: object | null) => {
  const a = new awarenessProtocol.Awareness(new Y.Doc());
  awarenesses.push(a);
  a.setLocalState(state);
  return a;
};
const awarenessFrame = (a: awarenessProtocol.Awareness) =>
  frame((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(a, [a.clientID]));
  });
const entriesOf = (bytes: Uint8Array) => {
  const f = readFrame(bytes);
  if (f.kind !== "awareness") throw new Error(`not awareness: ${f.kind}`);
  return f.entries;
};

afterEach(() => awarenesses.splice(0).forEach((a) => a.destroy()));

describe("the baseline relay's frame reading", () => {
  it("tells the sync steps and presence of y-protocols frames apart, and forwards anything else", () => {
    const doc = new Y.Doc();
    doc.getText("t").insert(0, "x");
    const sync = (write: (e: encoding.Encoder) => void) => frame((e) => (encoding.writeVarUint(e, 0), write(e)));
    expect(readFrame(sync((e) => syncProtocol.writeSyncStep1(e, doc))).kind).toBe("sync-step1");
    expect(readFrame(sync((e) => syncProtocol.writeSyncStep2(e, doc))).kind).toBe("sync-step2");
    expect(readFrame(sync((e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc)))).kind).toBe("other");
    expect(readFrame(Uint8Array.of(3)).kind).toBe("other");
    expect(readFrame(Uint8Array.of(1, 200)).kind).toBe("other");
  });

  it("answers a lone client with a sync step 2 that y-protocols reads as an empty document", () => {
    const doc = new Y.Doc();
    const decoder = decoding.createDecoder(EMPTY_SYNC_STEP2);
    expect(decoding.readVarUint(decoder)).toBe(0);
    expect(syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, null)).toBe(syncProtocol.messageYjsSyncStep2);
    expect(doc.getText("t").length).toBe(0);
  });

  it("forwards news, drops echoes, and gives newcomers the present states as y-protocols reads them", () => {
    const alice = presenceOf({ user: "alice" });
    const clocks = new PresenceClocks();
    expect(clocks.record(entriesOf(awarenessFrame(alice)))).toBe(true);
    expect(clocks.record(entriesOf(awarenessFrame(alice)))).toBe(false);
    alice.setLocalStateField("cursor", 3);
    expect(clocks.record(entriesOf(awarenessFrame(alice)))).toBe(true);

    const newcomer = presenceOf(null);
    const decoder = decoding.createDecoder(writePresence(clocks.present()));
    expect(decoding.readVarUint(decoder)).toBe(1);
    awarenessProtocol.applyAwarenessUpdate(newcomer, decoding.readVarUint8Array(decoder), null);
    expect(newcomer.getStates().get(alice.clientID)).toEqual({ user: "alice", cursor: 3 });

    alice.setLocalState(null);
    expect(clocks.record(entriesOf(awarenessFrame(alice)))).toBe(true);
    expect(clocks.present()).toEqual([]);
  });
});
