/**
 * What the room does with a socket's frames once read (src/room/messages.ts), with a room's real
 * parts on a fresh room object (room-parts.ts): sync requests get the store's answer, an
 * editor's edit is stored, then relayed and acknowledged; a read-only socket's is dropped
 * unseen; one the store refuses closes its sender.
 */
import * as decoding from "lib0/decoding";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CLOSE } from "../../src/wire/close-codes";
import { ACK_READ_ONLY, ACK_STORED, MESSAGE_ACK, readAck, readMessage, writeSyncStep1, writeUpdate } from "../../src/wire/protocol";
import { type Peer, withAcceptedSockets } from "./accepted-sockets";
import { eventually } from "./client";
import { type RoomParts, roomParts } from "./room-parts";

const frame = (bytes: Uint8Array) => bytes.slice().buffer as ArrayBuffer;

function anUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

/** The acks among a peer's frames. */
function acksOf(peer: Peer): Array<{ seq: number; status: number }> {
  return peer.frames.flatMap((f) => {
    const decoder = decoding.createDecoder(Uint8Array.from(f));
    return decoding.readVarUint(decoder) === MESSAGE_ACK ? [readAck(decoder)] : [];
  });
}

/** The sync updates among a peer's frames. */
const updatesOf = (peer: Peer) => peer.frames.flatMap((f) => (f[0] === 0 && f[1] === 2 ? [readMessage(Uint8Array.from(f))] : []));

const withParts = (test: (parts: RoomParts, open: (user: string, role?: "editor" | "viewer", acks?: boolean) => Peer) => Promise<void>, limits = {}) =>
  withAcceptedSockets(async ({ state, attachments, open }) => {
    try {
      await test(roomParts(state, attachments, `messages-${crypto.randomUUID()}`, limits), (user, role = "editor", acks = false) => open(user, { role, acks }));
    } finally {
      await state.storage.deleteAlarm();
    }
  });

describe("RoomMessages", () => {
  it("stores an editor's update, then relays it to the others and acknowledges it with its sequence number", () =>
    withParts(async ({ messages, store }, open) => {
      const [ada, bob] = [open("ada", "editor", true), open("bob")];
      const update = anUpdate("hello");
      messages.receive(ada.server, frame(writeUpdate(update)));
      await eventually(() => acksOf(ada).length === 1 && updatesOf(bob).length === 1, "the ack and the relayed edit");
      expect(store.log.seq).toBe(1);
      expect(acksOf(ada)).toEqual([{ seq: 1, status: ACK_STORED }]);
      expect(updatesOf(ada)).toEqual([]);
      expect(store.stored().getText("t").toString()).toBe("hello");
    }));

  it("drops a viewer's update unseen, and tells a socket that asked for acks it was read-only", () =>
    withParts(async ({ messages, store }, open) => {
      const [viewer, bob] = [open("vera", "viewer", true), open("bob")];
      messages.receive(viewer.server, frame(writeUpdate(anUpdate("sneaky"))));
      // The read-only ack is the barrier: it is sent once the edits before it were written.
      await eventually(() => acksOf(viewer).length === 1, "the read-only ack");
      expect(acksOf(viewer)).toEqual([{ seq: 0, status: ACK_READ_ONLY }]);
      expect(store.log.seq).toBe(0);
      expect(updatesOf(bob)).toEqual([]);
    }));

  it("answers a sync step 1 with what the asker lacks of the stored document", () =>
    withParts(async ({ messages, edit }, open) => {
      edit("stored");
      const ada = open("ada");
      messages.receive(ada.server, frame(writeSyncStep1(Y.encodeStateVector(new Y.Doc()))));
      await eventually(() => ada.frames.some((f) => f[0] === 0 && f[1] === 1), "sync step 2");
      const step2 = ada.frames.find((f) => f[0] === 0 && f[1] === 1)!;
      const message = readMessage(Uint8Array.from(step2));
      const doc = new Y.Doc();
      if (message.kind === "sync-step2") Y.applyUpdate(doc, message.update);
      expect(doc.getText("t").toString()).toBe("stored");
    }));

  it("closes the sender of an update past MAX_DOCUMENT_BYTES with 4409, storing and relaying nothing", () =>
    withParts(
      async ({ messages, store }, open) => {
        const [ada, bob] = [open("ada"), open("bob")];
        messages.receive(ada.server, frame(writeUpdate(anUpdate("x".repeat(500)))));
        await eventually(() => ada.closed !== undefined, "the sender to be closed");
        expect(ada.closed?.code).toBe(CLOSE.documentTooLarge.code);
        expect(store.log.seq).toBe(0);
        expect(updatesOf(bob)).toEqual([]);
      },
      { maxDocumentBytes: 200 },
    ));
});
