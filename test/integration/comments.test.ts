import { env } from "cloudflare:workers";
import * as decoding from "lib0/decoding";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { encodePosition } from "../../src/document/anchor";
import { MESSAGE_EVENT, type RoomEvent, readEvent } from "../../src/wire/events";
import { ACK_READ_ONLY, MESSAGE_ACK, readAck } from "../../src/wire/protocol";
import { type Browser, createRoom, signUp } from "./browser";
import { clientsClosedAfterEach, eventually, type TestClient } from "./client";

const { join } = clientsClosedAfterEach();

function eventsOf(client: TestClient): RoomEvent[] {
  return client.received.flatMap((frame) => {
    const decoder = decoding.createDecoder(frame);
    return decoding.readVarUint(decoder) === MESSAGE_EVENT ? [readEvent(decoder)] : [];
  });
}

/** The anchor a client makes for `text[from, to)` of its document. */
function anchorOf(client: TestClient, from: number, to: number) {
  const text = client.doc.getText("t");
  return { start: encodePosition(Y.createRelativePositionFromTypeIndex(text, from)), end: encodePosition(Y.createRelativePositionFromTypeIndex(text, to, -1)) };
}

/** A room with its owner and one person in each other role. */
async function team() {
  const [owner, editor, commenter, viewer] = await Promise.all(
    ["Owner", "Editor", "Commenter", "Viewer"].map((n) => signUp(`${n} ${crypto.randomUUID().slice(0, 4)}`)),
  );
  const room = await createRoom(owner!);
  for (const [person, role] of [
    [editor, "editor"],
    [commenter, "commenter"],
    [viewer, "viewer"],
  ] as const) {
    const res = await owner!.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: person!.user!.email, role } });
    expect(res.status).toBe(200);
  }
  return { room, owner: owner!, editor: editor!, commenter: commenter!, viewer: viewer! };
}

async function startThread(person: Browser, room: string, body: Record<string, unknown>) {
  return person.fetch(`/api/rooms/${room}/threads`, { method: "POST", json: body });
}

const someAnchor = () => {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, "text");
  const t = doc.getText("t");
  return { start: encodePosition(Y.createRelativePositionFromTypeIndex(t, 0)), end: encodePosition(Y.createRelativePositionFromTypeIndex(t, 4, -1)) };
};

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

describe("live delivery over the room socket", () => {
  it("sends every change of a thread to sockets that opted in with ?events=1, and never to stock clients", async () => {
    const { room, owner, commenter, viewer } = await team();
    const watching = await join(room, { headers: viewer.socketHeaders(), query: "events=1" });
    const stock = await join(room, { headers: owner.socketHeaders() });
    // For comparison: how long an edit takes from one socket to another here.
    const typed = Date.now();
    stock.type("x");
    await watching.until(() => watching.text === "x", "the edit");
    const editLatency = Date.now() - typed;
    const started = Date.now();
    const created = await startThread(commenter, room, { anchor: someAnchor(), quote: "q", body: "Look here" });
    await watching.until(() => eventsOf(watching).length === 1, "thread.created");
    const latency = Date.now() - started;
    const { thread } = (await created.json()) as { thread: { id: string } };
    expect(eventsOf(watching)[0]).toMatchObject({
      type: "thread.created",
      thread: { id: thread.id, comments: [{ body: "Look here", author: { id: commenter.user!.id } }] },
    });

    const base = `/api/rooms/${room}/threads/${thread.id}`;
    const reply = (await (await owner.fetch(`${base}/comments`, { method: "POST", json: { body: "Seen" } })).json()) as { comment: { id: string } };
    await owner.fetch(`${base}/comments/${reply.comment.id}`, { method: "PATCH", json: { body: "Seen it" } });
    await owner.fetch(base, { method: "PATCH", json: { resolved: true } });
    await owner.fetch(base, { method: "PATCH", json: { resolved: false } });
    await owner.fetch(`${base}/comments/${reply.comment.id}`, { method: "DELETE" });
    await watching.until(() => eventsOf(watching).length === 6, "five more events");
    expect(eventsOf(watching).map((e) => e.type)).toEqual([
      "thread.created",
      "comment.created",
      "comment.updated",
      "thread.resolved",
      "thread.reopened",
      "comment.deleted",
    ]);
    expect(eventsOf(watching)[2]).toMatchObject({ comment: { body: "Seen it" } });
    expect(eventsOf(stock)).toEqual([]);
    expect(stock.received.some((f) => f[0] === MESSAGE_EVENT)).toBe(false);
    console.log(`thread.created reached a socket ${latency} ms after the POST started; an edit took ${editLatency} ms`);
  });
});

interface Inbox {
  notifications: Array<{ kind: string; room: { id: string }; actor: { name: string }; excerpt: string | null; readAt: string | null; id: string }>;
  unread: number;
}

const inbox = async (person: Browser, query = "") => (await (await person.fetch(`/api/notifications${query}`)).json()) as Inbox;

/** The inbox socket of `person`: the unread counts it was told, in order. */
async function badge(person: Browser) {
  const { exports } = await import("cloudflare:workers");
  const res = await exports.default.fetch("http://rooms.test/api/notifications/socket", {
    headers: { Upgrade: "websocket", ...person.socketHeaders(), Cookie: person.cookieHeader("/api") },
  });
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  ws.accept();
  const counts: number[] = [];
  ws.addEventListener("message", (event) => counts.push((JSON.parse(event.data as string) as { unread: number }).unread));
  return { counts, close: () => ws.close(1000) };
}

describe("notifications", () => {
  it("mentions, replies in my threads (never my own) and being added to a room reach the inbox, unread first, with a live badge", async () => {
    const owner = await signUp("Inbox owner");
    const ada = await signUp("Ada Inbox");
    const room = await createRoom(owner, { title: "Roadmap" });
    const adaBadge = await badge(ada);
    await eventually(() => adaBadge.counts.length === 1, "the first count");
    expect(adaBadge.counts).toEqual([0]);

    await owner.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: ada.user!.email, role: "commenter" } });
    await eventually(() => adaBadge.counts.at(-1) === 1, "the added notification on the badge");
    // Changing her role is not adding her again.
    await owner.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: ada.user!.email, role: "editor" } });

    const created = await startThread(owner, room, { anchor: someAnchor(), quote: "q", body: "@Ada Inbox can you check?", mentions: [ada.user!.id] });
    const { thread } = (await created.json()) as { thread: { id: string } };
    await eventually(() => adaBadge.counts.at(-1) === 2, "the mention on the badge");
    await ada.fetch(`/api/rooms/${room}/threads/${thread.id}/comments`, { method: "POST", json: { body: "Done" } });
    await owner.fetch(`/api/rooms/${room}/threads/${thread.id}/comments`, { method: "POST", json: { body: "Thanks!" } });
    await eventually(() => adaBadge.counts.at(-1) === 3, "the reply on the badge");

    const mine = await inbox(ada);
    expect(mine.unread).toBe(3);
    expect(mine.notifications.map((n) => [n.kind, n.excerpt])).toEqual([
      ["reply", "Thanks!"],
      ["mention", "@Ada Inbox can you check?"],
      ["added", null],
    ]);
    expect(mine.notifications[0]).toMatchObject({ room: { id: room, title: "Roadmap" }, actor: { name: "Inbox owner" }, threadId: thread.id, readAt: null });
    // The owner hears of Ada's reply in the thread he started, not of his own comments.
    expect((await inbox(owner)).notifications.map((n) => [n.kind, n.excerpt])).toEqual([["reply", "Done"]]);

    const mention = mine.notifications[1]!;
    expect((await ada.fetch(`/api/notifications/${mention.id}/read`, { method: "POST" })).status).toBe(204);
    await eventually(() => adaBadge.counts.at(-1) === 2, "the badge after reading one");
    const after = await inbox(ada);
    expect(after.notifications.map((n) => n.kind)).toEqual(["reply", "added", "mention"]);
    expect((await inbox(ada, "?unread=1")).notifications).toHaveLength(2);
    expect((await inbox(ada, "?limit=1")).notifications).toHaveLength(1);
    expect((await ada.fetch("/api/notifications?limit=0")).status).toBe(400);
    expect((await owner.fetch(`/api/notifications/${mention.id}/read`, { method: "POST" })).status).toBe(404);

    expect((await ada.fetch("/api/notifications/read", { method: "POST" })).status).toBe(204);
    await eventually(() => adaBadge.counts.at(-1) === 0, "the badge after reading all");
    expect(await (await ada.fetch("/api/notifications/unread")).json()).toEqual({ unread: 0 });
    adaBadge.close();
  });

  it("an edit notifies only the people it newly mentions; a deleted comment takes its notifications", async () => {
    const { room, owner, editor, viewer } = await team();
    const created = await startThread(owner, room, { anchor: someAnchor(), quote: "q", body: "Draft", mentions: [editor.user!.id] });
    const { thread } = (await created.json()) as { thread: { id: string; comments: Array<{ id: string }> } };
    const url = `/api/rooms/${room}/threads/${thread.id}/comments/${thread.comments[0]!.id}`;
    await owner.fetch(url, { method: "PATCH", json: { body: "Draft for both", mentions: [editor.user!.id, viewer.user!.id] } });
    expect((await inbox(editor)).notifications.filter((n) => n.kind === "mention")).toHaveLength(1);
    expect((await inbox(viewer)).notifications.filter((n) => n.kind === "mention")).toHaveLength(1);
    await owner.fetch(url, { method: "DELETE" });
    expect((await inbox(editor)).notifications.filter((n) => n.kind === "mention")).toEqual([]);
  });

  it("deleting a room deletes its threads, comments and notifications", async () => {
    const { room, owner, editor } = await team();
    await startThread(owner, room, { anchor: someAnchor(), quote: "q", body: "Bye", mentions: [editor.user!.id] });
    expect((await owner.fetch(`/api/rooms/${room}`, { method: "DELETE" })).status).toBe(204);
    const count = async (table: string) => (await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE room_id = ?`).bind(room).first<{ n: number }>())!.n;
    expect([await count("threads"), await count("comments"), await count("notifications")]).toEqual([0, 0, 0]);
  });

  it("refuses the inbox socket without a session, from a foreign origin, and without an upgrade", async () => {
    const { exports } = await import("cloudflare:workers");
    const person = await signUp("Socket person");
    const anonymous = await exports.default.fetch("http://rooms.test/api/notifications/socket", { headers: { Upgrade: "websocket" } });
    expect(anonymous.status).toBe(401);
    const foreign = await exports.default.fetch("http://rooms.test/api/notifications/socket", {
      headers: { Upgrade: "websocket", Origin: "https://evil.example", Cookie: person.cookieHeader("/api") },
    });
    expect(foreign.status).toBe(403);
    const plain = await person.fetch("/api/notifications/socket");
    expect(plain.status).toBe(426);
  });
});
