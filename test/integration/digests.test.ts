/**
 * Mail digests: mentions, replies and rooms shared with someone that they have not seen in the
 * app are mailed once their window closes (1 s in these tests), all of one window in one mail;
 * nothing for what was read, for someone with a page open, or for someone who turned digests
 * off (in the account's preferences or with the mail's one-click unsubscribe).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { keyRing } from "../../src/auth/keys";
import { unsubscribeQuery } from "../../src/mail/unsubscribe";
import { type Browser, createRoom, errorCode, ownNetwork, signUp } from "./browser";
import { eventually } from "./client";
import { someAnchor, startThread } from "./comments-harness";
import { type Mail, mailsTo, nextMail, tokenOf, verifyEmail } from "./outbox";

const DIGEST = / for you in edge-rooms$/;

const windowOpen = async (userId: string) => (await env.DB.prepare("SELECT 1 AS open FROM digest_windows WHERE user_id = ?").bind(userId).first("open")) === 1;

const share = (owner: Browser, room: string, email: string) => owner.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email, role: "editor" } });

/** Ada's room shared with Bob, who has seen that in his inbox: his first window closed with nothing to mail. */
async function pair(title: string) {
  const [ada, bob] = await Promise.all([signUp("Ada Digest"), signUp("Bob Away")]);
  const room = await createRoom(ada, { title });
  expect((await share(ada, room, bob.user!.email)).status).toBe(200);
  expect((await bob.fetch("/api/notifications/read", { method: "POST" })).status).toBe(204);
  await eventually(async () => !(await windowOpen(bob.user!.id)), "the window of the share to close");
  return { ada, bob, room };
}

async function mention(author: Browser, room: string, who: Browser, body: string): Promise<string> {
  const res = await startThread(author, room, { anchor: someAnchor(), quote: "q", body: `@${who.user!.name} ${body}`, mentions: [who.user!.id] });
  expect(res.status).toBe(201);
  return ((await res.json()) as { thread: { id: string } }).thread.id;
}

/** Waits until `count` digests reached `email`; returns them, newest first. */
async function digests(email: string, count: number): Promise<Mail[]> {
  let found: Mail[] = [];
  await eventually(
    async () => {
      found = (await mailsTo(email)).filter((m) => DIGEST.test(m.subject));
      return found.length >= count;
    },
    `${count} digest(s) to ${email}`,
    15_000,
  );
  return found;
}

describe("mail digests", () => {
  it("mails one digest per window, with every unseen mention and reply of it, and links to the room", async () => {
    const { ada, bob, room } = await pair("Launch plan");
    const thread = await mention(ada, room, bob, "can you check the numbers?");
    const reply = await ada.fetch(`/api/rooms/${room}/threads/${thread}/comments`, {
      method: "POST",
      json: { body: `@${bob.user!.name} and the dates`, mentions: [bob.user!.id] },
    });
    expect(reply.status).toBe(201);
    const [first] = await digests(bob.user!.email, 1);
    expect(first!.subject).toBe("2 new comments for you in edge-rooms");
    expect(first!.text).toContain('Ada Digest mentioned you in "Launch plan": @Bob Away can you check the numbers?');
    expect(first!.text).toContain("and the dates");
    expect(first!.links).toContain(`http://rooms.test/rooms/${room}`);
    expect(first!.links).toContain("http://rooms.test/account");
    // The one-click unsubscribe (RFC 8058) travels in the headers, signed for Bob.
    const query = await unsubscribeQuery(await keyRing(env), bob.user!.id);
    expect(first!.headers).toEqual({
      "List-Unsubscribe": `<http://rooms.test/api/mail/unsubscribe?${query}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });

    // The next mention opens the next window: a second mail, with only what is new.
    await mention(ada, room, bob, "one more thing");
    const [second, older] = await digests(bob.user!.email, 2);
    expect(older!.subject).toBe(first!.subject);
    expect(second!.subject).toBe("1 new comment for you in edge-rooms");
    expect(second!.text).toContain("one more thing");
    expect(second!.text).not.toContain("the numbers");
  });

  it("mails being added to a room while away: by the owner's share, and by accepting an invitation once the address is proven", async () => {
    const [ada, bob, cy] = await Promise.all([signUp("Ada Sharing"), signUp("Bob Shared"), signUp("Cy Invited", { verified: false })]);
    const room = await createRoom(ada, { title: "Budget" });
    expect((await share(ada, room, bob.user!.email)).status).toBe(200);
    const [added] = await digests(bob.user!.email, 1);
    expect(added!.subject).toBe("1 new room for you in edge-rooms");
    expect(added!.text).toContain('Ada Sharing shared "Budget" with you');
    expect(added!.links).toEqual([`http://rooms.test/rooms/${room}`, "http://rooms.test/account"]);

    // An address nobody has proven gets its invitation mailed at once: that mail is the
    // invitation, and no window waits for it. Accepting it makes Cy a member: that one is digested.
    expect((await share(ada, room, cy.user!.email)).status).toBe(202);
    const token = tokenOf(await nextMail(cy.user!.email, "/invitation"));
    expect(await windowOpen(cy.user!.id)).toBe(false);
    await verifyEmail(cy);
    const accepted = await cy.fetch("/api/invitations/accept", { method: "POST", json: { token }, headers: { "CF-Connecting-IP": ownNetwork() } });
    expect(accepted.status).toBe(200);
    const [joined] = await digests(cy.user!.email, 1);
    expect(joined!.subject).toBe("1 new room for you in edge-rooms");
    expect(joined!.text).toContain('Ada Sharing shared "Budget" with you');
  });

  it("leaves out what was read before the window closed, and mails nothing when all was", async () => {
    const { ada, bob, room } = await pair("Read in time");
    await mention(ada, room, bob, "seen already");
    expect((await bob.fetch("/api/notifications/read", { method: "POST" })).status).toBe(204);
    await eventually(async () => !(await windowOpen(bob.user!.id)), "the window to close");
    // The next window's mail is the first Bob gets: the read mention was never mailed.
    await mention(ada, room, bob, "not seen");
    const found = await digests(bob.user!.email, 1);
    expect(found).toHaveLength(1);
    expect(found[0]!.text).toContain("not seen");
    expect(found[0]!.text).not.toContain("seen already");
  });

  it("mails nothing to someone with a page open: they see the badge", async () => {
    const { ada, bob, room } = await pair("Online");
    const { exports } = await import("cloudflare:workers");
    const res = await exports.default.fetch("http://rooms.test/api/notifications/socket", {
      headers: { Upgrade: "websocket", ...bob.socketHeaders(), Cookie: bob.cookieHeader("/api") },
    });
    expect(res.status).toBe(101);
    const ws = res.webSocket!;
    ws.accept();
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...args) => void lines.push(args.join(" ")));
    await mention(ada, room, bob, "while online");
    // The consumer's word that it found Bob online is the barrier: only then does he leave.
    await eventually(() => lines.some((l) => l.includes('"event":"digest_skipped"') && l.includes(bob.user!.id)), "the digest to be skipped", 10_000);
    vi.restoreAllMocks();
    ws.close(1000);
    // Gone offline, Bob's next mention is mailed, alone.
    await mention(ada, room, bob, "while away");
    const found = await digests(bob.user!.email, 1);
    expect(found).toHaveLength(1);
    expect(found[0]!.text).toContain("while away");
    expect(found[0]!.text).not.toContain("while online");
  });

  it("opens no window for someone who turned digests off, in the preferences or with the one-click unsubscribe", async () => {
    const { ada, bob, room } = await pair("Quiet");
    expect(await (await bob.fetch("/api/me/preferences")).json()).toEqual({ preferences: { mentionDigests: true } });
    const off = await bob.fetch("/api/me/preferences", { method: "PATCH", json: { mentionDigests: false } });
    expect(await off.json()).toEqual({ preferences: { mentionDigests: false } });
    await mention(ada, room, bob, "quiet please");
    expect(await windowOpen(bob.user!.id)).toBe(false);
    expect(await errorCode(await bob.fetch("/api/me/preferences", { method: "PATCH", json: { mentionDigests: "no" } }))).toBe("bad_request");

    // Back on, the window opens with the next mention; the mail client's POST turns it off and closes it.
    await bob.fetch("/api/me/preferences", { method: "PATCH", json: { mentionDigests: true } });
    await mention(ada, room, bob, "are you there?");
    expect(await windowOpen(bob.user!.id)).toBe(true);
    const query = await unsubscribeQuery(await keyRing(env), bob.user!.id);
    const forged = await unsubscribeQuery(await keyRing(env), ada.user!.id);
    const wrong = `user=${encodeURIComponent(bob.user!.id)}&sig=${new URLSearchParams(forged).get("sig")}`;
    const refused = await fetchUnsubscribe(wrong);
    expect([refused.status, await errorCode(refused)]).toEqual([400, "invalid_token"]);
    expect((await fetchUnsubscribe(query)).status).toBe(204);
    expect(await windowOpen(bob.user!.id)).toBe(false);
    expect(await (await bob.fetch("/api/me/preferences")).json()).toEqual({ preferences: { mentionDigests: false } });
  });
});

/** The POST a mail client makes for `List-Unsubscribe-Post: List-Unsubscribe=One-Click`: no cookie, no Origin. */
async function fetchUnsubscribe(query: string): Promise<Response> {
  const { exports } = await import("cloudflare:workers");
  return exports.default.fetch(`http://rooms.test/api/mail/unsubscribe?${query}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: "List-Unsubscribe=One-Click",
  });
}
