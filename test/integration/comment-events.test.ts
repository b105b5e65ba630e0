/** What comments cause: room events on the sockets that asked for them, notifications in the inbox and its badge socket. */
import { env } from "cloudflare:workers";
import * as decoding from "lib0/decoding";
import { describe, expect, it } from "vitest";
import { MESSAGE_EVENT, type RoomEvent, readEvent } from "../../src/wire/events";
import { type Browser, createRoom, signUp } from "./browser";
import { clientsClosedAfterEach, eventually, type TestClient } from "./client";
import { someAnchor, startThread, team } from "./comments-harness";

const { join } = clientsClosedAfterEach();

function eventsOf(client: TestClient): RoomEvent[] {
  return client.received.flatMap((frame) => {
    const decoder = decoding.createDecoder(frame);
    return decoding.readVarUint(decoder) === MESSAGE_EVENT ? [readEvent(decoder)] : [];
  });
}

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
