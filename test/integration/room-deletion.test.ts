/**
 * Deleting a room inside its object (src/room/deletion.ts) with a room's real parts on a fresh
 * room object (room-parts.ts): its sockets close with 4404, its presence and storage go, only
 * the tombstone stays, and the same parts serve a room created again under the id.
 */
import { describe, expect, it } from "vitest";
import { deleteRoom } from "../../src/room/deletion";
import { CLOSE } from "../../src/wire/close-codes";
import { withAcceptedSockets } from "./accepted-sockets";
import { eventually } from "./client";
import { roomParts } from "./room-parts";

describe("deleteRoom", () => {
  it("closes every socket with 4404 and forgets their presence", () =>
    withAcceptedSockets(async ({ state, attachments, open }) => {
      const parts = roomParts(state, attachments, `deletion-${crypto.randomUUID()}`);
      const [a, b] = [open("ada"), open("bob")];
      parts.presence.receive(a.server, [{ clientId: 7, clock: 1, state: JSON.stringify({ user: { name: "Ada" } }) }]);
      expect(parts.presence.states()).toHaveLength(1);
      await deleteRoom({ ...parts, storage: state.storage, background: [parts.snapshots, parts.history] });
      await eventually(() => a.closed !== undefined && b.closed !== undefined, "both sockets to close");
      expect([a.closed?.code, b.closed?.code]).toEqual([CLOSE.roomDeleted.code, CLOSE.roomDeleted.code]);
      // A room created again under the id starts with nobody's presence.
      expect(parts.presence.states()).toEqual([]);
    }));

  it("deletes the document, its log and the alarm, and leaves the tombstone on storage that starts over", () =>
    withAcceptedSockets(async ({ state, attachments }) => {
      const parts = roomParts(state, attachments, `deletion-${crypto.randomUUID()}`);
      parts.edit("secret");
      await parts.maintenance.schedule(Date.now() + 3_600_000);
      expect(parts.store.log.seq).toBe(1);
      await deleteRoom({ ...parts, storage: state.storage, background: [parts.snapshots, parts.history] });
      expect(await state.storage.getAlarm()).toBeNull();
      expect(parts.store.log.deleted).toBe(true);
      expect(parts.store.log.seq).toBe(0);
      expect(parts.store.stored().getText("t").toString()).toBe("");
      // A room created again under the id clears the tombstone and starts empty.
      parts.store.log.setDeleted(false);
      parts.edit("new");
      expect(parts.store.stored().getText("t").toString()).toBe("new");
      expect(parts.store.log.seq).toBe(1);
    }));

  it("waits for a snapshot under way before it wipes storage", () =>
    withAcceptedSockets(async ({ state, attachments }) => {
      const parts = roomParts(state, attachments, `deletion-${crypto.randomUUID()}`);
      const alarm = Date.now() + 3_600_000;
      await parts.maintenance.schedule(alarm);
      const order: string[] = [];
      let finish = () => {};
      const running = {
        idle: () =>
          new Promise<void>((resolve) => {
            finish = () => {
              order.push("snapshot finished");
              resolve();
            };
          }),
      };
      const deleting = deleteRoom({ ...parts, storage: state.storage, background: [running] }).then(() => order.push("deleted"));
      await eventually(() => parts.store.log.deleted, "the tombstone");
      expect(order).toEqual([]);
      expect(await state.storage.getAlarm()).toBe(alarm);
      finish();
      await deleting;
      expect(order).toEqual(["snapshot finished", "deleted"]);
      expect(await state.storage.getAlarm()).toBeNull();
    }));
});
