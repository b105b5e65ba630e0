import { runInDurableObject } from "cloudflare:test";
import * as decoding from "lib0/decoding";
import { describe, expect, it } from "vitest";
import type { Room } from "../../src/room/room";
import { ACK_READ_ONLY, ACK_STORED, MESSAGE_ACK, readAck } from "../../src/wire/protocol";
import { createRoom, signUp } from "./browser";
import { clientsClosedAfterEach, newRoom, stubOf, type TestClient } from "./client";

const { join } = clientsClosedAfterEach();

function acks(client: TestClient) {
  return client.received.flatMap((frame) => {
    const decoder = decoding.createDecoder(frame);
    return decoding.readVarUint(decoder) === MESSAGE_ACK ? [readAck(decoder)] : [];
  });
}

const storedSeqs = (room: string) =>
  runInDurableObject(stubOf(room), (_i: Room, state) =>
    state.storage.sql
      .exec<{ seq: number }>("SELECT DISTINCT seq FROM log ORDER BY seq")
      .toArray()
      .map((r) => r.seq),
  );

describe("durable acknowledgements", () => {
  it("acknowledge every step 2 and update, in order, with the sequence number stored", async () => {
    const room = await newRoom();
    const writer = await join(room, { query: "acks=1" });
    await writer.until(() => acks(writer).length === 1, "the ack of the handshake's step 2");
    expect(acks(writer)).toEqual([{ seq: 0, status: ACK_STORED }]);
    for (let i = 0; i < 3; i++) writer.type(`edit ${i} `);
    await writer.until(() => acks(writer).length === 4, "three more acks");
    expect(acks(writer).map((a) => a.seq)).toEqual([0, 1, 2, 3]);
    // What was acknowledged is in storage.
    expect(await storedSeqs(room)).toEqual([1, 2, 3]);
  });

  it("are never sent to clients that did not ask", async () => {
    const room = await newRoom();
    const stock = await join(room);
    const other = await join(room, { query: "acks=1" });
    stock.type("stock edit");
    await other.until(() => other.text === "stock edit", "the edit to arrive");
    await stock.roundTrip();
    expect(acks(stock)).toEqual([]);
    expect(stock.received.every((f) => f[0] !== MESSAGE_ACK)).toBe(true);
  });

  it("tell a read-only client that its edits were dropped", async () => {
    const owner = await signUp("Ack owner");
    const room = await createRoom(owner);
    const reader = await signUp("Ack reader");
    await owner.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: reader.user!.email, role: "viewer" } });
    const viewer = await join(room, { headers: reader.socketHeaders(), query: "acks=1" });
    viewer.type("not allowed");
    await viewer.until(() => acks(viewer).length === 2, "two acks");
    expect(acks(viewer).map((a) => a.status)).toEqual([ACK_READ_ONLY, ACK_READ_ONLY]);
    expect(await storedSeqs(room)).toEqual([]);
  });
});

describe("updates that wait for missing structs", () => {
  it("are stored before they are acknowledged, and survive a restart until their dependencies arrive", async () => {
    const { evictDurableObject } = await import("cloudflare:test");
    const encoding = await import("lib0/encoding");
    const Y = await import("yjs");
    const author = new Y.Doc();
    author.getText("t").insert(0, "a");
    const first = Y.encodeStateAsUpdate(author);
    const sv = Y.encodeStateVector(author);
    author.getText("t").insert(1, "b");
    const second = Y.encodeStateAsUpdate(author, sv); // depends on "a"
    const frame = (update: Uint8Array) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 2);
      encoding.writeVarUint8Array(e, update);
      return encoding.toUint8Array(e);
    };

    const room = await newRoom();
    const sender = await join(room, { query: "acks=1" });
    await sender.until(() => acks(sender).length === 1, "the handshake ack");
    sender.send(frame(second));
    await sender.until(() => acks(sender).length === 2, "the ack of the early update");
    expect(acks(sender)[1]).toEqual({ seq: 1, status: ACK_STORED });
    sender.close();

    await evictDurableObject(stubOf(room), { webSockets: "close" }).catch(() => {});
    const observer = await join(room);
    const late = await join(room);
    late.send(frame(first));
    await observer.until(() => observer.text === "ab", "the early update to complete once its dependency arrives");
  });
});
