/**
 * Updates Yjs cannot place yet (their dependencies never reached the room) are kept as sent:
 * they count against the document's cap and have a budget of their own (MAX_PENDING_BYTES,
 * 256 KiB by default), of which one socket or API caller may hold a quarter (64 KiB), over
 * HTTP and over the socket alike.
 */
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { type Browser, createRoom, signUp } from "./browser";
import { clientsClosedAfterEach, type TestClient } from "./client";

const { join } = clientsClosedAfterEach();

/** Updates of 60 KB (under one sender's share of 64 KiB) that all wait for an edit the room never gets. */
function waitingUpdates(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const text = doc.getText("t");
  text.insert(0, "never sent");
  return Array.from({ length: count }, () => {
    const before = Y.encodeStateVector(doc);
    text.insert(text.length, "x".repeat(60_000));
    return Y.encodeStateAsUpdate(doc, before);
  });
}

const documentBytes = async (owner: Browser, room: string) =>
  ((await (await owner.fetch(`/api/rooms/${room}/stats`)).json()) as { stats: { documentBytes: number } }).stats.documentBytes;

const post = (by: Browser, room: string, update: Uint8Array) =>
  by.fetch(`/api/rooms/${room}/content`, { method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: new Uint8Array(update) });

/** Sends `update` as a stock client's sync update. */
function sendUpdate(client: TestClient, update: Uint8Array): void {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  client.send(encoding.toUint8Array(e));
}

describe("updates waiting for structs the room has not seen", () => {
  it("are refused over HTTP with 413 document_too_large past MAX_PENDING_BYTES, before anything is stored", async () => {
    const owner = await signUp("Pending over HTTP");
    const room = await createRoom(owner);
    // Four callers, each within their share, fill the room's budget; the fifth is past it.
    expect((await owner.fetch(`/api/rooms/${room}`, { method: "PATCH", json: { generalAccess: "editor" } })).status).toBe(200);
    const callers = [owner, await signUp("Link editor 1"), await signUp("Link editor 2"), await signUp("Link editor 3"), await signUp("Link editor 4")];
    const updates = waitingUpdates(callers.length);
    for (const [i, caller] of callers.slice(0, 4).entries()) expect((await post(caller, room, updates[i]!)).status).toBe(200);
    const stored = await documentBytes(owner, room);
    expect(stored).toBeGreaterThan(200_000);
    const refused = await post(callers[4]!, room, updates[4]!);
    expect(refused.status).toBe(413);
    expect(await refused.json()).toMatchObject({ error: { code: "document_too_large" } });
    // (A snapshot may have merged the log meanwhile, which changes its size a little.)
    expect(await documentBytes(owner, room)).toBeLessThanOrEqual(stored);
  });

  it("are refused over HTTP with 413 past one caller's share, while another caller's still pass", async () => {
    const owner = await signUp("Pending share over HTTP");
    const room = await createRoom(owner);
    expect((await owner.fetch(`/api/rooms/${room}`, { method: "PATCH", json: { generalAccess: "editor" } })).status).toBe(200);
    const other = await signUp("Link editor");
    const [first, second, third] = waitingUpdates(3);
    expect((await post(owner, room, first!)).status).toBe(200);
    const stored = await documentBytes(owner, room);
    const refused = await post(owner, room, second!);
    expect(refused.status).toBe(413);
    expect(await refused.json()).toMatchObject({ error: { code: "document_too_large" } });
    expect(await documentBytes(owner, room)).toBeLessThanOrEqual(stored);
    expect((await post(other, room, third!)).status).toBe(200);
  });

  it("close the socket that sends them past MAX_PENDING_BYTES with 4409, storing nothing of that update", async () => {
    const owner = await signUp("Pending over the socket");
    const room = await createRoom(owner);
    const senders = [];
    for (let i = 0; i < 5; i++) senders.push(await join(room, { headers: owner.socketHeaders() }));
    const updates = waitingUpdates(senders.length);
    for (const [i, sender] of senders.slice(0, 4).entries()) {
      sendUpdate(sender, updates[i]!);
      await sender.roundTrip();
    }
    const last = senders[4]!;
    sendUpdate(last, updates[4]!);
    await last.until(() => last.closed !== undefined, "the sender to be closed", 10_000);
    expect(last.closed).toEqual({ code: 4409, reason: "document too large" });
    expect(senders.slice(0, 4).every((s) => s.closed === undefined)).toBe(true);
    const stored = await documentBytes(owner, room);
    expect(stored).toBeGreaterThan(200_000);
    expect(stored).toBeLessThan(256 * 1024);
  });

  it("close a socket past its share with 4409, and another socket's still wait in the room", async () => {
    const owner = await signUp("Pending share over the socket");
    const room = await createRoom(owner);
    const [a, b] = [await join(room, { headers: owner.socketHeaders() }), await join(room, { headers: owner.socketHeaders() })];
    const [first, second, third] = waitingUpdates(3);
    sendUpdate(a, first!);
    sendUpdate(a, second!);
    await a.until(() => a.closed !== undefined, "socket A to be closed", 10_000);
    expect(a.closed).toEqual({ code: 4409, reason: "document too large" });
    const afterA = await documentBytes(owner, room);
    expect(afterA).toBeGreaterThan(60_000);
    expect(afterA).toBeLessThan(120_000);
    sendUpdate(b, third!);
    await b.roundTrip();
    expect(b.closed).toBeUndefined();
    expect(await documentBytes(owner, room)).toBeGreaterThan(120_000);
  });
});
