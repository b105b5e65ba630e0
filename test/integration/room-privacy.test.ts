/**
 * What a room tells the people in it about each other, and what stays with those who leave:
 * members' addresses, who connected when, and notifications after removal.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { encodePosition } from "../../src/document/anchor";
import { type Browser, createRoom, signUp } from "./browser";

async function addMember(owner: Browser, room: string, person: Browser, role: string) {
  const res = await owner.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: person.user!.email, role } });
  expect(res.status).toBe(200);
}

interface MembersAnswer {
  members: Array<{ user: { id: string; name: string; email?: string }; role: string }>;
}

const membersSeenBy = async (person: Browser, room: string) => {
  const res = await person.fetch(`/api/rooms/${room}/members`);
  expect(res.status).toBe(200);
  return ((await res.json()) as MembersAnswer).members;
};

const anchor = () => {
  const t = new Y.Doc().getText("t");
  t.insert(0, "text");
  return { start: encodePosition(Y.createRelativePositionFromTypeIndex(t, 0)), end: encodePosition(Y.createRelativePositionFromTypeIndex(t, 4, -1)) };
};

describe("members' addresses", () => {
  it("only the owner reads members' emails; the others, link visitors included, see names", async () => {
    const [owner, editor, commenter] = await Promise.all([signUp("Addr owner"), signUp("Addr editor"), signUp("Addr commenter")]);
    const room = await createRoom(owner);
    await addMember(owner, room, editor, "editor");
    await addMember(owner, room, commenter, "commenter");
    expect((await owner.fetch(`/api/rooms/${room}`, { method: "PATCH", json: { generalAccess: "viewer" } })).status).toBe(200);
    const stranger = await signUp("Link stranger");

    const byOwner = await membersSeenBy(owner, room);
    expect(byOwner.map((m) => m.user.email).sort()).toEqual([owner, editor, commenter].map((p) => p.user!.email).sort());
    for (const person of [editor, commenter, stranger]) {
      const seen = await membersSeenBy(person, room);
      expect(seen.map((m) => m.user.name).sort()).toEqual(["Addr commenter", "Addr editor", "Addr owner"]);
      expect(seen.every((m) => !("email" in m.user))).toBe(true);
    }
  });
});

describe("room stats", () => {
  it("show who connected when to owners and editors only", async () => {
    const [owner, editor, viewer] = await Promise.all([signUp("Stats owner"), signUp("Stats editor"), signUp("Stats viewer")]);
    const room = await createRoom(owner);
    await addMember(owner, room, editor, "editor");
    await addMember(owner, room, viewer, "viewer");
    expect((await owner.fetch(`/api/rooms/${room}`, { method: "PATCH", json: { generalAccess: "commenter" } })).status).toBe(200);
    const linkCommenter = await signUp("Stats link commenter");
    const statsOf = async (person: Browser) => {
      const res = await person.fetch(`/api/rooms/${room}/stats`);
      expect(res.status).toBe(200);
      return ((await res.json()) as { stats: Record<string, unknown> }).stats;
    };
    for (const person of [owner, editor]) expect((await statsOf(person)).recentConnections).toEqual([]);
    for (const person of [viewer, linkCommenter]) {
      const stats = await statsOf(person);
      expect(stats).toHaveProperty("seq", 0);
      expect(stats).not.toHaveProperty("recentConnections");
    }
  });
});

interface InboxAnswer {
  notifications: Array<{ kind: string; room: { id: string; title: string | null }; excerpt: string | null; commentId: string | null }>;
}

const inboxOf = async (person: Browser) => ((await (await person.fetch("/api/notifications")).json()) as InboxAnswer).notifications;

describe("notifications after leaving a room", () => {
  it("a removed member gets no more replies, and their inbox no longer shows the room's title or comments", async () => {
    const [owner, ada] = await Promise.all([signUp("Leaving owner"), signUp("Leaving Ada")]);
    const room = await createRoom(owner, { title: "Secret plans" });
    await addMember(owner, room, ada, "commenter");
    const created = await owner.fetch(`/api/rooms/${room}/threads`, { method: "POST", json: { anchor: anchor(), quote: "q", body: "First" } });
    const { thread } = (await created.json()) as { thread: { id: string } };
    expect((await ada.fetch(`/api/rooms/${room}/threads/${thread.id}/comments`, { method: "POST", json: { body: "Ada was here" } })).status).toBe(201);
    expect((await owner.fetch(`/api/rooms/${room}/threads/${thread.id}/comments`, { method: "POST", json: { body: "Reply one" } })).status).toBe(201);
    const before = await inboxOf(ada);
    expect(before.filter((n) => n.kind === "reply").map((n) => [n.room.title, n.excerpt])).toEqual([["Secret plans", "Reply one"]]);

    expect((await owner.fetch(`/api/rooms/${room}/members/${ada.user!.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await owner.fetch(`/api/rooms/${room}/threads/${thread.id}/comments`, { method: "POST", json: { body: "Reply two, private" } })).status).toBe(201);

    const after = await inboxOf(ada);
    // The comment stored above was the only thing that could have notified her: the answer is final.
    expect(after.filter((n) => n.kind === "reply")).toHaveLength(1);
    expect(after.map((n) => [n.room.id, n.room.title, n.excerpt])).toEqual([
      [room, null, null],
      [room, null, null],
    ]);
    expect(JSON.stringify(after)).not.toContain("Secret plans");
    expect(JSON.stringify(after)).not.toContain("Reply");
  });

  it("a member added again sees their notifications in full again", async () => {
    const [owner, bob] = await Promise.all([signUp("Rejoin owner"), signUp("Rejoin Bob")]);
    const room = await createRoom(owner, { title: "Back again" });
    await addMember(owner, room, bob, "viewer");
    expect((await owner.fetch(`/api/rooms/${room}/members/${bob.user!.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await inboxOf(bob)).map((n) => n.room.title)).toEqual([null]);
    await addMember(owner, room, bob, "viewer");
    expect((await inboxOf(bob)).map((n) => n.room.title)).toEqual(["Back again", "Back again"]);
  });
});
