/** Who may open a room and with which role: membership, link sharing, removal and downgrade on open sockets, deletion. */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Room } from "../../src/room/room";
import { createRoom, errorCode, signUp, uniqueEmail, upgradeStatus } from "./browser";
import { BASE, clientsClosedAfterEach, stubOf } from "./client";

const { join } = clientsClosedAfterEach();

describe("rooms and roles", () => {
  it("lets only people with a role open a room: 404 without a room, 403 without a role", async () => {
    const owner = await signUp("Owner");
    const stranger = await signUp("Stranger");
    const room = await createRoom(owner, { title: "Plans" });
    expect(await upgradeStatus(room, stranger.socketHeaders())).toBe(403);
    expect(await upgradeStatus("no-such-room", owner.socketHeaders())).toBe(404);
    expect((await stranger.fetch(`/api/rooms/${room}`)).status).toBe(403);
    const dup = await owner.fetch("/api/rooms", { method: "POST", json: { id: room } });
    expect([dup.status, await errorCode(dup)]).toEqual([409, "room_exists"]);

    // Link sharing lets any signed-in user in with the general role.
    const patch = await owner.fetch(`/api/rooms/${room}`, { method: "PATCH", json: { generalAccess: "viewer" } });
    expect(await patch.json()).toMatchObject({ room: { generalAccess: "viewer", title: "Plans" } });
    expect(await upgradeStatus(room, stranger.socketHeaders())).toBe(101);
    expect(await (await stranger.fetch(`/api/rooms/${room}`)).json()).toMatchObject({ room: { role: "viewer" } });
  });

  it("lists my rooms with my role, and members with theirs", async () => {
    const owner = await signUp("Lister");
    const friend = await signUp("Friend");
    const room = await createRoom(owner, { title: "Shared" });
    await createRoom(owner, { title: "Private" });
    const put = await owner.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: friend.user!.email, role: "editor" } });
    expect(put.status).toBe(200);
    const mine = (await (await friend.fetch("/api/rooms")).json()) as { rooms: { id: string; role: string }[] };
    expect(mine.rooms).toEqual([expect.objectContaining({ id: room, role: "editor" })]);
    expect(((await (await owner.fetch("/api/rooms")).json()) as { rooms: unknown[] }).rooms).toHaveLength(2);
    const members = await (await owner.fetch(`/api/rooms/${room}/members`)).json();
    expect(members).toEqual({
      members: expect.arrayContaining([
        { user: owner.user, role: "owner" },
        { user: friend.user, role: "editor" },
      ]),
    });
    // Addresses are the owner's to see (issue 17): a member sees names.
    const namesOnly = (u: typeof owner.user) => ({ id: u!.id, name: u!.name });
    expect(await (await friend.fetch(`/api/rooms/${room}/members`)).json()).toEqual({
      members: expect.arrayContaining([
        { user: namesOnly(owner.user), role: "owner" },
        { user: namesOnly(friend.user), role: "editor" },
      ]),
    });
    // Only the owner manages members.
    const byFriend = await friend.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: owner.user!.email, role: "viewer" } });
    expect(byFriend.status).toBe(403);
    // An address without an account gets an invitation (issue 22; it was 404 user_not_found).
    const email = uniqueEmail();
    const unknown = await owner.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email, role: "viewer" } });
    expect([unknown.status, await unknown.json()]).toEqual([
      202,
      { invitation: { id: expect.any(String), email, role: "viewer", expiresAt: expect.any(String) } },
    ]);
  });

  it("closes a removed member's socket at once, and rejects a downgraded member's next edit", async () => {
    const owner = await signUp("Boss");
    const alice = await signUp("Alice");
    const bob = await signUp("Bob");
    const room = await createRoom(owner);
    for (const u of [alice, bob]) {
      await owner.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: u.user!.email, role: "editor" } });
    }
    const ownerSocket = await join(room, { headers: owner.socketHeaders() });
    const aliceSocket = await join(room, { headers: alice.socketHeaders() });
    const bobSocket = await join(room, { headers: bob.socketHeaders() });
    bobSocket.type("bob was here ");
    await ownerSocket.until(() => ownerSocket.text === "bob was here ", "bob's edit");

    const removal = await owner.fetch(`/api/rooms/${room}/members/${alice.user!.id}`, { method: "DELETE" });
    expect(removal.status).toBe(204);
    await aliceSocket.until(() => aliceSocket.closed !== undefined, "alice's socket to close", 1_000);
    expect(aliceSocket.closed).toEqual({ code: 4403, reason: "access revoked" });

    await owner.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: bob.user!.email, role: "viewer" } });
    bobSocket.type("and now vandal");
    await bobSocket.roundTrip();
    await ownerSocket.roundTrip();
    expect(ownerSocket.text).toBe("bob was here ");
    expect(bobSocket.closed).toBeUndefined();
  });

  it("deleting a room closes its sockets and removes its stored state and rows", async () => {
    const owner = await signUp("Deleter");
    const room = await createRoom(owner);
    const socket = await join(room, { headers: owner.socketHeaders() });
    socket.type("soon gone");
    await socket.roundTrip();
    const res = await owner.fetch(`/api/rooms/${room}`, { method: "DELETE" });
    expect(res.status).toBe(204);
    await socket.until(() => socket.closed?.code === 4404, "the socket to close with 4404");
    expect((await owner.fetch(`/api/rooms/${room}`)).status).toBe(404);
    const rows = await runInDurableObject(stubOf(room), (_i: Room, state) => state.storage.sql.exec("SELECT COUNT(*) AS n FROM log").one().n);
    expect(rows).toBe(0);
    // An upgrade the Worker admitted just before the deletion is refused by the object itself.
    const inFlight = await stubOf(room).fetch(
      new Request(`${BASE}/rooms/${room}`, {
        headers: { Upgrade: "websocket", "X-Edge-Rooms-Access": JSON.stringify({ user: { id: owner.user!.id, name: "x" }, role: "owner", expiresAt: 4e9 }) },
      }),
    );
    expect(inFlight.status).toBe(404);
    // The id can be used again, for a new, empty room.
    await createRoom(owner, { id: room });
    const fresh = await join(room, { headers: owner.socketHeaders() });
    expect(fresh.text).toBe("");
  });

  it("hides a room whose deletion is under way, and lets the owner retry the deletion", async () => {
    const owner = await signUp("Half-deleter");
    const room = await createRoom(owner);
    await env.DB.prepare("UPDATE rooms SET deleting_at = ? WHERE id = ?").bind(Date.now(), room).run();
    expect(await upgradeStatus(room, owner.socketHeaders())).toBe(404);
    expect((await owner.fetch(`/api/rooms/${room}`)).status).toBe(404);
    expect(((await (await owner.fetch("/api/rooms")).json()) as { rooms: unknown[] }).rooms).toEqual([]);
    expect((await owner.fetch(`/api/rooms/${room}`, { method: "DELETE" })).status).toBe(204);
    expect(await env.DB.prepare("SELECT id FROM rooms WHERE id = ?").bind(room).first()).toBeNull();
  });
});
