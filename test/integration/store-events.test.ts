/**
 * What the room does on its document store's reports (src/room/store-events.ts), over sockets
 * accepted on a fresh room object (room-parts.ts builds them as room.ts does): a written edit
 * goes to everyone but its sender, a write is counted, a lost write closes its senders with
 * the transient 1011, and an edit's author is the user its origin was verified as.
 */
import { describe, expect, it } from "vitest";
import { CLOSE } from "../../src/wire/close-codes";
import { readMessage } from "../../src/wire/protocol";
import { withAcceptedSockets } from "./accepted-sockets";
import { eventually } from "./client";
import { roomParts } from "./room-parts";

describe("store events", () => {
  it("relay a written edit to every socket but its sender", () =>
    withAcceptedSockets(async ({ state, attachments, open }) => {
      const { events } = roomParts(state, attachments, `store-events-${crypto.randomUUID()}`);
      const [ada, bob, carol] = [open("ada"), open("bob"), open("carol")];
      events.relay(Uint8Array.of(0, 0), ada.server);
      await eventually(() => bob.frames.length === 1 && carol.frames.length === 1, "the relayed edit");
      expect(readMessage(Uint8Array.from(bob.frames[0]!))).toMatchObject({ kind: "sync-update" });
      expect(ada.frames).toEqual([]);
    }));

  it("count each write and its edits, and tell the parts built on the store", () =>
    withAcceptedSockets(async ({ state, attachments }) => {
      const { events, metrics, writes } = roomParts(state, attachments, `store-events-${crypto.randomUUID()}`);
      events.written(3, 1_000);
      expect([metrics.writes, metrics.editsWritten]).toEqual([1, 3]);
      expect(writes).toEqual([1_000]);
    }));

  it("close the open senders of a lost write with 1011, and only them", () =>
    withAcceptedSockets(async ({ state, attachments, open }) => {
      const { events } = roomParts(state, attachments, `store-events-${crypto.randomUUID()}`);
      const [ada, bob, carol] = [open("ada"), open("bob"), open("carol")];
      carol.server.close(1000, "gone");
      events.lost([ada.server, carol.server, "api:dan"], new Error("disk full"));
      await eventually(() => ada.closed !== undefined && carol.closed !== undefined, "the senders to close");
      expect(ada.closed?.code).toBe(CLOSE.internalError.code);
      expect(carol.closed?.code).toBe(1000);
      expect(bob.closed).toBeUndefined();
    }));

  it("name a socket's edits after its verified user, and an RPC's after the user its origin carries", () =>
    withAcceptedSockets(async ({ state, attachments, open }) => {
      const { events } = roomParts(state, attachments, `store-events-${crypto.randomUUID()}`);
      const ada = open("ada");
      expect(events.author?.(ada.server)).toBe("ada");
      expect(events.author?.("relay:bob")).toBe("bob");
      expect(events.author?.("nobody")).toBeNull();
    }));
});
