/**
 * Edits that reach the room by RPC rather than a socket (src/room/http-edits.ts), with a room's
 * real parts on a fresh room object (room-parts.ts): an update sent to `POST /content`, and a
 * restore, each stored at once, and refused whole when it is invalid or too large.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { applyHttpEdit, restoreVersion } from "../../src/room/http-edits";
import { withAcceptedSockets } from "./accepted-sockets";
import { type RoomParts, roomParts } from "./room-parts";

/** An update inserting `text` at the start of the store's document. */
function insertion({ store }: RoomParts, text: string): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(store.stored()));
  const before = Y.encodeStateVector(doc);
  doc.getText("t").insert(0, text);
  return Y.encodeStateAsUpdate(doc, before);
}

const textOf = ({ store }: RoomParts) => store.stored().getText("t").toString();

const withParts = (test: (parts: RoomParts) => Promise<void>, limits = {}) =>
  withAcceptedSockets(async ({ state, attachments }) => {
    try {
      await test(roomParts(state, attachments, `http-edits-${crypto.randomUUID()}`, limits));
    } finally {
      await state.storage.deleteAlarm();
    }
  });

describe("applyHttpEdit", () => {
  it("stores an update as an edit at once and answers its sequence number", () =>
    withParts(async (parts) => {
      expect(applyHttpEdit(parts.store, insertion(parts, "hello"), "ada")).toEqual({ ok: true, seq: 1 });
      expect(parts.store.log.seq).toBe(1);
      expect(textOf(parts)).toBe("hello");
    }));

  it("refuses bytes that are not a Yjs update, applying nothing", () =>
    withParts(async (parts) => {
      expect(applyHttpEdit(parts.store, Uint8Array.of(1, 2, 3, 250), "ada")).toEqual({ ok: false, reason: "invalid_update" });
      expect(parts.store.log.seq).toBe(0);
    }));

  it("refuses growth past MAX_DOCUMENT_BYTES, storing nothing of it", () =>
    withParts(
      async (parts) => {
        expect(applyHttpEdit(parts.store, insertion(parts, "x".repeat(500)), "ada")).toEqual({ ok: false, reason: "document_too_large" });
        expect(parts.store.log.seq).toBe(0);
        expect(textOf(parts)).toBe("");
      },
      { maxDocumentBytes: 200 },
    ));
});

describe("restoreVersion", () => {
  it("makes the content that of a version through one new edit, and records a restore version", () =>
    withParts(async (parts) => {
      applyHttpEdit(parts.store, insertion(parts, "first "), "ada");
      const version = { seq: 1, state: Y.encodeStateAsUpdate(parts.store.stored()) };
      applyHttpEdit(parts.store, insertion(parts, "second "), "ada");
      expect(textOf(parts)).toBe("second first ");
      const restored = await restoreVersion(parts.store, parts.snapshots, version, "bob");
      expect(restored).toMatchObject({ ok: true, version: { seq: 3, kind: "restore", label: "Restored version 1", created_by: "bob" } });
      expect(textOf(parts)).toBe("first ");
      expect(parts.store.log.seq).toBe(3);
    }));

  it("names the restore as asked, and makes no edit when the content is already the version's", () =>
    withParts(async (parts) => {
      applyHttpEdit(parts.store, insertion(parts, "same"), "ada");
      const version = { seq: 1, state: Y.encodeStateAsUpdate(parts.store.stored()) };
      const restored = await restoreVersion(parts.store, parts.snapshots, version, "bob", "Restored edit 1");
      expect(restored).toMatchObject({ ok: true, version: { seq: 1, label: "Restored edit 1" } });
      expect(parts.store.log.seq).toBe(1);
    }));

  it("refuses to bring back more than a full room may take, changing nothing", () =>
    withParts(
      async (parts) => {
        applyHttpEdit(parts.store, insertion(parts, "x".repeat(150)), "ada");
        const version = { seq: 1, state: Y.encodeStateAsUpdate(parts.store.stored()) };
        // Deleting always passes; bringing the 150 characters back in a new edit does not fit.
        const doc = new Y.Doc();
        Y.applyUpdate(doc, Y.encodeStateAsUpdate(parts.store.stored()));
        const before = Y.encodeStateVector(doc);
        doc.getText("t").delete(0, 150);
        parts.store.integrate(Y.encodeStateAsUpdate(doc, before), "api:ada");
        parts.store.write();
        expect(textOf(parts)).toBe("");
        expect(await restoreVersion(parts.store, parts.snapshots, version, "bob")).toEqual({ ok: false, reason: "document_too_large" });
        expect(textOf(parts)).toBe("");
        expect(parts.store.log.seq).toBe(2);
      },
      { maxDocumentBytes: 300 },
    ));
});
