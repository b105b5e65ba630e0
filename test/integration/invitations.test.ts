/**
 * Invitations (issue 22): sharing with an address answers the same whether or not an account
 * has it (unless the account is verified), mails a link, and the link turns into membership
 * only for the signed-in account that has proven the invited address.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sha256 } from "../../src/auth/encoding";
import { Browser, createRoom, ownNetwork, signUp } from "./browser";
import { mailsTo, nextMail, tokenOf, verifyEmail } from "./outbox";

const uniqueEmail = () => `invitee-${crypto.randomUUID().slice(0, 8)}@example.com`;

const share = (owner: Browser, room: string, email: string, role = "editor") =>
  owner.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email, role } });

const accept = (browser: Browser, token: string) =>
  browser.fetch("/api/invitations/accept", { method: "POST", json: { token }, headers: { "CF-Connecting-IP": ownNetwork() } });

async function errorOf(res: Response) {
  return [res.status, ((await res.json()) as { error: { code: string } }).error.code];
}

/** Signs up with `email` from a network of its own; the address is not confirmed yet. */
async function signUpAs(email: string, name: string): Promise<Browser> {
  const browser = new Browser();
  const res = await browser.fetch("/api/auth/signup", {
    method: "POST",
    json: { email, name, password: "correct horse battery" },
    headers: { "CF-Connecting-IP": ownNetwork() },
  });
  expect(res.status).toBe(201);
  browser.user = ((await res.json()) as { user: Browser["user"] }).user;
  return browser;
}

const roomsOf = async (browser: Browser) => ((await (await browser.fetch("/api/rooms")).json()) as { rooms: Array<{ id: string; role: string }> }).rooms;

describe("sharing by address", () => {
  it("answers an address without an account exactly as one whose account never verified it", async () => {
    const owner = await signUp("Inviting owner");
    const room = await createRoom(owner, { title: "Plans" });
    const nobody = uniqueEmail();
    const squatter = await signUp("Squatter", { verified: false });
    const [a, b] = [await share(owner, room, nobody, "viewer"), await share(owner, room, squatter.user!.email, "viewer")];
    expect([a.status, b.status]).toEqual([202, 202]);
    const [bodyA, bodyB] = (await Promise.all([a.json(), b.json()])) as Array<{ invitation: Record<string, unknown> }>;
    expect(bodyA!.invitation.email).toBe(nobody);
    expect(bodyB!.invitation.email).toBe(squatter.user!.email);
    // Apart from the address itself, its id and the time, the two answers are the same.
    const generic = (body: { invitation: Record<string, unknown> }) => ({ ...body.invitation, id: "<id>", email: "<email>", expiresAt: "<time>" });
    expect(generic(bodyA!)).toEqual(generic(bodyB!));
    expect(Object.keys(bodyA!.invitation).sort()).toEqual(["email", "expiresAt", "id", "role"]);
    expect([...a.headers.keys()].sort()).toEqual([...b.headers.keys()].sort());
    // Both are mailed the same invitation; neither is a member.
    const [mailA, mailB] = await Promise.all([nextMail(nobody, "/invitation"), nextMail(squatter.user!.email, "/invitation")]);
    expect(mailA.subject).toBe(mailB.subject);
    expect(mailA.subject).toBe('Inviting owner shared "Plans" with you');
    expect(await roomsOf(squatter)).toEqual([]);
    // The owner sees both pending.
    const listed = (await (await owner.fetch(`/api/rooms/${room}/invitations`)).json()) as { invitations: Array<{ email: string }> };
    expect(listed.invitations.map((i) => i.email).sort()).toEqual([nobody, squatter.user!.email].sort());
  });

  it("adds a verified account directly, as before", async () => {
    const owner = await signUp("Direct owner");
    const friend = await signUp("Verified friend");
    const room = await createRoom(owner);
    const res = await share(owner, room, friend.user!.email);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ member: { user: friend.user, role: "editor" } });
    // No invitation: the verification mail only (being added reaches a digest later, if unseen).
    expect((await mailsTo(friend.user!.email)).filter((m) => !m.subject.endsWith(" for you in edge-rooms"))).toHaveLength(1);
  });

  it("an address with no account signs up, verifies and accepts: it becomes a member once", async () => {
    const owner = await signUp("Welcoming owner");
    const room = await createRoom(owner);
    const email = uniqueEmail();
    expect((await share(owner, room, email, "commenter")).status).toBe(202);
    const token = tokenOf(await nextMail(email, "/invitation"));
    const newcomer = await signUpAs(email, "Newcomer");
    // Not before the address is proven: an account anyone could have made with it.
    expect(await errorOf(await accept(newcomer, token))).toEqual([403, "email_unverified"]);
    await verifyEmail(newcomer);
    const res = await accept(newcomer, token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ room: { id: room }, role: "commenter" });
    expect(await roomsOf(newcomer)).toEqual([expect.objectContaining({ id: room, role: "commenter" })]);
    // The link works once, and the invitation is no longer pending.
    expect(await errorOf(await accept(newcomer, token))).toEqual([400, "invalid_token"]);
    expect(await (await owner.fetch(`/api/rooms/${room}/invitations`)).json()).toEqual({ invitations: [] });
  });

  it("another account cannot accept, even verified and holding the link", async () => {
    const owner = await signUp("Careful owner");
    const room = await createRoom(owner);
    const email = uniqueEmail();
    await share(owner, room, email);
    const token = tokenOf(await nextMail(email, "/invitation"));
    const thief = await signUp("Link thief");
    expect(await errorOf(await accept(thief, token))).toEqual([403, "forbidden"]);
    expect(await roomsOf(thief)).toEqual([]);
    // The invitation still works for its address.
    const invitee = await signUpAs(email, "Rightful");
    await verifyEmail(invitee);
    expect((await accept(invitee, token)).status).toBe(200);
  });

  it("refuses an expired invitation, and accepting needs a session", async () => {
    const owner = await signUp("Slow owner");
    const room = await createRoom(owner);
    const invitee = await signUp("Late invitee", { verified: false });
    await share(owner, room, invitee.user!.email);
    const token = tokenOf(await nextMail(invitee.user!.email, "/invitation"));
    await verifyEmail(invitee);
    expect((await accept(new Browser(), token)).status).toBe(401);
    await env.DB.prepare("UPDATE invitations SET expires_at = ? WHERE token_hash = ?")
      .bind(Date.now() - 1, await sha256(token))
      .run();
    expect(await errorOf(await accept(invitee, token))).toEqual([400, "invalid_token"]);
  });

  it("owners resend (the old link stops working) and revoke; others cannot see or touch invitations", async () => {
    const owner = await signUp("Managing owner");
    const room = await createRoom(owner);
    const email = uniqueEmail();
    const { invitation } = (await (await share(owner, room, email, "viewer")).json()) as { invitation: { id: string } };
    const first = tokenOf(await nextMail(email, "/invitation"));
    const resent = await owner.fetch(`/api/rooms/${room}/invitations/${invitation.id}/resend`, { method: "POST" });
    expect(resent.status).toBe(202);
    const second = tokenOf(await nextMail(email, "/invitation", 2));
    expect(second).not.toBe(first);

    const editor = await signUp("Mere editor");
    await share(owner, room, editor.user!.email, "editor");
    expect((await editor.fetch(`/api/rooms/${room}/invitations`)).status).toBe(403);
    expect((await editor.fetch(`/api/rooms/${room}/invitations/${invitation.id}`, { method: "DELETE" })).status).toBe(403);

    const invitee = await signUpAs(email, "Invitee");
    await verifyEmail(invitee);
    expect(await errorOf(await accept(invitee, first))).toEqual([400, "invalid_token"]);
    expect((await owner.fetch(`/api/rooms/${room}/invitations/${invitation.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await owner.fetch(`/api/rooms/${room}/invitations/${invitation.id}`, { method: "DELETE" })).status).toBe(404);
    expect(await errorOf(await accept(invitee, second))).toEqual([400, "invalid_token"]);
    expect(await roomsOf(invitee)).toEqual([]);
  });

  it("limits mail to one address however many owners invite it", async () => {
    const email = uniqueEmail();
    const owners = await Promise.all([signUp("Owner one"), signUp("Owner two")]);
    const rooms = await Promise.all(owners.map((o) => createRoom(o)));
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await share(owners[i % 2]!, rooms[i % 2]!, email, i % 3 === 0 ? "viewer" : "editor")).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
  });

  it("deleting the room deletes its invitations", async () => {
    const owner = await signUp("Deleting owner");
    const room = await createRoom(owner);
    await share(owner, room, uniqueEmail());
    const pending = () => env.DB.prepare("SELECT COUNT(*) AS n FROM invitations WHERE room_id = ?").bind(room).first("n");
    expect(await pending()).toBe(1);
    expect((await owner.fetch(`/api/rooms/${room}`, { method: "DELETE" })).status).toBe(204);
    expect(await pending()).toBe(0);
  });
});
