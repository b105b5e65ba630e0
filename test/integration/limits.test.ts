import { runInDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { Room } from "../../src/room/room";
import { type Browser, createRoom, signUp } from "./browser";
import { BASE, clientsClosedAfterEach, eventually, newRoom, stubOf, type TestClient } from "./client";

const { join } = clientsClosedAfterEach();

function updateFrame(text: string, doc = new Y.Doc()): Uint8Array {
  const before = Y.encodeStateVector(doc);
  doc.getText("t").insert(doc.getText("t").length, text);
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc, before));
  return encoding.toUint8Array(e);
}

const owner = signUp("Owner of shared rooms");

/** A room of `owner` that a second person, `guest`, may edit too. */
async function sharedRoom(): Promise<{ room: string; guest: Browser }> {
  const room = await createRoom(await owner);
  const guest = await signUp("Guest");
  const patch = await (await owner).fetch(`/api/rooms/${room}`, { method: "PATCH", json: { generalAccess: "editor" } });
  if (patch.status !== 200) throw new Error(`sharing failed: ${patch.status}`);
  return { room, guest };
}

const logRows = (room: string) =>
  runInDurableObject(stubOf(room), (_i: Room, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM log").one().n);

describe("limits", () => {
  it("closes the sender of a message over MAX_MESSAGE_BYTES with 4413 and stores nothing", async () => {
    const room = await newRoom();
    const other = await join(room);
    const big = await join(room);
    big.send(updateFrame("x".repeat(8 * 1024 * 1024 + 1)));
    await big.until(() => big.closed !== undefined, "the oversized sender to be closed", 10_000);
    expect(big.closed).toEqual({ code: 4413, reason: "message too large" });
    expect(await logRows(room)).toBe(0);
    other.type("still here");
    await other.roundTrip();
    expect(await logRows(room)).toBe(1);
  });

  it("refuses connections past MAX_CONNECTIONS_PER_ROOM with 503 room_full, and admits again after one leaves", async () => {
    // Two people, since one may hold only MAX_CONNECTIONS_PER_USER (8 in tests) of the 12.
    const { room, guest } = await sharedRoom();
    const clients: TestClient[] = [];
    for (let i = 0; i < 12; i++) clients.push(await join(room, i % 2 === 0 ? undefined : { headers: guest.socketHeaders() }));
    const headers = (await join(room).catch((e: Error) => e)) as Error;
    expect(headers.message).toMatch(/upgrade failed: 503/);
    expect(headers.message).toMatch(/room_full/);
    clients[0]!.close();
    await eventually(async () => (await stubOf(room).stats()).connections < 12, "the room to let the closed socket go");
    const again = await join(room);
    expect(again.synced).toBe(true);
  });

  it("refuses one user's sockets past MAX_CONNECTIONS_PER_USER with 429 too_many_connections, and still admits others", async () => {
    const { room, guest } = await sharedRoom();
    const headers = (await owner).socketHeaders();
    for (let i = 0; i < 8; i++) await join(room, { headers });
    const request = new Request(`${BASE}/rooms/${room}`, { headers: { Upgrade: "websocket", ...headers } });
    const refused = await exports.default.fetch(request);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).toBe("30");
    expect(await refused.json()).toMatchObject({ error: { code: "too_many_connections" } });
    const other = await join(room, { headers: guest.socketHeaders() });
    expect(other.synced).toBe(true);
  });
});

it("refuses a text frame other than ping, but answers ping with pong without involving the room", async () => {
  const room = await newRoom();
  const client = await join(room);
  client.send("ping");
  await client.until(() => client.texts.length > 0, "the pong");
  expect(client.texts).toEqual(["pong"]);
  expect(client.closed).toBeUndefined();
  client.send("hello");
  await client.until(() => client.closed !== undefined, "the close for a text frame");
  expect(client.closed!.code).toBe(4415);
});

describe("document size", () => {
  it("refuses growth past MAX_DOCUMENT_BYTES with 4409, keeps what was stored, and still allows deletions", async () => {
    const room = await newRoom();
    const observer = await join(room);
    // 12 MiB limit in tests: three 3.5 MB inserts fit, the fourth does not.
    const writers = [await join(room), await join(room), await join(room)];
    for (const [i, w] of writers.entries()) {
      w.type(String(i).repeat(3_500_000), 0);
      await observer.until(() => observer.text.length === 3_500_000 * (i + 1), `large edit ${i}`, 20_000);
    }
    const writer = writers[0]!;
    const pusher = await join(room);
    pusher.type("x".repeat(3_500_000));
    await pusher.until(() => pusher.closed !== undefined, "the over-limit writer to be closed", 20_000);
    expect(pusher.closed).toEqual({ code: 4409, reason: "document too large" });
    // Others still see the document as stored, and can make it smaller.
    const fresh = await join(room);
    expect(fresh.text.length).toBe(10_500_000);
    writer.doc.getText("t").delete(0, 3_500_000);
    await fresh.until(() => fresh.text.length === 7_000_000, "a deletion in a full room", 20_000);
    expect(writer.closed).toBeUndefined();
  });

  it("gives newcomers the whole document of each version, never a stale shared answer", async () => {
    const room = await newRoom();
    const writer = await join(room);
    writer.type("shared state");
    await writer.roundTrip();
    const [a, b] = [await join(room), await join(room)];
    expect(a.text).toBe("shared state");
    expect(b.text).toBe("shared state");
    writer.type(" and more");
    await writer.roundTrip();
    const c = await join(room);
    expect(c.text).toBe("shared state and more");
  });
});
