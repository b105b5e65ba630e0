/**
 * Updates Yjs cannot place yet (their dependencies never reached the room) are kept as sent:
 * they count against the document's cap and have a budget of their own (MAX_PENDING_BYTES,
 * 256 KiB by default), over HTTP and over the socket alike.
 */
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { type Browser, createRoom, signUp } from "./browser";
import { clientsClosedAfterEach } from "./client";

const { join } = clientsClosedAfterEach();

/** Updates of 100 KB that all wait for an edit the room never gets. */
function waitingUpdates(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const text = doc.getText("t");
  text.insert(0, "never sent");
  return Array.from({ length: count }, () => {
    const before = Y.encodeStateVector(doc);
    text.insert(text.length, "x".repeat(100_000));
    return Y.encodeStateAsUpdate(doc, before);
  });
}

const documentBytes = async (owner: Browser, room: string) =>
  ((await (await owner.fetch(`/api/rooms/${room}/stats`)).json()) as { stats: { documentBytes: number } }).stats.documentBytes;

describe("updates waiting for structs the room has not seen", () => {
  it("are refused over HTTP with 413 document_too_large past MAX_PENDING_BYTES, before anything is stored", async () => {
    const owner = await signUp("Pending over HTTP");
    const room = await createRoom(owner);
    const post = (update: Uint8Array) =>
      owner.fetch(`/api/rooms/${room}/content`, { method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: new Uint8Array(update) });
    const [first, second, third] = waitingUpdates(3);
    expect((await post(first!)).status).toBe(200);
    expect((await post(second!)).status).toBe(200);
    const stored = await documentBytes(owner, room);
    expect(stored).toBeGreaterThan(200_000);
    const refused = await post(third!);
    expect(refused.status).toBe(413);
    expect(await refused.json()).toMatchObject({ error: { code: "document_too_large" } });
    // (A snapshot may have merged the log meanwhile, which changes its size a little.)
    expect(await documentBytes(owner, room)).toBeLessThanOrEqual(stored);
  });

  it("close the socket that sends them past MAX_PENDING_BYTES with 4409, storing nothing of that update", async () => {
    const owner = await signUp("Pending over the socket");
    const room = await createRoom(owner);
    const sender = await join(room, { headers: owner.socketHeaders() });
    for (const update of waitingUpdates(3)) {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 2);
      encoding.writeVarUint8Array(e, update);
      sender.send(encoding.toUint8Array(e));
    }
    await sender.until(() => sender.closed !== undefined, "the sender to be closed", 10_000);
    expect(sender.closed).toEqual({ code: 4409, reason: "document too large" });
    const stored = await documentBytes(owner, room);
    expect(stored).toBeGreaterThan(200_000);
    expect(stored).toBeLessThan(256 * 1024);
  });
});
