/** Comments over HTTP: who may comment, threads and their replies, anchors (ranges and board objects) resolved against the document. */
import * as decoding from "lib0/decoding";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { encodePosition } from "../../src/document/anchor";
import { ACK_READ_ONLY, MESSAGE_ACK, readAck } from "../../src/wire/protocol";
import { signUp } from "./browser";
import { clientsClosedAfterEach, type TestClient } from "./client";
import { someAnchor, startThread, team } from "./comments-harness";

const { join } = clientsClosedAfterEach();

/** The anchor a client makes for `text[from, to)` of its document. */
function anchorOf(client: TestClient, from: number, to: number) {
  const text = client.doc.getText("t");
  return { start: encodePosition(Y.createRelativePositionFromTypeIndex(text, from)), end: encodePosition(Y.createRelativePositionFromTypeIndex(text, to, -1)) };
}

describe("the commenter role", () => {
  it("comments but cannot edit the document, as a member and through link access; viewers only read threads", async () => {
    const { room, owner, commenter, viewer } = await team();
    const writer = await join(room, { headers: owner.socketHeaders() });
    writer.type("the plan");
    const asCommenter = await join(room, { headers: commenter.socketHeaders(), query: "acks=1" });
    await asCommenter.until(() => asCommenter.text === "the plan", "the document");
    asCommenter.type(" vandalised");
    await asCommenter.until(
      () => asCommenter.received.some((f) => f[0] === MESSAGE_ACK && readAck(decoding.createDecoder(f.subarray(1))).status === ACK_READ_ONLY),
      "a read-only ack",
    );
    // The ack says the edit was handled: anything relayed to the writer is here after its round trip.
    await writer.roundTrip();
    expect(writer.text).toBe("the plan");

    const anchor = someAnchor();
    expect((await startThread(commenter, room, { anchor, quote: "plan", body: "Why?" })).status).toBe(201);
    const byViewer = await startThread(viewer, room, { anchor, quote: "plan", body: "Me too" });
    expect(byViewer.status).toBe(403);
    expect(await byViewer.json()).toMatchObject({ error: { code: "forbidden" } });
    const listed = (await (await viewer.fetch(`/api/rooms/${room}/threads`)).json()) as { threads: Array<{ comments: Array<{ body: string }> }> };
    expect(listed.threads.map((t) => t.comments[0]!.body)).toEqual(["Why?"]);
    // Commenters do not rename the room either.
    expect((await commenter.fetch(`/api/rooms/${room}`, { method: "PATCH", json: { title: "Mine" } })).status).toBe(403);

    // Link access as commenter: a stranger with the link comments, and cannot edit.
    expect((await owner.fetch(`/api/rooms/${room}`, { method: "PATCH", json: { generalAccess: "commenter" } })).status).toBe(200);
    const stranger = await signUp("Link commenter");
    expect(await (await stranger.fetch(`/api/rooms/${room}`)).json()).toMatchObject({ room: { role: "commenter" } });
    expect((await startThread(stranger, room, { anchor, quote: "plan", body: "From the link" })).status).toBe(201);
    const linked = await join(room, { headers: stranger.socketHeaders() });
    linked.type("link edit ");
    await linked.roundTrip();
    await writer.roundTrip();
    expect(writer.text).toBe("the plan");
  });

  it("becomes read-only on an open socket when an editor is made a commenter", async () => {
    const { room, owner, editor } = await team();
    const client = await join(room, { headers: editor.socketHeaders() });
    const watcher = await join(room, { headers: owner.socketHeaders() });
    client.type("allowed ");
    await watcher.until(() => watcher.text === "allowed ", "the editor's edit");
    await owner.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: editor.user!.email, role: "commenter" } });
    client.type("not any more");
    await client.roundTrip();
    await watcher.roundTrip();
    expect(watcher.text).toBe("allowed ");
    expect(client.closed).toBeUndefined();
  });
});

describe("threads and comments over HTTP", () => {
  it("start, reply, resolve, reopen; authors edit and delete their own comments; the last comment takes its thread", async () => {
    const { room, owner, editor, commenter } = await team();
    const created = await startThread(editor, room, { anchor: someAnchor(), quote: "  the quote ", body: "First!" });
    expect(created.status).toBe(201);
    const { thread } = (await created.json()) as { thread: { id: string; comments: Array<{ id: string }> } };
    expect(thread).toMatchObject({
      anchor: { quote: "the quote" },
      resolved: false,
      author: { id: editor.user!.id, name: editor.user!.name },
      comments: [{ body: "First!", editedAt: null }],
    });
    const base = `/api/rooms/${room}/threads/${thread.id}`;

    const reply = await commenter.fetch(`${base}/comments`, { method: "POST", json: { body: "Agreed" } });
    expect(reply.status).toBe(201);
    const { comment } = (await reply.json()) as { comment: { id: string } };

    const resolved = await commenter.fetch(base, { method: "PATCH", json: { resolved: true } });
    expect(await resolved.json()).toMatchObject({ thread: { resolved: true, resolvedBy: commenter.user!.id } });
    expect(await (await owner.fetch(base, { method: "PATCH", json: { resolved: false } })).json()).toMatchObject({
      thread: { resolved: false, resolvedBy: null },
    });

    const byOther = await owner.fetch(`${base}/comments/${comment.id}`, { method: "PATCH", json: { body: "Owner rewrites" } });
    expect(byOther.status).toBe(403);
    const edited = await commenter.fetch(`${base}/comments/${comment.id}`, { method: "PATCH", json: { body: "Agreed, mostly" } });
    expect(await edited.json()).toMatchObject({ comment: { body: "Agreed, mostly", editedAt: expect.any(String) } });
    expect((await owner.fetch(`${base}/comments/${comment.id}`, { method: "DELETE" })).status).toBe(403);
    expect((await commenter.fetch(`${base}/comments/${comment.id}`, { method: "DELETE" })).status).toBe(204);
    expect(await (await owner.fetch(base)).json()).toMatchObject({ thread: { comments: [{ body: "First!" }] } });

    expect((await editor.fetch(`${base}/comments/${thread.comments[0]!.id}`, { method: "DELETE" })).status).toBe(204);
    const gone = await owner.fetch(base);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ error: { code: "thread_not_found" } });
  });

  it("refuses bad input with a clear error and stores nothing", async () => {
    const { room, owner } = await team();
    const stranger = await signUp("Not a member");
    const anchor = someAnchor();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ quote: "q", body: "b" }, "anchor"],
      [{ anchor: { start: "not base64!", end: anchor.end }, quote: "q", body: "b" }, "anchor.start"],
      [{ anchor: { start: anchor.start, end: btoa("garbage bytes here") }, quote: "q", body: "b" }, "anchor.end"],
      [{ anchor, quote: "q", body: "   " }, "body"],
      [{ anchor, quote: "q", body: "x".repeat(5001) }, "body"],
      [{ anchor, body: "b" }, "quote"],
      [{ anchor, quote: "q", body: "b", mentions: "everyone" }, "mentions"],
      [{ anchor, quote: "q", body: "hi @Stranger", mentions: [stranger.user!.id] }, "members"],
    ];
    for (const [body, word] of cases) {
      const res = await startThread(owner, room, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(((await res.json()) as { error: { code: string; message: string } }).error.message).toContain(word);
    }
    expect(await (await owner.fetch(`/api/rooms/${room}/threads`)).json()).toEqual({ threads: [], next: null });
    const missing = await owner.fetch(`/api/rooms/${room}/threads/nope/comments`, { method: "POST", json: { body: "hello" } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "thread_not_found" } });
    expect((await startThread(stranger, room, { anchor, quote: "q", body: "b" })).status).toBe(403);
  });
});

describe("anchors", () => {
  it("move with concurrent inserts before and inside the range, and are detached (never lost) once its text is deleted", async () => {
    const { room, owner, editor } = await team();
    const ada = await join(room, { headers: owner.socketHeaders() });
    const bob = await join(room, { headers: editor.socketHeaders() });
    ada.type("Ship the new editor on Monday");
    await bob.until(() => bob.text === ada.text, "the text");
    const anchor = anchorOf(ada, 9, 19); // "new editor"
    const res = await startThread(owner, room, { anchor, quote: "new editor", body: "Which one?" });
    expect(res.status).toBe(201);
    const resolved = async () => {
      const { threads } = (await (await owner.fetch(`/api/rooms/${room}/threads?anchors=resolve`)).json()) as {
        threads: Array<{ anchor: { resolved: unknown } }>;
      };
      return threads.map((t) => t.anchor.resolved);
    };
    expect(await resolved()).toEqual([{ state: "attached", type: "t", from: 9, to: 19 }]);

    // At the same time: Ada types before the range, Bob inside it.
    ada.doc.getText("t").insert(0, "Please: ");
    bob.doc.getText("t").insert(13, "shiny ");
    await ada.until(() => ada.text === bob.text && ada.text.length === 43, "both edits everywhere");
    expect(ada.text).toBe("Please: Ship the new shiny editor on Monday");
    expect(await resolved()).toEqual([{ state: "attached", type: "t", from: 17, to: 33 }]);
    // The positions mark the same words for a client.
    expect(ada.text.slice(17, 33)).toBe("new shiny editor");

    bob.doc.getText("t").delete(17, 17);
    await ada.until(() => ada.text === "Please: Ship the on Monday", "the deletion");
    ada.type(" later", 16);
    await bob.until(() => bob.text === ada.text, "the insert where the range was");
    expect(await resolved()).toEqual([{ state: "detached" }]);
    const { threads } = (await (await owner.fetch(`/api/rooms/${room}/threads`)).json()) as { threads: Array<{ anchor: { quote: string } }> };
    expect(threads).toMatchObject([{ anchor: { quote: "new editor" }, comments: [{ body: "Which one?" }] }]);
  });
});

describe("threads pinned on whiteboard objects", () => {
  it("are started by commenters only, follow their object, and are detached once it is deleted or for one that never was", async () => {
    const { room, owner, commenter, viewer } = await team();
    const ada = await join(room, { headers: owner.socketHeaders() });
    const note = new Y.Map<unknown>();
    ada.doc.getMap<Y.Map<unknown>>("objects").set("note-1", note);
    note.set("x", 10);
    await ada.roundTrip();

    const res = await startThread(commenter, room, { anchor: { object: "note-1" }, quote: "Sticky note", body: "Too big?" });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ thread: { anchor: { object: "note-1", quote: "Sticky note" } } });
    expect((await startThread(viewer, room, { anchor: { object: "note-1" }, quote: "Sticky note", body: "Me too" })).status).toBe(403);
    // As a range whose text is gone: kept, and listed as detached.
    expect((await startThread(owner, room, { anchor: { object: "never-was" }, quote: "Rectangle", body: "Where?" })).status).toBe(201);
    for (const [object, word] of [
      ["has space", "anchor.object"],
      [42, "anchor.object"],
      ["x".repeat(65), "anchor.object"],
    ] as const) {
      const bad = await startThread(owner, room, { anchor: { object }, quote: "q", body: "b" });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { message: string } }).error.message).toContain(word);
    }

    const resolved = async () => {
      const { threads } = (await (await viewer.fetch(`/api/rooms/${room}/threads?anchors=resolve`)).json()) as {
        threads: Array<{ anchor: { object: string; resolved: unknown } }>;
      };
      return threads.map((t) => [t.anchor.object, t.anchor.resolved]);
    };
    expect(await resolved()).toEqual([
      ["note-1", { state: "attached", type: "objects", object: "note-1" }],
      ["never-was", { state: "detached" }],
    ]);
    note.set("x", 300);
    await ada.roundTrip();
    expect((await resolved())[0]).toEqual(["note-1", { state: "attached", type: "objects", object: "note-1" }]);
    ada.doc.getMap("objects").delete("note-1");
    await ada.roundTrip();
    expect((await resolved())[0]).toEqual(["note-1", { state: "detached" }]);
  });
});
