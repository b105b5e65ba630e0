import { runInDurableObject } from "cloudflare:test";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { Room } from "../../src/room/room";
import { createRoom, signUp } from "./browser";
import { clientsClosedAfterEach, newRoom, stubOf } from "./client";

const { join } = clientsClosedAfterEach();

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

const validUpdate = () => {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, "valid");
  return Y.encodeStateAsUpdate(doc);
};

const syncUpdate = (payload: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint8Array(e, payload);
  });

const hostile: Record<string, Uint8Array | string> = {
  "an empty frame": new Uint8Array(0),
  "an unknown message type": frame((e) => encoding.writeVarUint(e, 9)),
  "an inbound auth message": frame((e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint(e, 0))),
  "an unknown sync type": frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 7), encoding.writeVarUint8Array(e, new Uint8Array(2)))),
  "a varint that never ends": new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
  "a length past the end of the frame": new Uint8Array([0, 2, 0xff, 0xff, 0x03, 1, 2, 3]),
  "a truncated update": syncUpdate(validUpdate().subarray(0, 6)),
  "garbage as an update": syncUpdate(new Uint8Array([7, 7, 7, 7, 7, 7, 7, 7])),
  "trailing bytes after a valid update": new Uint8Array([...syncUpdate(validUpdate()), 0]),
  "a malformed state vector": frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, new Uint8Array([5, 1])))),
  "awareness with a state that is not JSON": frame((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(
      e,
      frame((a) => (encoding.writeVarUint(a, 1), encoding.writeVarUint(a, 42), encoding.writeVarUint(a, 1), encoding.writeVarString(a, "{nope"))),
    );
  }),
  "a text frame": "hello",
};

describe("hostile frames", () => {
  for (const [name, bad] of Object.entries(hostile)) {
    it(`closes only the sender of ${name}, storing nothing`, async () => {
      const room = await newRoom();
      const good = await join(room);
      const other = await join(room);
      good.type("kept ");
      await other.until(() => other.text === "kept ", "the valid edit to arrive");
      const before = await storedRows(room);

      const attacker = await join(room);
      attacker.send(bad);
      await attacker.until(() => attacker.closed !== undefined, "the attacker to be closed");
      expect(attacker.closed!.code).toBe(typeof bad === "string" ? 4415 : 4400);
      expect(await storedRows(room)).toEqual(before);

      good.type("still working");
      await other.until(() => other.text === "kept still working", "the room to keep serving others");
      expect(good.closed).toBeUndefined();
      expect(other.closed).toBeUndefined();
    });
  }

  it("never stores an update whose tail is malformed, even though its head is valid", async () => {
    const room = await newRoom();
    const observer = await join(room);
    const attacker = await join(room);
    const update = validUpdate();
    // The structs decode, the delete set is cut off: Yjs would integrate the text first.
    attacker.send(syncUpdate(update.subarray(0, update.length - 1)));
    await attacker.until(() => attacker.closed !== undefined, "the attacker to be closed");
    await observer.roundTrip();
    expect(observer.text).toBe("");
    expect(await storedRows(room)).toEqual([]);
  });
});

describe("roles", () => {
  it("drops a viewer's edits but still syncs the document and presence to them", async () => {
    const owner = await signUp("Owner of shared room");
    const room = await createRoom(owner);
    const reader = await signUp("Reader");
    await owner.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: reader.user!.email, role: "viewer" } });
    const editor = await join(room, { headers: owner.socketHeaders() });
    editor.type("read me");
    const viewer = await join(room, { headers: reader.socketHeaders() });
    expect(viewer.text).toBe("read me");
    viewer.type("vandalism");
    viewer.setPresence({ user: { name: "Viewer" } });
    await editor.until(() => editor.peers.includes(viewer.doc.clientID), "the viewer's presence to reach the editor");
    await viewer.roundTrip();
    await editor.roundTrip();
    expect(editor.text).toBe("read me");
    expect(viewer.closed).toBeUndefined();
    expect((await storedRows(room)).length).toBe(1);
  });

  it("replaces a client-supplied access header with the identity the Worker decided", async () => {
    const room = await newRoom();
    const forged = JSON.stringify({ user: { id: "admin", name: "Admin" }, role: "owner" });
    await join(room, { headers: { "X-Edge-Rooms-Access": forged } });
    const identities = await runInDurableObject(stubOf(room), (_i: Room, state) =>
      state.getWebSockets().map((ws) => (ws.deserializeAttachment() as { user: { id: string } }).user.id),
    );
    expect(identities).toHaveLength(1);
    expect(identities[0]).not.toBe("admin");
  });
});

function storedRows(room: string): Promise<number[]> {
  return runInDurableObject(stubOf(room), (_i: Room, state) =>
    state.storage.sql
      .exec<{ seq: number }>("SELECT DISTINCT seq FROM log ORDER BY seq")
      .toArray()
      .map((r) => r.seq),
  );
}
