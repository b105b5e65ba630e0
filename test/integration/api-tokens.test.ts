/**
 * API tokens' life: made by a signed-in person, listed without secrets, used as Bearer,
 * expiring, revoked at once, refused in URLs and never logged (src/api/tokens.ts,
 * src/auth/api-tokens.ts).
 */
import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BUDGETS } from "../../src/api/budgets";
import { LAST_USED_RESOLUTION_MS, MAX_TOKENS_PER_ACCOUNT } from "../../src/domain/api-tokens";
import type { ApiTokenJson } from "../../src/wire/rest";
import { createToken, outcome, withToken } from "./api-token";
import { createRoom, signUp } from "./browser";
import { BASE, eventually, TestClient } from "./client";

const DAY_MS = 24 * 60 * 60 * 1000;

const listed = async (res: Response) => ((await res.json()) as { tokens: ApiTokenJson[] }).tokens;

const sockets: TestClient[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const socket of sockets.splice(0)) socket.close();
});

describe("API tokens", () => {
  it("are created with a secret shown once, listed without it, and revoked at once", async () => {
    const ada = await signUp("Ada");
    const before = Date.now();
    const { token, secret } = await createToken(ada, { name: "  nightly export ", role: "viewer" });
    expect(token).toEqual({
      id: expect.any(String),
      name: "nightly export",
      role: "viewer",
      roomId: null,
      createdAt: expect.any(String),
      expiresAt: expect.any(String),
      lastUsedAt: null,
    });
    // 256 random bits after the id, behind a prefix secret scanners can look for.
    expect(secret).toMatch(new RegExp(`^ert_${token.id}_[A-Za-z0-9_-]{43}$`));
    const lifetime = Date.parse(token.expiresAt) - Date.parse(token.createdAt);
    expect(lifetime).toBe(90 * DAY_MS);
    expect(Date.parse(token.createdAt)).toBeGreaterThanOrEqual(before - 1000);

    const list = await ada.fetch("/api/tokens");
    expect(list.status).toBe(200);
    const text = await list.clone().text();
    expect(text).not.toContain(secret.slice(-43));
    expect(await listed(list)).toEqual([token]);
    // Only its hash is stored.
    const stored = await env.DB.prepare("SELECT * FROM api_tokens WHERE id = ?").bind(token.id).first<Record<string, unknown>>();
    expect(Object.values(stored!)).not.toContain(secret);

    const me = await withToken(secret, "/api/me");
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ user: ada.user });
    const [used] = await listed(await ada.fetch("/api/tokens"));
    expect(used!.lastUsedAt).not.toBeNull();

    expect((await ada.fetch(`/api/tokens/${token.id}`, { method: "DELETE" })).status).toBe(204);
    const after = await withToken(secret, "/api/me");
    expect(after.headers.get("WWW-Authenticate")).toContain("Bearer");
    expect(await after.json()).toEqual({ error: { code: "unauthorized", message: "invalid API token" } });
    expect(after.status).toBe(401);
    expect(await listed(await ada.fetch("/api/tokens"))).toEqual([]);
    // Revoking again, or another person's token, finds nothing.
    expect(await outcome(await ada.fetch(`/api/tokens/${token.id}`, { method: "DELETE" }))).toEqual([404, "not_found"]);
    const other = await createToken(ada, { role: "editor" });
    const eve = await signUp("Eve");
    expect(await outcome(await eve.fetch(`/api/tokens/${other.token.id}`, { method: "DELETE" }))).toEqual([404, "not_found"]);
    expect((await withToken(other.secret, "/api/me")).status).toBe(200);
  });

  it("checks every field: name, role, room, lifetime", async () => {
    const ada = await signUp("Ada");
    const room = await createRoom(ada);
    const bad = async (body: Record<string, unknown>) => {
      const res = await ada.fetch("/api/tokens", { method: "POST", json: { name: "n", role: "viewer", ...body } });
      return [res.status, ((await res.json()) as { error: { message: string } }).error.message];
    };
    expect(await bad({ name: " " })).toEqual([400, "name is required"]);
    expect(await bad({ name: "x".repeat(101) })).toEqual([400, "name must be at most 100 characters"]);
    expect(await bad({ role: "owner" })).toEqual([400, "role must be one of editor, commenter, viewer"]);
    for (const days of [0, 366, 1.5, "30"]) expect(await bad({ expiresInDays: days })).toEqual([400, "expiresInDays must be an integer from 1 to 365"]);
    expect(await bad({ roomId: "no/such" })).toEqual([400, expect.any(String)]);

    const { token } = await createToken(ada, { role: "editor", roomId: room, expiresInDays: 1 });
    expect(token).toMatchObject({ role: "editor", roomId: room });
    expect(Date.parse(token.expiresAt) - Date.parse(token.createdAt)).toBe(DAY_MS);
  });

  it("for a room only from someone who may share it: its owner", async () => {
    const [ada, bob] = await Promise.all([signUp("Ada"), signUp("Bob")]);
    const room = await createRoom(ada);
    await ada.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: bob.user!.email, role: "editor" } });
    const ask = (who: typeof ada, roomId: string) => who.fetch("/api/tokens", { method: "POST", json: { name: "n", role: "viewer", roomId } });
    expect(await outcome(await ask(bob, room))).toEqual([403, "forbidden"]);
    expect(await outcome(await ask(ada, `missing-${crypto.randomUUID()}`))).toEqual([404, "room_not_found"]);
    expect((await ask(ada, room)).status).toBe(201);
  });

  it("expire: a token past its expiry is refused with 401 and the error shape", async () => {
    const ada = await signUp("Ada");
    const { token, secret } = await createToken(ada, { role: "viewer", expiresInDays: 1 });
    expect((await withToken(secret, "/api/rooms")).status).toBe(200);
    await env.DB.prepare("UPDATE api_tokens SET expires_at = ? WHERE id = ?")
      .bind(Date.now() - 1, token.id)
      .run();
    const res = await withToken(secret, "/api/rooms");
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: "unauthorized", message: "this API token has expired: create a new one" } });
    const room = await createRoom(ada);
    const upgrade = await withToken(secret, `/rooms/${room}`, { headers: { Upgrade: "websocket" } });
    expect(await outcome(upgrade)).toEqual([401, "unauthorized"]);
  });

  it("refuse a secret that is altered, or sent in a cookie instead of the header", async () => {
    const ada = await signUp("Ada");
    const { secret } = await createToken(ada, { role: "viewer" });
    const altered = secret.slice(0, -1) + (secret.endsWith("A") ? "B" : "A");
    expect(await outcome(await withToken(altered, "/api/me"))).toEqual([401, "unauthorized"]);
    expect(await outcome(await withToken("ert_not-a-token", "/api/me"))).toEqual([401, "unauthorized"]);
    const viaCookie = await fetchWithCookie(`__Host-er_access=${secret}`, "/api/me");
    expect(await outcome(viaCookie)).toEqual([401, "unauthorized"]);
  });

  it("record their last use at most once a minute", async () => {
    const ada = await signUp("Ada");
    const { token, secret } = await createToken(ada, { role: "viewer" });
    const lastUsed = async () =>
      (await env.DB.prepare("SELECT last_used_at FROM api_tokens WHERE id = ?").bind(token.id).first<{ last_used_at: number }>())!.last_used_at;
    await withToken(secret, "/api/me");
    const first = await lastUsed();
    expect(first).not.toBeNull();
    await withToken(secret, "/api/me");
    expect(await lastUsed()).toBe(first);
    // A minute later the next use is written.
    await env.DB.prepare("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")
      .bind(first - LAST_USED_RESOLUTION_MS, token.id)
      .run();
    await withToken(secret, "/api/me");
    expect(await lastUsed()).toBeGreaterThanOrEqual(first);
  });

  it("cannot make or manage tokens themselves", async () => {
    const ada = await signUp("Ada");
    const { token, secret } = await createToken(ada, { role: "editor" });
    expect(await outcome(await withToken(secret, "/api/tokens", { method: "POST", json: { name: "n", role: "editor" } }))).toEqual([403, "forbidden"]);
    expect(await outcome(await withToken(secret, "/api/tokens"))).toEqual([403, "forbidden"]);
    expect(await outcome(await withToken(secret, `/api/tokens/${token.id}`, { method: "DELETE" }))).toEqual([403, "forbidden"]);
    expect(await listed(await ada.fetch("/api/tokens"))).toHaveLength(1);
  });

  it("are budgeted per account, and an account holds a bounded number", async () => {
    const ada = await signUp("Ada");
    const { allowed } = BUDGETS.tokens;
    const responses = await Promise.all(
      Array.from({ length: allowed + 1 }, () => ada.fetch("/api/tokens", { method: "POST", json: { name: "n", role: "viewer" } })),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([...Array(allowed).fill(201), 429]);
    expect(await listed(await ada.fetch("/api/tokens"))).toHaveLength(allowed);

    const bob = await signUp("Bob");
    const now = Date.now();
    await env.DB.batch(
      Array.from({ length: MAX_TOKENS_PER_ACCOUNT }, (_, i) =>
        env.DB.prepare("INSERT INTO api_tokens (id, user_id, name, role, secret_hash, created_at, expires_at) VALUES (?, ?, 'n', 'viewer', 'h', ?, ?)").bind(
          crypto.randomUUID(),
          bob.user!.id,
          now,
          // One of them has expired and does not count.
          i === 0 ? now - 1 : now + DAY_MS,
        ),
      ),
    );
    expect((await bob.fetch("/api/tokens", { method: "POST", json: { name: "n", role: "viewer" } })).status).toBe(201);
    expect(await outcome(await bob.fetch("/api/tokens", { method: "POST", json: { name: "n", role: "viewer" } }))).toEqual([409, "too_many_tokens"]);
  });

  it("are refused in URLs, and never reach the logs", async () => {
    const lines: string[] = [];
    for (const level of ["log", "warn", "error"] as const) vi.spyOn(console, level).mockImplementation((line: unknown) => void lines.push(String(line)));
    const ada = await signUp("Ada");
    const room = await createRoom(ada);
    const { token, secret } = await createToken(ada, { role: "editor", roomId: room });
    const inQuery = await ada.fetch(`/api/rooms?access=${secret}`);
    expect(await outcome(inQuery)).toEqual([400, "bad_request"]);
    const upgrade = await fetchWithCookie("", `/rooms/${room}?token=${secret}`, { Upgrade: "websocket" });
    expect(await outcome(upgrade)).toEqual([400, "bad_request"]);
    const anyToken = await fetchWithCookie("", `/rooms/${room}?token=abc`, { Upgrade: "websocket" });
    expect(await outcome(anyToken)).toEqual([400, "bad_request"]);

    // Used, refused, used on a socket whose room logs its close, revoked.
    expect((await withToken(secret, `/api/rooms/${room}`)).status).toBe(200);
    expect((await withToken(`${secret}x`, `/api/rooms/${room}`)).status).toBe(401);
    const socket = await TestClient.synced(room, { headers: { Authorization: `Bearer ${secret}` } });
    sockets.push(socket);
    expect((await ada.fetch(`/api/tokens/${token.id}`, { method: "DELETE" })).status).toBe(204);
    await socket.until(() => socket.closed !== undefined, "the revoked token's socket to close");
    await eventually(() => lines.some((l) => l.includes('"socket_close"')), "the room to log the close");
    expect(lines.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l).event)).toEqual(
      expect.arrayContaining(["api_token_created", "api_token_revoked", "socket_closed_by_room", "socket_close"]),
    );
    const secretPart = secret.slice(-43);
    expect(lines.filter((l) => l.includes(secretPart))).toEqual([]);
  });
});

/** A request with a raw Cookie header and no Authorization. */
function fetchWithCookie(cookie: string, path: string, headers: Record<string, string> = {}) {
  return exports.default.fetch(new Request(`${BASE}${path}`, { headers: { ...(cookie ? { Cookie: cookie } : {}), ...headers } }));
}
