/**
 * Budgets of the actions that cost others something (src/api/budgets.ts): past each one the
 * request is refused with 429 and Retry-After, and nothing of it is stored. Requests go in
 * parallel, so the count is shown to be atomic too.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { BUDGETS } from "../../src/api/budgets";
import { encodePosition } from "../../src/document/anchor";
import { Browser, createRoom, ownNetwork, signUp } from "./browser";

const anchor = () => {
  const t = new Y.Doc().getText("t");
  t.insert(0, "text");
  return { start: encodePosition(Y.createRelativePositionFromTypeIndex(t, 0)), end: encodePosition(Y.createRelativePositionFromTypeIndex(t, 4, -1)) };
};

/** The one refusal among `responses`, checked to be a 429 with a Retry-After within the window; the rest succeeded. */
async function oneRefused(responses: Response[], success: number, windowMs: number): Promise<number> {
  const refused = responses.map((r, i) => [r, i] as const).filter(([r]) => r.status !== success);
  expect(refused.map(([r]) => r.status)).toEqual([429]);
  const [res, index] = refused[0]!;
  expect(await res.json()).toMatchObject({ error: { code: "too_many_requests" } });
  const wait = Number(res.headers.get("Retry-After"));
  expect(wait).toBeGreaterThan(0);
  expect(wait).toBeLessThanOrEqual(windowMs / 1000);
  return index;
}

describe("budgets", () => {
  it("sign-ups: per client network; the refused account is not created, another network still signs up", async () => {
    const network = ownNetwork();
    const { allowed, windowMs } = BUDGETS.signup;
    const emails = Array.from({ length: allowed + 1 }, (_, i) => `budget-${i}-${crypto.randomUUID().slice(0, 8)}@example.com`);
    const responses = await Promise.all(
      emails.map((email) =>
        new Browser().fetch("/api/auth/signup", {
          method: "POST",
          json: { email, name: "N", password: "correct horse battery" },
          headers: { "CF-Connecting-IP": network },
        }),
      ),
    );
    const refused = await oneRefused(responses, 201, windowMs);
    expect(await env.DB.prepare("SELECT id FROM users WHERE email = ?").bind(emails[refused]).first()).toBeNull();
    expect((await signUp("Another network")).user).toBeDefined();
  });

  it("rooms: per account; the refused room does not exist", async () => {
    const owner = await signUp("Room spammer");
    const { allowed, windowMs } = BUDGETS.rooms;
    const ids = Array.from({ length: allowed + 1 }, () => `budget-${crypto.randomUUID()}`);
    const responses = await Promise.all(ids.map((id) => owner.fetch("/api/rooms", { method: "POST", json: { id } })));
    const refused = await oneRefused(responses, 201, windowMs);
    expect((await owner.fetch(`/api/rooms/${ids[refused]}`)).status).toBe(404);
    expect(((await (await owner.fetch("/api/rooms")).json()) as { rooms: unknown[] }).rooms).toHaveLength(allowed);
  });

  it("threads and comments share one budget per account; the refused comment is not stored", async () => {
    const [owner, spammer] = await Promise.all([signUp("Comment owner"), signUp("Comment spammer")]);
    const room = await createRoom(owner);
    await owner.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: spammer.user!.email, role: "commenter" } });
    const { allowed, windowMs } = BUDGETS.comments;
    const created = await spammer.fetch(`/api/rooms/${room}/threads`, { method: "POST", json: { anchor: anchor(), quote: "q", body: "first" } });
    expect(created.status).toBe(201);
    const { thread } = (await created.json()) as { thread: { id: string } };
    const bodies = Array.from({ length: allowed }, (_, i) => `reply ${i}`);
    const responses = await Promise.all(
      bodies.map((body) => spammer.fetch(`/api/rooms/${room}/threads/${thread.id}/comments`, { method: "POST", json: { body } })),
    );
    const refused = await oneRefused(responses, 201, windowMs);
    const stored = (await (await owner.fetch(`/api/rooms/${room}/threads/${thread.id}`)).json()) as { thread: { comments: Array<{ body: string }> } };
    expect(stored.thread.comments).toHaveLength(allowed);
    expect(stored.thread.comments.map((c) => c.body)).not.toContain(bodies[refused]);
    // A new thread is refused too, and the owner, on a budget of their own, still comments.
    const another = await spammer.fetch(`/api/rooms/${room}/threads`, { method: "POST", json: { anchor: anchor(), quote: "q", body: "more" } });
    expect(another.status).toBe(429);
    expect((await owner.fetch(`/api/rooms/${room}/threads/${thread.id}/comments`, { method: "POST", json: { body: "enough" } })).status).toBe(201);
  });

  it("member changes: additions, role changes and removals per account; the refused change is not made", async () => {
    const [owner, bob] = await Promise.all([signUp("Member owner"), signUp("Member Bob")]);
    const room = await createRoom(owner);
    const { allowed, windowMs } = BUDGETS.members;
    const put = (role: string) => owner.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: bob.user!.email, role } });
    const responses = await Promise.all(Array.from({ length: allowed + 1 }, () => put("viewer")));
    await oneRefused(responses, 200, windowMs);
    expect((await put("editor")).status).toBe(429);
    const removal = await owner.fetch(`/api/rooms/${room}/members/${bob.user!.id}`, { method: "DELETE" });
    expect(removal.status).toBe(429);
    const { members } = (await (await owner.fetch(`/api/rooms/${room}/members`)).json()) as { members: Array<{ user: { id: string }; role: string }> };
    expect(members.find((m) => m.user.id === bob.user!.id)?.role).toBe("viewer");
  });

  it("webhook registrations: per account across rooms; the refused endpoint is not stored", async () => {
    const owner = await signUp("Webhook owner");
    const { allowed, windowMs } = BUDGETS.webhooks;
    // A room takes at most 10 endpoints: spread the registrations over enough rooms.
    const rooms = await Promise.all(Array.from({ length: Math.ceil((allowed + 1) / 10) }, () => createRoom(owner)));
    const targets = Array.from({ length: allowed + 1 }, (_, i) => rooms[Math.floor(i / 10)]!);
    const responses = await Promise.all(
      targets.map((room) =>
        owner.fetch(`/api/rooms/${room}/webhooks`, {
          method: "POST",
          json: { url: `https://hooks.example.com/${crypto.randomUUID()}`, events: ["member.added"] },
        }),
      ),
    );
    await oneRefused(responses, 201, windowMs);
    const counts = await Promise.all(
      rooms.map(async (room) => ((await (await owner.fetch(`/api/rooms/${room}/webhooks`)).json()) as { webhooks: unknown[] }).webhooks.length),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(allowed);
  });
});
