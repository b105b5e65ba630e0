/** Permissions and the room's lifecycle reach the sockets on its relays as they reach its own. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ACCESS_COOKIE } from "../../src/auth/cookies";
import { keyRing } from "../../src/auth/keys";
import { signAccessToken } from "../../src/auth/tokens";
import { DEFAULT_ACCESS_TTL_SECONDS } from "../../src/config";
import { createRoom, signUp } from "./browser";
import { clientsClosedAfterEach, eventually } from "./client";
import { makeHot, relaysCarry, relaysSettleAfterAll, tierOf } from "./relay-helpers";

const { join } = clientsClosedAfterEach();
relaysSettleAfterAll();

async function hotRoomWith(...roles: Array<"editor" | "viewer" | "commenter">) {
  const owner = await signUp("Hot owner");
  const room = await createRoom(owner);
  await makeHot(room);
  const members = [];
  for (const role of roles) {
    const member = await signUp(`Hot ${role}`);
    await owner.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: member.user!.email, role } });
    members.push(member);
  }
  const ownerSocket = await join(room, { headers: owner.socketHeaders() });
  return { owner, room, ownerSocket, members };
}

describe("sockets on relays", () => {
  it("of viewers and commenters never change the document", async () => {
    const { room, ownerSocket, members } = await hotRoomWith("viewer", "commenter");
    const [viewer, commenter] = await Promise.all(members.map((m) => join(room, { headers: m.socketHeaders() })));
    await relaysCarry(room, 2);
    viewer!.type("vandal ");
    commenter!.type("vandal ");
    await viewer!.roundTrip();
    await commenter!.roundTrip();
    ownerSocket.type("owner");
    await viewer!.until(() => viewer!.text.includes("owner"), "the owner's edit");
    await ownerSocket.roundTrip();
    expect(ownerSocket.text).toBe("owner");
  });

  it("close at once when their member is removed, and lose their edits when downgraded", async () => {
    const { owner, room, ownerSocket, members } = await hotRoomWith("editor", "editor");
    const [alice, bob] = members;
    const aliceSocket = await join(room, { headers: alice!.socketHeaders() });
    const bobSocket = await join(room, { headers: bob!.socketHeaders() });
    await relaysCarry(room, 2);
    bobSocket.type("bob was here ");
    await ownerSocket.until(() => ownerSocket.text === "bob was here ", "bob's edit");

    const removal = await owner.fetch(`/api/rooms/${room}/members/${alice!.user!.id}`, { method: "DELETE" });
    expect(removal.status).toBe(204);
    await aliceSocket.until(() => aliceSocket.closed !== undefined, "alice's socket to close", 1_000);
    expect(aliceSocket.closed).toEqual({ code: 4403, reason: "access revoked" });

    await owner.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: bob!.user!.email, role: "viewer" } });
    bobSocket.type("and now vandal");
    await bobSocket.roundTrip();
    await ownerSocket.roundTrip();
    expect(ownerSocket.text).toBe("bob was here ");
    expect(bobSocket.closed).toBeUndefined();
  });

  it("close with 4404 when the room is deleted", async () => {
    const { owner, room, members } = await hotRoomWith("editor");
    const relayed = await join(room, { headers: members[0]!.socketHeaders() });
    expect((await tierOf(room)).relays).toBe(1);
    const res = await owner.fetch(`/api/rooms/${room}`, { method: "DELETE" });
    expect(res.status).toBe(204);
    await relayed.until(() => relayed.closed?.code === 4404, "the relayed socket to close with 4404");
  });

  it("close with 4401 when their session ends", async () => {
    const { room, members } = await hotRoomWith("editor");
    const relayed = await join(room, { headers: members[0]!.socketHeaders() });
    const res = await members[0]!.fetch("/api/auth/logout", { method: "POST" });
    expect(res.status).toBe(204);
    await relayed.until(() => relayed.closed !== undefined, "the signed-out socket to close");
    expect(relayed.closed).toEqual({ code: 4401, reason: "session expired" });
  });

  it("leave the tier when their last socket closes", async () => {
    const { room, members } = await hotRoomWith("editor");
    const relayed = await join(room, { headers: members[0]!.socketHeaders() });
    expect((await tierOf(room)).relays).toBe(1);
    relayed.close();
    await eventually(async () => (await tierOf(room)).relays === 0, "the relay to unsubscribe");
  });

  it("close with 4401 when their access token expires", async () => {
    const { room, members } = await hotRoomWith("editor");
    const member = members[0]!;
    const claims = JSON.parse(atob(member.cookies.get(ACCESS_COOKIE)!.value.split(".")[1]!.replaceAll("-", "+").replaceAll("_", "/")));
    // A token issued almost 15 minutes ago: two seconds left.
    const { token } = await signAccessToken(
      await keyRing(env),
      { sub: claims.sub, name: claims.name, email: claims.email, sid: claims.sid },
      Date.now() - (DEFAULT_ACCESS_TTL_SECONDS - 2) * 1000,
    );
    const relayed = await join(room, { headers: { ...member.socketHeaders(), Cookie: `${ACCESS_COOKIE}=${token}` } });
    await relaysCarry(room, 1);
    await relayed.until(() => relayed.closed !== undefined, "the expiry close", 6_000);
    expect(relayed.closed).toEqual({ code: 4401, reason: "session expired" });
  });
});
