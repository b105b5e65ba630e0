/**
 * Deleting an account: the password confirms it; the rooms it owns go for everyone, files
 * included; rooms of others stay, without it; its sessions, API tokens and sockets end; its
 * address is free again.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createToken, outcome, withToken } from "./api-token";
import { Browser, createRoom, errorCode, PASSWORD, signUp } from "./browser";
import { clientsClosedAfterEach } from "./client";
import { someAnchor, startThread } from "./comments-harness";

const { join } = clientsClosedAfterEach();

const deleteMe = (who: Browser, password: string) => who.fetch("/api/me", { method: "DELETE", json: { password } });

async function share(owner: Browser, room: string, member: Browser, role = "editor") {
  const res = await owner.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: member.user!.email, role } });
  expect(res.status, await res.clone().text()).toBe(200);
}

describe("deleting an account", () => {
  it("needs the current password, from a person's own sign-in", async () => {
    const ada = await signUp("Ada Stays");
    const room = await createRoom(ada);
    const res = await deleteMe(ada, "not the password");
    expect([res.status, await errorCode(res)]).toEqual([401, "invalid_credentials"]);
    expect(await errorCode(await ada.fetch("/api/me", { method: "DELETE", json: {} }))).toBe("bad_request");
    const { secret } = await createToken(ada, { role: "editor" });
    expect(await outcome(await withToken(secret, "/api/me", { method: "DELETE", json: { password: PASSWORD } }))).toEqual([403, "forbidden"]);
    expect((await ada.fetch(`/api/rooms/${room}`)).status).toBe(200);
    expect((await ada.fetch("/api/me")).status).toBe(200);
  });

  it("deletes the rooms it owns for everyone, leaves others' rooms without it, ends its sessions, tokens and sockets", async () => {
    const ada = await signUp("Ada Leaves");
    const bob = await signUp("Bob Remains");
    const owned = await createRoom(ada, { title: "Ada's plans" });
    const sharedOwned = await createRoom(ada, { title: "Shared with Bob" });
    await share(ada, sharedOwned, bob);
    const upload = await ada.fetch(`/api/rooms/${owned}/files`, {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: new Uint8Array(new TextEncoder().encode("notes")),
    });
    expect(upload.status).toBe(201);
    const bobs = await createRoom(bob, { title: "Bob's room" });
    await share(bob, bobs, ada);
    const thread = await startThread(ada, bobs, { anchor: someAnchor(), quote: "q", body: "Ada was here" });
    expect(thread.status).toBe(201);
    const { secret } = await createToken(ada, { role: "editor" });
    const socket = await join(bobs, { headers: ada.socketHeaders() });
    const bobSocket = await join(sharedOwned, { headers: bob.socketHeaders() });

    const res = await deleteMe(ada, PASSWORD);
    expect(res.status).toBe(204);
    expect(ada.cookies.size).toBe(0);

    await socket.until(() => socket.closed !== undefined, "Ada's socket in Bob's room to close");
    expect(socket.closed?.code).toBe(4401);
    // Bob was in Ada's shared room: it is gone for him too.
    await bobSocket.until(() => bobSocket.closed !== undefined, "Bob's socket in Ada's deleted room to close");
    expect(bobSocket.closed?.code).toBe(4404);
    for (const room of [owned, sharedOwned]) expect(await errorCode(await bob.fetch(`/api/rooms/${room}`))).toBe("room_not_found");
    expect((await env.SNAPSHOTS.list({ prefix: `rooms/${owned}/` })).objects).toEqual([]);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM rooms WHERE owner_id = ?").bind(ada.user!.id).first("n")).toBe(0);

    // Bob's room stays, without Ada among its people.
    const members = (await (await bob.fetch(`/api/rooms/${bobs}/members`)).json()) as { members: Array<{ user: { id: string } }> };
    expect(members.members.map((m) => m.user.id)).toEqual([bob.user!.id]);
    // What she wrote there stays, without her name.
    const threads = (await (await bob.fetch(`/api/rooms/${bobs}/threads`)).json()) as { threads: Array<{ comments: Array<{ body: string }> }> };
    expect(threads.threads.flatMap((t) => t.comments.map((c) => c.body))).toEqual(["Ada was here"]);

    // Nothing of Ada signs in any more; her address can start a new account.
    expect((await withToken(secret, "/api/rooms")).status).toBe(401);
    const login = await new Browser().fetch("/api/auth/login", { method: "POST", json: { email: ada.user!.email, password: PASSWORD } });
    expect(await errorCode(login)).toBe("invalid_credentials");
    const again = await new Browser().fetch("/api/auth/signup", { method: "POST", json: { email: ada.user!.email, name: "Ada Again", password: PASSWORD } });
    expect(again.status).toBe(201);
  });
});
