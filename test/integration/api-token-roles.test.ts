/**
 * What an API token may do: its owner's role capped at its own, in every room (an account
 * token) or in one room (a room token), over REST and over the room's socket; never an
 * owner's rights; and nothing once its owner loses access or the token is revoked.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { encodePosition } from "../../src/document/anchor";
import type { RoomJson } from "../../src/wire/rest";
import { createToken, outcome, withToken } from "./api-token";
import { type Browser, createRoom, signUp } from "./browser";
import { clientsClosedAfterEach, TestClient } from "./client";

const { join } = clientsClosedAfterEach();
const tokenSockets: TestClient[] = [];
afterEach(() => {
  for (const socket of tokenSockets.splice(0)) socket.close();
});

/** A program's socket: the stock client with `Authorization: Bearer`, no cookie, no Origin. */
async function tokenSocket(room: string, secret: string): Promise<TestClient> {
  const socket = await TestClient.synced(room, { headers: { Authorization: `Bearer ${secret}` } });
  tokenSockets.push(socket);
  return socket;
}

const anchor = () => {
  const t = new Y.Doc().getText("t");
  t.insert(0, "text");
  return { start: encodePosition(Y.createRelativePositionFromTypeIndex(t, 0)), end: encodePosition(Y.createRelativePositionFromTypeIndex(t, 4, -1)) };
};

/** A Yjs update that inserts `text`, as `POST /content` takes it. */
function update(text: string): Uint8Array<ArrayBuffer> {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, text);
  return Y.encodeStateAsUpdate(doc) as Uint8Array<ArrayBuffer>;
}

/** What a token of `role` gets from the room's REST endpoints: reading, commenting, editing. */
async function restRights(secret: string, room: string) {
  const read = await withToken(secret, `/api/rooms/${room}/content?format=json`);
  const comment = await withToken(secret, `/api/rooms/${room}/threads`, { method: "POST", json: { anchor: anchor(), quote: "q", body: "from a bot" } });
  const edit = await withToken(secret, `/api/rooms/${room}/content`, { method: "POST", body: update("bot ") });
  return [read.status, comment.status, edit.status];
}

/** Whether an edit typed on `socket` reaches `reader` (the room drops a read-only socket's edits). */
async function editReaches(socket: TestClient, reader: TestClient, text: string): Promise<boolean> {
  socket.type(text);
  await socket.roundTrip();
  await reader.roundTrip();
  return reader.text.includes(text);
}

async function roomOf(owner: Browser) {
  const room = await createRoom(owner);
  const reader = await join(room, { headers: owner.socketHeaders() });
  return { room, reader };
}

describe("an API token's role", () => {
  it("viewer reads, commenter comments, editor edits: over REST and the socket", async () => {
    const ada = await signUp("Ada");
    const { room, reader } = await roomOf(ada);
    const viewer = await createToken(ada, { role: "viewer" });
    const commenter = await createToken(ada, { role: "commenter" });
    const editor = await createToken(ada, { role: "editor" });
    expect(await restRights(viewer.secret, room)).toEqual([200, 403, 403]);
    expect(await restRights(commenter.secret, room)).toEqual([200, 201, 403]);
    expect(await restRights(editor.secret, room)).toEqual([200, 201, 200]);
    const asViewer = (await (await withToken(viewer.secret, `/api/rooms/${room}`)).json()) as { room: RoomJson };
    expect(asViewer.room.role).toBe("viewer");

    expect(await editReaches(await tokenSocket(room, viewer.secret), reader, "[viewer]")).toBe(false);
    expect(await editReaches(await tokenSocket(room, commenter.secret), reader, "[commenter]")).toBe(false);
    expect(await editReaches(await tokenSocket(room, editor.secret), reader, "[editor]")).toBe(true);
  });

  it("is capped by its owner's own role: an editor token of a viewer member only reads", async () => {
    const [ada, bob] = await Promise.all([signUp("Ada"), signUp("Bob")]);
    const { room, reader } = await roomOf(ada);
    await ada.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: bob.user!.email, role: "viewer" } });
    const { secret } = await createToken(bob, { role: "editor" });
    expect(await restRights(secret, room)).toEqual([200, 403, 403]);
    expect(await editReaches(await tokenSocket(room, secret), reader, "[bob]")).toBe(false);
  });

  it("stays capped on an open socket when the room's access changes", async () => {
    const ada = await signUp("Ada");
    const { room, reader } = await roomOf(ada);
    const { secret } = await createToken(ada, { role: "viewer" });
    const socket = await tokenSocket(room, secret);
    // Every open socket's role is resolved again: the owner's token must not become the owner.
    expect((await ada.fetch(`/api/rooms/${room}`, { method: "PATCH", json: { generalAccess: "commenter" } })).status).toBe(200);
    expect(await editReaches(socket, reader, "[after the change]")).toBe(false);
  });

  it("never has an owner's rights: sharing, deleting, webhooks, creating rooms", async () => {
    const [ada, bob] = await Promise.all([signUp("Ada"), signUp("Bob")]);
    const room = await createRoom(ada);
    const { secret } = await createToken(ada, { role: "editor" });
    const attempts = [
      withToken(secret, `/api/rooms/${room}/members`, { method: "PUT", json: { email: bob.user!.email, role: "editor" } }),
      withToken(secret, `/api/rooms/${room}/members/${bob.user!.id}`, { method: "DELETE" }),
      withToken(secret, `/api/rooms/${room}`, { method: "PATCH", json: { generalAccess: "editor" } }),
      withToken(secret, `/api/rooms/${room}/webhooks`),
      withToken(secret, `/api/rooms/${room}`, { method: "DELETE" }),
      withToken(secret, "/api/rooms", { method: "POST", json: { title: "By a bot" } }),
    ];
    for (const res of await Promise.all(attempts)) expect(await outcome(res)).toEqual([403, "forbidden"]);
    // What an editor may do, it does.
    expect((await withToken(secret, `/api/rooms/${room}`, { method: "PATCH", json: { title: "Renamed by a bot" } })).status).toBe(200);
    expect((await ada.fetch(`/api/rooms/${room}/members`)).status).toBe(200);
  });
});

describe("a room's API token", () => {
  it("acts in its room only: another room is a stranger's (403, 404), and so are the inbox and the rooms list", async () => {
    const ada = await signUp("Ada");
    const [room, other] = [await createRoom(ada), await createRoom(ada)];
    const { secret } = await createToken(ada, { role: "editor", roomId: room });
    expect((await withToken(secret, `/api/rooms/${room}`)).status).toBe(200);
    expect(await outcome(await withToken(secret, `/api/rooms/${other}`))).toEqual([403, "forbidden"]);
    expect(await outcome(await withToken(secret, `/api/rooms/missing-${crypto.randomUUID()}`))).toEqual([404, "room_not_found"]);
    expect(await outcome(await withToken(secret, `/rooms/${other}`, { headers: { Upgrade: "websocket" } }))).toEqual([403, "forbidden"]);
    expect((await tokenSocket(room, secret)).synced).toBe(true);
    const rooms = (await (await withToken(secret, "/api/rooms")).json()) as { rooms: RoomJson[] };
    expect(rooms.rooms.map((r) => [r.id, r.role])).toEqual([[room, "editor"]]);
    expect(await outcome(await withToken(secret, "/api/notifications"))).toEqual([403, "forbidden"]);
  });

  it("stops working when its room is deleted, and is gone from the list", async () => {
    const ada = await signUp("Ada");
    const room = await createRoom(ada);
    const { secret } = await createToken(ada, { role: "editor", roomId: room });
    expect((await ada.fetch(`/api/rooms/${room}`, { method: "DELETE" })).status).toBe(204);
    // Created again under the same id, it is another room.
    await createRoom(ada, { id: room });
    expect(await outcome(await withToken(secret, `/api/rooms/${room}`))).toEqual([401, "unauthorized"]);
    expect(((await (await ada.fetch("/api/tokens")).json()) as { tokens: unknown[] }).tokens).toEqual([]);
  });
});

describe("revoking access", () => {
  it("revoking a token closes its open sockets with 4401 at once; its owner's own sockets stay", async () => {
    const ada = await signUp("Ada");
    const { room, reader } = await roomOf(ada);
    const account = await createToken(ada, { role: "editor" });
    const scoped = await createToken(ada, { role: "editor", roomId: room });
    const [viaAccount, viaRoom, kept] = [
      await tokenSocket(room, account.secret),
      await tokenSocket(room, scoped.secret),
      await tokenSocket(room, scoped.secret),
    ];
    expect((await ada.fetch(`/api/tokens/${account.token.id}`, { method: "DELETE" })).status).toBe(204);
    await viaAccount.until(() => viaAccount.closed !== undefined, "the account token's socket to close");
    expect(viaAccount.closed).toEqual({ code: 4401, reason: "session expired" });
    expect((await ada.fetch(`/api/tokens/${scoped.token.id}`, { method: "DELETE" })).status).toBe(204);
    await viaRoom.until(() => viaRoom.closed !== undefined && kept.closed !== undefined, "the room token's sockets to close");
    expect(viaRoom.closed).toEqual({ code: 4401, reason: "session expired" });
    await reader.roundTrip();
    expect(reader.closed).toBeUndefined();
    expect(await outcome(await withToken(account.secret, `/rooms/${room}`, { headers: { Upgrade: "websocket" } }))).toEqual([401, "unauthorized"]);
  });

  it("a member's token stops working when they are removed: its socket closes (4403), its requests are refused", async () => {
    const [ada, bob] = await Promise.all([signUp("Ada"), signUp("Bob")]);
    const room = await createRoom(ada);
    await ada.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: bob.user!.email, role: "editor" } });
    const { secret } = await createToken(bob, { role: "editor" });
    const socket = await tokenSocket(room, secret);
    expect((await ada.fetch(`/api/rooms/${room}/members/${bob.user!.id}`, { method: "DELETE" })).status).toBe(204);
    await socket.until(() => socket.closed !== undefined, "the removed member's token socket to close");
    expect(socket.closed).toEqual({ code: 4403, reason: "access revoked" });
    expect(await outcome(await withToken(secret, `/api/rooms/${room}`))).toEqual([403, "forbidden"]);
  });
});

describe("cross-site checks", () => {
  it("a request with a token needs no Origin check; one with cookies keeps it", async () => {
    const ada = await signUp("Ada");
    const room = await createRoom(ada);
    const { secret } = await createToken(ada, { role: "editor" });
    const foreign = { Origin: "https://elsewhere.example" };
    const byToken = await withToken(secret, `/api/rooms/${room}`, { method: "PATCH", json: { title: "By a bot" }, headers: foreign });
    expect(byToken.status).toBe(200);
    const byCookie = await ada.fetch(`/api/rooms/${room}`, { method: "PATCH", json: { title: "Forged" }, headers: foreign });
    expect(await outcome(byCookie)).toEqual([403, "forbidden_origin"]);
  });
});
