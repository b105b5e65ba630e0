/** Files in rooms: upload, who may fetch what, how they are served, quota, and collection of unused files. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { collectUnusedFiles } from "../../src/storage/file-collection";
import { fileKey } from "../../src/storage/files";
import type { FileJson } from "../../src/wire/rest";
import { Browser, createRoom, errorCode, signUp } from "./browser";
import { eventually } from "./client";
import { sharedRoom } from "./shared-room";

// The smallest PNG: a 1×1 transparent pixel.
const PNG = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="), (ch) => ch.charCodeAt(0));
const HTML = new TextEncoder().encode("<!doctype html><script>alert(document.cookie)</script>");
const SVG = new TextEncoder().encode('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>');
const pdf = (marker: string) => new TextEncoder().encode(`%PDF-1.7\n% ${marker}\n%%EOF\n`);

const upload = (who: Browser, room: string, bytes: Uint8Array, { type = "application/octet-stream", name }: { type?: string; name?: string } = {}) =>
  who.fetch(`/api/rooms/${room}/files${name === undefined ? "" : `?name=${encodeURIComponent(name)}`}`, {
    method: "POST",
    headers: { "Content-Type": type },
    body: new Uint8Array(bytes),
  });

async function uploaded(who: Browser, room: string, bytes: Uint8Array, options?: { type?: string; name?: string }): Promise<FileJson> {
  const res = await upload(who, room, bytes, options);
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { file: FileJson }).file;
}

/** A shared room (owner, editor, viewer) and someone with an account but no role in it. */
async function setup() {
  const [shared, stranger] = await Promise.all([sharedRoom(), signUp("Stranger")]);
  return { ...shared, stranger };
}

describe("uploading a file", () => {
  it("stores an image under the SHA-256 of its bytes and serves it inline to readers, with validators", async () => {
    const { editor, viewer, room } = await setup();
    const file = await uploaded(editor, room, PNG, { type: "image/png", name: "C:\\shots\\pixel.png" });
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", PNG));
    expect(file).toMatchObject({
      id: Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join(""),
      contentType: "image/png",
      bytes: PNG.byteLength,
      name: "pixel.png",
      createdBy: editor.user!.id,
    });
    expect(file.url).toBe(`/api/rooms/${room}/files/${file.id}`);

    const res = await viewer.fetch(file.url);
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PNG);
    expect(res.headers.get("Content-Type")).toBe("image/png");
    expect(res.headers.get("Content-Disposition")).toBe(`inline; filename="pixel.png"; filename*=UTF-8''pixel.png`);
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Cache-Control")).toBe("private, no-cache");
    expect(res.headers.get("Content-Security-Policy")).toContain("sandbox");
    const etag = res.headers.get("ETag")!;
    expect(etag).toBe(`"${file.id}"`);
    expect((await viewer.fetch(file.url, { headers: { "If-None-Match": etag } })).status).toBe(304);
  });

  it("takes a browser form's multipart upload, and the same bytes twice are one file", async () => {
    const { editor, room } = await setup();
    const form = new FormData();
    form.set("file", new File([PNG], "från kameran.png", { type: "image/png" }));
    const request = new Request("http://x", { method: "POST", body: form });
    const res = await editor.fetch(`/api/rooms/${room}/files`, {
      method: "POST",
      headers: { "Content-Type": request.headers.get("Content-Type")! },
      body: new Uint8Array(await request.arrayBuffer()),
    });
    expect(res.status).toBe(201);
    const { file } = (await res.json()) as { file: FileJson };
    expect(file).toMatchObject({ contentType: "image/png", bytes: PNG.byteLength, name: "från kameran.png" });
    const served = await editor.fetch(file.url);
    expect(served.headers.get("Content-Disposition")).toBe(`inline; filename="fr_n kameran.png"; filename*=UTF-8''fr%C3%A5n%20kameran.png`);

    const again = await upload(editor, room, PNG, { name: "other.png" });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { file: FileJson }).file).toEqual(file);
    const list = await editor.fetch(`/api/rooms/${room}/files`);
    expect(((await list.json()) as { files: FileJson[] }).files).toEqual([file]);
  });

  it("decides the type from the bytes: HTML or SVG under an image's name and type is refused, a PDF is a download", async () => {
    const { editor, room } = await setup();
    for (const [bytes, type] of [
      [HTML, "text/html"],
      [SVG, "image/svg+xml"],
    ] as const) {
      const res = await upload(editor, room, bytes, { type: "image/png", name: "innocent.png" });
      expect(res.status).toBe(415);
      expect(await errorCode(res)).toBe("unsupported_media_type");
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain(`take ${type} files`);
      expect(((await (await editor.fetch(`/api/rooms/${room}/files`)).json()) as { files: FileJson[] }).files).toEqual([]);
    }
    const file = await uploaded(editor, room, pdf("report"), { type: "image/png", name: "report.pdf" });
    expect(file.contentType).toBe("application/pdf");
    const res = await editor.fetch(file.url);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; /);
  });

  it("refuses a file over MAX_FILE_BYTES (a 50 MB one too) with 413 before storing it, and a room past its quota", async () => {
    const { editor, room } = await setup();
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PNG);
    const res = await upload(editor, room, big);
    expect(res.status).toBe(413);
    expect(await errorCode(res)).toBe("payload_too_large");
    // A 50 MB picture is refused the same way, on its declared length.
    const fifty = new Uint8Array(50 * 1024 * 1024);
    fifty.set(PNG);
    const huge = await editor.fetch(`/api/rooms/${room}/files?name=huge.png`, { method: "POST", headers: { "Content-Type": "image/png" }, body: fifty });
    expect(huge.status).toBe(413);
    expect(await errorCode(huge)).toBe("payload_too_large");
    const empty = await upload(editor, room, new Uint8Array(0));
    expect(empty.status).toBe(400);

    // The tests' quota (vitest.config.mts) holds two of these and not a third.
    const quota = Number(env.ROOM_FILES_QUOTA_BYTES);
    const third = (n: number) => {
      const bytes = new Uint8Array(Math.floor(quota / 3) + 1).fill(0x41);
      bytes.set(new TextEncoder().encode(`file ${n}\n`));
      return bytes;
    };
    await uploaded(editor, room, third(1));
    await uploaded(editor, room, third(2));
    const over = await upload(editor, room, third(3));
    expect(over.status).toBe(413);
    expect(await errorCode(over)).toBe("quota_exceeded");
    const list = (await (await editor.fetch(`/api/rooms/${room}/files`)).json()) as { files: FileJson[]; usedBytes: number; quotaBytes: number };
    expect(list.files).toHaveLength(2);
    expect(list.usedBytes).toBe(2 * third(1).byteLength);
    expect(list.quotaBytes).toBe(quota);
  });
});

describe("who may do what with files", () => {
  it("viewers fetch but neither upload nor list; strangers and signed-out callers get nothing", async () => {
    const { editor, viewer, stranger, room } = await setup();
    const file = await uploaded(editor, room, PNG);
    expect((await upload(viewer, room, pdf("viewer"))).status).toBe(403);
    expect((await viewer.fetch(`/api/rooms/${room}/files`)).status).toBe(403);
    expect((await viewer.fetch(file.url)).status).toBe(200);

    const strangers = await stranger.fetch(file.url);
    expect(strangers.status).toBe(403);
    expect(await strangers.text()).not.toContain("PNG");
    expect((await upload(stranger, room, pdf("stranger"))).status).toBe(403);
    expect((await new Browser().fetch(file.url)).status).toBe(401);

    // Another room's file id does not open this room's door, nor does a made-up one.
    const elsewhere = await createRoom(stranger);
    expect((await stranger.fetch(`/api/rooms/${elsewhere}/files/${file.id}`)).status).toBe(404);
    expect((await editor.fetch(`/api/rooms/${room}/files/${"0".repeat(64)}`)).status).toBe(404);
    expect((await editor.fetch(`/api/rooms/${room}/files/..%2F..%2Fversions`)).status).toBe(404);
  });

  it("an editor deletes a file; deleting the room deletes its files' bytes", async () => {
    const { owner, editor, room } = await setup();
    const a = await uploaded(editor, room, pdf("a"));
    const b = await uploaded(editor, room, pdf("b"));
    expect((await editor.fetch(a.url, { method: "DELETE" })).status).toBe(204);
    expect((await editor.fetch(a.url)).status).toBe(404);
    expect(await env.SNAPSHOTS.head(fileKey(room, a.id))).toBeNull();
    expect(await env.SNAPSHOTS.head(fileKey(room, b.id))).not.toBeNull();

    expect((await owner.fetch(`/api/rooms/${room}`, { method: "DELETE" })).status).toBe(204);
    expect(await env.SNAPSHOTS.head(fileKey(room, b.id))).toBeNull();
    const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM files WHERE room_id = ?").bind(room).first<{ n: number }>();
    expect(row!.n).toBe(0);
  });
});

describe("collecting unused files", () => {
  const postUpdate = (who: Browser, room: string, update: Uint8Array) =>
    who.fetch(`/api/rooms/${room}/content`, { method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: new Uint8Array(update) });
  const exists = async (who: Browser, file: FileJson) => (await who.fetch(file.url)).status === 200;

  it("deletes, after an automatic snapshot, the files neither the document nor a kept version uses", async () => {
    const { editor, room } = await setup();
    const used = await uploaded(editor, room, pdf("used"));
    const dropped = await uploaded(editor, room, pdf("dropped"));
    const orphan = await uploaded(editor, room, pdf("orphan"));
    const doc = new Y.Doc();
    const board = doc.getMap("board");
    board.set("kept", { type: "image", src: used.url });
    board.set("later-deleted", { type: "image", src: dropped.url });
    expect((await postUpdate(editor, room, Y.encodeStateAsUpdate(doc))).status).toBe(200);
    await eventually(async () => !(await exists(editor, orphan)), "the file nothing mentions to be collected", 10_000);
    expect(await exists(editor, used)).toBe(true);
    expect(await exists(editor, dropped)).toBe(true);

    // Deleted from the document, but the version from before still shows it: kept.
    board.delete("later-deleted");
    board.set("note", "more");
    expect((await postUpdate(editor, room, Y.encodeStateAsUpdate(doc))).status).toBe(200);
    await eventually(
      async () => ((await (await editor.fetch(`/api/rooms/${room}/versions`)).json()) as { versions: unknown[] }).versions.length >= 2,
      "a second automatic version",
      10_000,
    );
    // Files found in use are rechecked a day later; forget that, so this pass reads the versions.
    await env.DB.prepare("UPDATE files SET checked_at = NULL WHERE room_id = ?").bind(room).run();
    const another = await uploaded(editor, room, pdf("another orphan"));
    const live = new Uint8Array(await (await editor.fetch(`/api/rooms/${room}/content`)).arrayBuffer());
    expect(await collectUnusedFiles(env, room, live, { now: Date.now() + 1, graceMs: 0 })).toEqual([another.id]);
    expect(await exists(editor, dropped)).toBe(true);
    expect(await exists(editor, used)).toBe(true);
    expect(await env.SNAPSHOTS.head(fileKey(room, another.id))).toBeNull();
  });
});
