import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { type Browser, signUp } from "./browser";
import { clientsClosedAfterEach, eventually, stubOf } from "./client";
import { sharedRoom } from "./shared-room";

const { join } = clientsClosedAfterEach();

interface Version {
  seq: number;
  createdAt: string;
  bytes: number;
  kind: string;
  label: string | null;
}

/** A room with an owner, an editor and a viewer, and the owner connected. */
async function setup() {
  const shared = await sharedRoom();
  const client = await join(shared.room, { headers: shared.owner.socketHeaders() });
  return { ...shared, client };
}

const listVersions = async (who: Browser, room: string) =>
  ((await (await who.fetch(`/api/rooms/${room}/versions`)).json()) as { versions: Version[] }).versions;

const textOf = (update: ArrayBuffer) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(update));
  return doc.getText("t").toString();
};

const nameVersion = (who: Browser, room: string, label: unknown) => who.fetch(`/api/rooms/${room}/versions`, { method: "POST", json: { label } });

const postUpdate = (who: Browser, room: string, body: Uint8Array, type = "application/octet-stream") =>
  who.fetch(`/api/rooms/${room}/content`, { method: "POST", headers: { "Content-Type": type }, body: new Uint8Array(body) });

describe("versions", () => {
  it("lists versions newest first and serves each as a Yjs update or as JSON, cached for good", async () => {
    const { viewer, room, client } = await setup();
    client.type("first draft");
    await eventually(async () => (await listVersions(viewer, room)).length === 1, "an automatic version");
    const [auto] = await listVersions(viewer, room);
    expect(auto).toMatchObject({ seq: 1, kind: "auto", label: null });
    expect(auto!.bytes).toBeGreaterThan(0);

    const bytes = await viewer.fetch(`/api/rooms/${room}/versions/1`);
    expect(bytes.status).toBe(200);
    expect(bytes.headers.get("Content-Type")).toBe("application/octet-stream");
    expect(bytes.headers.get("Cache-Control")).toBe("private, max-age=31536000, immutable");
    const etag = bytes.headers.get("ETag")!;
    expect(textOf(await bytes.arrayBuffer())).toBe("first draft");
    const again = await viewer.fetch(`/api/rooms/${room}/versions/1`, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);

    const json = await viewer.fetch(`/api/rooms/${room}/versions/1?format=json`);
    expect(await json.json()).toEqual({ t: "first draft" });
    expect(json.headers.get("ETag")).not.toBe(etag);

    // The list and the room's metadata revalidate: 304 while unchanged.
    for (const path of [`/api/rooms/${room}/versions`, `/api/rooms/${room}`]) {
      const first = await viewer.fetch(path);
      expect(first.headers.get("Cache-Control")).toBe("private, no-cache");
      expect((await viewer.fetch(path, { headers: { "If-None-Match": first.headers.get("ETag")! } })).status).toBe(304);
    }
    const before = (await viewer.fetch(`/api/rooms/${room}/versions`)).headers.get("ETag");
    client.type(", revised");
    await eventually(async () => (await listVersions(viewer, room)).length === 2, "a second version");
    const after = await viewer.fetch(`/api/rooms/${room}/versions`, { headers: { "If-None-Match": before! } });
    expect(after.status).toBe(200);

    expect((await viewer.fetch(`/api/rooms/${room}/versions/99`)).status).toBe(404);
    expect(await (await viewer.fetch(`/api/rooms/${room}/versions/abc`)).json()).toMatchObject({ error: { code: "bad_request" } });
    expect((await viewer.fetch(`/api/rooms/${room}/versions/1?format=xml`)).status).toBe(400);
    expect((await (await signUp("Stranger")).fetch(`/api/rooms/${room}/versions`)).status).toBe(403);
  });

  it("lets editors name the current state, and only editors", async () => {
    const { editor, viewer, room, client } = await setup();
    client.type("worth keeping");
    await eventually(async () => (await listVersions(viewer, room)).length === 1, "an automatic version");
    // Naming the state an automatic version holds makes that version a named one.
    const res = await nameVersion(editor, room, "Before the review");
    expect(res.status).toBe(201);
    const { version } = (await res.json()) as { version: Version };
    expect(version).toMatchObject({ seq: 1, kind: "named", label: "Before the review" });
    expect(await listVersions(viewer, room)).toEqual([expect.objectContaining({ seq: 1, kind: "named", label: "Before the review" })]);
    client.type(", and this");
    await eventually(async () => (await stubOf(room).stats()).seq === 2, "the next edit stored");
    const second = (await (await nameVersion(editor, room, "After")).json()) as { version: Version };
    expect(second.version).toMatchObject({ seq: 2, kind: "named", label: "After" });
    expect((await listVersions(viewer, room)).map((v) => v.label)).toEqual(["After", "Before the review"]);

    expect((await nameVersion(viewer, room, "nope")).status).toBe(403);
    expect(await (await nameVersion(editor, room, "")).json()).toMatchObject({ error: { code: "bad_request" } });
    expect((await nameVersion(editor, room, 42)).status).toBe(400);
  });

  it("restores a version through a live edit every client receives, keeping the history", async () => {
    const { owner, editor, viewer, room, client } = await setup();
    const other = await join(room, { headers: editor.socketHeaders() });
    client.type("the original");
    await other.until(() => other.text === "the original", "the first text");
    const v1 = ((await (await nameVersion(owner, room, "original")).json()) as { version: Version }).version;
    client.doc.getText("t").delete(0, 4);
    client.type(" plus more");
    await other.until(() => other.text === "original plus more", "the later text");
    const v2 = ((await (await nameVersion(owner, room, "later")).json()) as { version: Version }).version;

    expect((await viewer.fetch(`/api/rooms/${room}/versions/${v1.seq}/restore`, { method: "POST" })).status).toBe(403);
    const res = await editor.fetch(`/api/rooms/${room}/versions/${v1.seq}/restore`, { method: "POST" });
    expect(res.status).toBe(201);
    const { version: restore } = (await res.json()) as { version: Version };
    expect(restore).toMatchObject({ kind: "restore", label: `Restored version ${v1.seq}` });
    expect(restore.seq).toBeGreaterThan(v2.seq);
    await other.until(() => other.text === "the original", "the restore, live");
    await client.until(() => client.text === "the original", "the restore, live");

    // History is kept: the later version is still there and can be restored in turn.
    expect((await listVersions(viewer, room)).map((v) => v.seq)).toEqual([restore.seq, v2.seq, v1.seq]);
    expect((await editor.fetch(`/api/rooms/${room}/versions/${v2.seq}/restore`, { method: "POST" })).status).toBe(201);
    await other.until(() => other.text === "original plus more", "undoing the restore");
    expect(client.text).toBe("original plus more");
  });
});

describe("content", () => {
  it("exports the live document with an ETag from its sequence number, never from a stale cache", async () => {
    const { viewer, room, client } = await setup();
    client.type("live");
    await eventually(async () => (await stubOf(room).stats()).seq === 1, "the edit stored");
    const res = await viewer.fetch(`/api/rooms/${room}/content`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("private, no-cache");
    const etag = res.headers.get("ETag")!;
    expect(textOf(await res.arrayBuffer())).toBe("live");
    expect((await viewer.fetch(`/api/rooms/${room}/content`, { headers: { "If-None-Match": etag } })).status).toBe(304);
    // The JSON form has its own validator: a cached update is never taken for JSON.
    const json = await viewer.fetch(`/api/rooms/${room}/content?format=json`, { headers: { "If-None-Match": etag } });
    expect(json.status).toBe(200);
    expect(await json.json()).toEqual({ t: "live" });

    client.type(" edit");
    await eventually(async () => (await stubOf(room).stats()).seq === 2, "the second edit");
    const changed = await viewer.fetch(`/api/rooms/${room}/content`, { headers: { "If-None-Match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("ETag")).not.toBe(etag);
    expect(textOf(await changed.arrayBuffer())).toBe("live edit");
  });

  it("imports a Yjs update as an editor's edit that connected clients receive, and refuses bad ones unapplied", async () => {
    const { editor, viewer, room, client } = await setup();
    const source = new Y.Doc();
    source.getText("t").insert(0, "imported text");
    const update = Y.encodeStateAsUpdate(source);

    const res = await postUpdate(editor, room, update);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ seq: 1 });
    await client.until(() => client.text === "imported text", "the imported edit, live");

    expect((await postUpdate(viewer, room, update)).status).toBe(403);
    const broken = update.slice(0, update.length - 3);
    const bad = await postUpdate(editor, room, broken);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_update" } });
    expect((await postUpdate(editor, room, update, "application/json")).status).toBe(415);
    expect((await stubOf(room).stats()).seq).toBe(1);
    const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM versions WHERE room_id = ?").bind(room).first<{ n: number }>();
    expect(row!.n).toBeLessThanOrEqual(1);
  });
});
