import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { decodeJwt, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { ACCESS_COOKIE, REFRESH_COOKIE } from "../../src/auth/cookies";
import { keyRing } from "../../src/auth/keys";
import { signAccessToken } from "../../src/auth/tokens";
import { DEFAULT_ACCESS_TTL_SECONDS as ACCESS_TTL_SECONDS } from "../../src/config";
import type { Room } from "../../src/room/room";
import { Browser, createRoom, signUp } from "./browser";
import { BASE, clientsClosedAfterEach, stubOf, TestClient } from "./client";

const { join } = clientsClosedAfterEach();
const uniqueEmail = () => `u-${crypto.randomUUID().slice(0, 8)}@example.com`;
const PASSWORD = "correct horse battery";

async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

/** Tries a socket upgrade and returns the HTTP status (101 on success). */
async function upgradeStatus(room: string, headers: Record<string, string>): Promise<number> {
  const { exports } = await import("cloudflare:workers");
  const res = await exports.default.fetch(`${BASE}/rooms/${room}`, { headers: { Upgrade: "websocket", ...headers } });
  if (res.webSocket) {
    res.webSocket.accept();
    res.webSocket.close(1000);
  }
  return res.status;
}

describe("signup, login, refresh, logout", () => {
  it("round-trips a whole session with HttpOnly cookies scoped as documented", async () => {
    const browser = new Browser();
    const email = uniqueEmail();
    const signup = await browser.fetch("/api/auth/signup", { method: "POST", json: { email, password: PASSWORD, name: "Ada" } });
    expect(signup.status).toBe(201);
    expect(await signup.json()).toMatchObject({ user: { email, name: "Ada", id: expect.any(String) } });
    const cookies = signup.headers.getSetCookie();
    const access = cookies.find((c) => c.startsWith(`${ACCESS_COOKIE}=`))!;
    const refresh = cookies.find((c) => c.startsWith(`${REFRESH_COOKIE}=`))!;
    expect(access).toMatch(/HttpOnly/);
    expect(access).toMatch(/Secure/);
    expect(access).toMatch(/SameSite=Lax/);
    expect(access).toMatch(/Path=\/(;|$)/);
    expect(access).toMatch(new RegExp(`Max-Age=${ACCESS_TTL_SECONDS}`));
    // The token lives exactly as long as its cookie.
    const claims = decodeJwt(browser.cookies.get(ACCESS_COOKIE)!.value);
    expect(claims.exp! - claims.iat!).toBe(ACCESS_TTL_SECONDS);
    expect(refresh).toMatch(/HttpOnly/);
    expect(refresh).toMatch(/SameSite=Strict/);
    expect(refresh).toMatch(/Path=\/api\/auth/);
    // The refresh token is stored only as a hash.
    const token = browser.cookies.get(REFRESH_COOKIE)!.value;
    const stored = await env.DB.prepare("SELECT COUNT(*) AS n FROM sessions WHERE refresh_hash = ?").bind(token).first<{ n: number }>();
    expect(stored!.n).toBe(0);

    expect((await browser.fetch("/api/me")).status).toBe(200);
    const refreshed = await browser.fetch("/api/auth/refresh", { method: "POST" });
    expect(refreshed.status).toBe(200);
    expect(browser.cookies.get(REFRESH_COOKIE)!.value).not.toBe(token);
    expect(await (await browser.fetch("/api/me")).json()).toMatchObject({ user: { email } });

    const logout = await browser.fetch("/api/auth/logout", { method: "POST" });
    expect(logout.status).toBe(204);
    expect(browser.cookies.size).toBe(0);

    const login = await browser.fetch("/api/auth/login", { method: "POST", json: { email: email.toUpperCase(), password: PASSWORD } });
    expect(login.status).toBe(200);
    expect((await browser.fetch("/api/me")).status).toBe(200);
  });

  it("refuses a taken email, a bad email, a short password, and non-JSON bodies", async () => {
    const browser = new Browser();
    const email = uniqueEmail();
    const signup = (json: unknown) => browser.fetch("/api/auth/signup", { method: "POST", json });
    expect((await signup({ email, password: PASSWORD, name: "A" })).status).toBe(201);
    const taken = await signup({ email: email.toUpperCase(), password: PASSWORD, name: "B" });
    expect([taken.status, await errorCode(taken)]).toEqual([409, "email_taken"]);
    expect((await signup({ email: "not-an-email", password: PASSWORD, name: "C" })).status).toBe(400);
    const short = await signup({ email: uniqueEmail(), password: "123456789", name: "D" });
    expect([short.status, await errorCode(short)]).toEqual([400, "bad_request"]);
    const text = await browser.fetch("/api/auth/signup", { method: "POST", headers: { "Content-Type": "text/plain" } });
    expect(text.status).toBe(415);
    const broken = await browser.fetch("/api/auth/signup", { method: "POST", headers: { "Content-Type": "application/json" } });
    expect([broken.status, await errorCode(broken)]).toEqual([400, "invalid_json"]);
  });

  it("answers a wrong password and an unknown email the same way", async () => {
    const user = await signUp("Same Answer");
    const browser = new Browser();
    const wrong = await browser.fetch("/api/auth/login", { method: "POST", json: { email: user.user!.email, password: "wrong password!" } });
    const unknown = await browser.fetch("/api/auth/login", { method: "POST", json: { email: uniqueEmail(), password: PASSWORD } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    expect(browser.cookies.size).toBe(0);
  });

  it("throttles repeated failures for one email with 429 and Retry-After, even with the right password", async () => {
    const user = await signUp("Throttled");
    const email = user.user!.email;
    const attempt = (password: string) =>
      new Browser().fetch("/api/auth/login", { method: "POST", json: { email, password }, headers: { "CF-Connecting-IP": "203.0.113.9" } });
    for (let i = 0; i < 5; i++) expect((await attempt("wrong password!")).status).toBe(401);
    const locked = await attempt(PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await errorCode(locked)).toBe("too_many_requests");
  });

  it("counts parallel guesses too: only the allowed number is ever checked", async () => {
    const user = await signUp("Parallel target");
    const guesses = await Promise.all(
      Array.from({ length: 30 }, () =>
        new Browser().fetch("/api/auth/login", {
          method: "POST",
          json: { email: user.user!.email, password: "wrong password!" },
          headers: { "CF-Connecting-IP": "198.51.100.7" },
        }),
      ),
    );
    const statuses = guesses.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25);
  });

  it("throttles the guessing source, not the account: the owner signs in from elsewhere while the guesser waits", async () => {
    const bob = await signUp("Bob");
    const email = bob.user!.email;
    const from = (address: string, password: string) =>
      new Browser().fetch("/api/auth/login", { method: "POST", json: { email, password }, headers: { "CF-Connecting-IP": address } });
    for (let i = 0; i < 5; i++) expect((await from("203.0.113.66", "wrong password!")).status).toBe(401);
    // The guesser is refused, even with the right password, and told how long to wait...
    for (const password of ["wrong password!", PASSWORD]) {
      const refused = await from("203.0.113.66", password);
      expect([refused.status, await errorCode(refused)]).toEqual([429, "too_many_requests"]);
      expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    }
    // ...while Bob, from his own address, gets in; and so does he from another IPv6 network.
    expect((await from("198.51.100.23", PASSWORD)).status).toBe(200);
    expect((await from("2001:db8:1:2::5", PASSWORD)).status).toBe(200);
    const still = await from("203.0.113.66", "wrong password!");
    expect(still.status).toBe(429);
    expect(Number(still.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("keys IPv6 clients by their /64, so one subscriber's many addresses are one source", async () => {
    const user = await signUp("Six");
    const guess = (i: number) =>
      new Browser().fetch("/api/auth/login", {
        method: "POST",
        json: { email: user.user!.email, password: "wrong password!" },
        headers: { "CF-Connecting-IP": `2001:db8:aa:bb::${(i + 1).toString(16)}` },
      });
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await guess(i)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  it("bounds guesses per account from many sources at once: parallel guesses cannot outrun the budget", async () => {
    const user = await signUp("Distributed target");
    // 120 networks, one guess each, all at once: each source is within its own allowance,
    // but the account checks at most 100 passwords in the window.
    const guesses = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        new Browser().fetch("/api/auth/login", {
          method: "POST",
          json: { email: user.user!.email, password: "wrong password!" },
          headers: { "CF-Connecting-IP": `10.${i >> 8}.${i & 255}.7` },
        }),
      ),
    );
    const statuses = guesses.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(100);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    // Over the account's budget, the right password waits too: this is the price of a bound.
    const owner = await new Browser().fetch("/api/auth/login", {
      method: "POST",
      json: { email: user.user!.email, password: PASSWORD },
      headers: { "CF-Connecting-IP": "192.0.2.200" },
    });
    expect(owner.status).toBe(429);
    expect(Number(owner.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("does not lock a shared address out because its users sign in successfully", async () => {
    const users = await Promise.all(Array.from({ length: 25 }, (_, i) => signUp(`Office ${i}`)));
    for (const u of users) {
      const res = await new Browser().fetch("/api/auth/login", {
        method: "POST",
        json: { email: u.user!.email, password: PASSWORD },
        headers: { "CF-Connecting-IP": "192.0.2.44" },
      });
      expect(res.status).toBe(200);
    }
  });

  it("revokes the whole family when a rotated refresh token is presented again", async () => {
    const browser = await signUp("Victim");
    const stolen = browser.cookies.get(REFRESH_COOKIE)!.value;
    expect((await browser.fetch("/api/auth/refresh", { method: "POST" })).status).toBe(200);
    // The thief replays the old token: refused, and the victim's newer session ends too.
    const thief = new Browser();
    thief.cookies.set(REFRESH_COOKIE, { value: stolen, path: "/api/auth" });
    const replay = await thief.fetch("/api/auth/refresh", { method: "POST" });
    expect([replay.status, await errorCode(replay)]).toEqual([401, "unauthorized"]);
    expect((await browser.fetch("/api/auth/refresh", { method: "POST" })).status).toBe(401);
    expect((await browser.fetch("/api/me")).status).toBe(401);
  });

  it("ends a sign-in 90 days after it began, however often it was refreshed", async () => {
    const browser = await signUp("Ninety days");
    const DAY = 24 * 60 * 60 * 1000;
    // Time is injected by moving the sign-in (every session row of this user) into the past.
    const age = (ms: number) => env.DB.prepare("UPDATE sessions SET created_at = created_at - ? WHERE user_id = ?").bind(ms, browser.user!.id).run();
    await age(89 * DAY);
    expect((await browser.fetch("/api/auth/refresh", { method: "POST" })).status).toBe(200);
    expect((await browser.fetch("/api/auth/refresh", { method: "POST" })).status).toBe(200);
    await age(DAY);
    const ended = await browser.fetch("/api/auth/refresh", { method: "POST" });
    expect([ended.status, await errorCode(ended)]).toEqual([401, "unauthorized"]);
    expect(browser.cookies.size).toBe(0);
    // Signing in again starts a new sign-in with its own 90 days.
    const login = await browser.fetch("/api/auth/login", { method: "POST", json: { email: browser.user!.email, password: PASSWORD } });
    expect(login.status).toBe(200);
    expect((await browser.fetch("/api/auth/refresh", { method: "POST" })).status).toBe(200);
  });

  it("lets exactly one of two concurrent refreshes with the same token win, and then ends the family", async () => {
    const browser = await signUp("Racer");
    const token = browser.cookies.get(REFRESH_COOKIE)!.value;
    const twins = [new Browser(), new Browser()];
    for (const twin of twins) twin.cookies.set(REFRESH_COOKIE, { value: token, path: "/api/auth" });
    const statuses = (await Promise.all(twins.map((t) => t.fetch("/api/auth/refresh", { method: "POST" })))).map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 401]);
    // The loser's reuse report revoked the family, the winner's fresh session included.
    const winner = twins.find((t) => t.cookies.has(ACCESS_COOKIE))!;
    expect((await winner.fetch("/api/me")).status).toBe(401);
    expect((await winner.fetch("/api/auth/refresh", { method: "POST" })).status).toBe(401);
  });

  it("ends the session on logout: the old access cookie no longer works", async () => {
    const browser = await signUp("Leaver");
    const access = browser.cookies.get(ACCESS_COOKIE)!.value;
    await browser.fetch("/api/auth/logout", { method: "POST" });
    const replay = await new Browser().fetch("/api/me", { headers: { Cookie: `${ACCESS_COOKIE}=${access}` } });
    expect(replay.status).toBe(401);
  });
});

describe("bad tokens, on HTTP and on the socket upgrade", () => {
  async function forgeries() {
    const browser = await signUp("Forged");
    const good = browser.cookies.get(ACCESS_COOKIE)!.value;
    const [header, payload, signature] = good.split(".") as [string, string, string];
    const claims = JSON.parse(atob(payload.replaceAll("-", "+").replaceAll("_", "/")));
    const b64 = (o: unknown) => btoa(JSON.stringify(o)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
    const ring = await keyRing(env);
    const sid = claims.sid as string;
    const base = { sub: claims.sub, name: "Forged", email: claims.email, sid };
    return {
      browser,
      tokens: {
        "alg none": `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`,
        "a wrong key": await new SignJWT({ ...claims })
          .setProtectedHeader({ alg: "HS256", kid: ring.current.kid })
          .sign(new TextEncoder().encode("x".repeat(40))),
        expired: (await signAccessToken(ring, base, Date.now() - (ACCESS_TTL_SECONDS + 60) * 1000)).token,
        tampered: `${header}.${b64({ ...claims, sub: "someone-else" })}.${signature}`,
        garbage: "not.a.token",
      } as Record<string, string>,
    };
  }

  it("answers each with 401 on HTTP", async () => {
    const { tokens } = await forgeries();
    for (const [name, token] of Object.entries(tokens)) {
      const viaCookie = await new Browser().fetch("/api/me", { headers: { Cookie: `${ACCESS_COOKIE}=${token}` } });
      const viaBearer = await new Browser().fetch("/api/me", { headers: { Authorization: `Bearer ${token}` } });
      expect([name, viaCookie.status, viaBearer.status]).toEqual([name, 401, 401]);
    }
    expect((await new Browser().fetch("/api/me")).status).toBe(401);
  });

  it("refuses each at the socket upgrade with 401, and a missing token too", async () => {
    const { browser, tokens } = await forgeries();
    const room = await createRoom(browser);
    expect(await upgradeStatus(room, browser.socketHeaders())).toBe(101);
    for (const [name, token] of Object.entries(tokens)) {
      expect([name, await upgradeStatus(room, { Cookie: `${ACCESS_COOKIE}=${token}` })]).toEqual([name, 401]);
    }
    expect(await upgradeStatus(room, {})).toBe(401);
  });
});

describe("origins", () => {
  it("refuses state-changing requests from a foreign origin with 403", async () => {
    const browser = await signUp("Origin");
    const evil = await browser.fetch("/api/rooms", { method: "POST", json: {}, headers: { Origin: "https://evil.example" } });
    expect([evil.status, await errorCode(evil)]).toEqual([403, "forbidden_origin"]);
    // No Origin header, but the browser says the request is cross-site.
    const { exports } = await import("cloudflare:workers");
    const crossSite = await exports.default.fetch(`${BASE}/api/auth/logout`, {
      method: "POST",
      headers: { "Sec-Fetch-Site": "cross-site", Cookie: browser.cookieHeader("/api/auth/logout") },
    });
    expect(crossSite.status).toBe(403);
    // A non-browser client (no Origin, no Sec-Fetch-Site) is not a CSRF vector.
    const cli = await exports.default.fetch(`${BASE}/api/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: browser.user!.email, password: PASSWORD }),
    });
    expect(cli.status).toBe(200);
    expect((await browser.fetch("/api/rooms", { method: "POST", json: {} })).status).toBe(201);
  });

  it("refuses a cross-site WebSocket upgrade that carries the victim's cookies", async () => {
    const browser = await signUp("Hijack");
    const room = await createRoom(browser);
    expect(await upgradeStatus(room, { ...browser.socketHeaders(), Origin: "https://evil.example" })).toBe(403);
  });
});

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

  it("closes a socket with 4401 when its access token expires", async () => {
    const user = await signUp("Expiring");
    const room = await createRoom(user);
    const good = user.cookies.get(ACCESS_COOKIE)!.value;
    const claims = JSON.parse(atob(good.split(".")[1]!.replaceAll("-", "+").replaceAll("_", "/")));
    // A token issued almost 15 minutes ago: two seconds left.
    const { token } = await signAccessToken(
      await keyRing(env),
      { sub: claims.sub, name: claims.name, email: claims.email, sid: claims.sid },
      Date.now() - (ACCESS_TTL_SECONDS - 2) * 1000,
    );
    const socket = await TestClient.synced(room, { headers: { Cookie: `${ACCESS_COOKIE}=${token}` } });
    await socket.until(() => socket.closed !== undefined, "the expiry close", 6_000);
    expect(socket.closed).toEqual({ code: 4401, reason: "session expired" });
  });
});

describe("external issuer tokens", () => {
  const hs256 = (claims: Record<string, unknown>, { issuer = "https://app.example", audience = "edge-rooms", secret = env.AUTH_ISSUER_SECRET! } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode(secret));

  it("accepts an HS256 token as Bearer and honours its room grants", async () => {
    const token = await hs256({ sub: "user-42", name: "App User", rooms: { "app-room": "editor", "app-doc": "viewer" } });
    const me = await new Browser().fetch("/api/me", { headers: { Authorization: `Bearer ${token}` } });
    expect(await me.json()).toEqual({ user: { id: "ext:user-42", name: "App User" } });
    expect(await upgradeStatus("app-room", { Authorization: `Bearer ${token}` })).toBe(101);
    expect(await upgradeStatus("other-room", { Authorization: `Bearer ${token}` })).toBe(404);

    const writer = await join("app-room", { headers: { Authorization: `Bearer ${token}` } });
    const reader = await join("app-doc", { headers: { Authorization: `Bearer ${token}` } });
    writer.type("from the app");
    reader.type("viewer edit");
    await writer.roundTrip();
    await reader.roundTrip();
    const stored = async (room: string) =>
      runInDurableObject(stubOf(`ext:${room}`), (_i: Room, s) => s.storage.sql.exec("SELECT COUNT(*) AS n FROM log").one().n);
    expect(await stored("app-room")).toBe(1);
    expect(await stored("app-doc")).toBe(0);
  });

  it("keeps an app's rooms apart from ours: creating our room with the same id takes nothing over", async () => {
    const token = await hs256({ sub: "user-7", rooms: { "team-42": "editor" } });
    const appUser = await join("team-42", { headers: { Authorization: `Bearer ${token}` } });
    appUser.type("the app's secret plans");
    await appUser.roundTrip();
    const attacker = await signUp("Squatter");
    await createRoom(attacker, { id: "team-42" });
    const squatter = await join("team-42", { headers: attacker.socketHeaders() });
    expect(squatter.text).toBe("");
    squatter.type("defaced");
    await squatter.roundTrip();
    const again = await join("team-42", { headers: { Authorization: `Bearer ${token}` } });
    expect(again.text).toBe("the app's secret plans");
  });

  it("grants nothing for room ids that are Object.prototype property names", async () => {
    const owner = await signUp("Proto owner");
    const prying = await signUp("Proto prier");
    for (const id of ["constructor", "toString", "valueOf"]) {
      await createRoom(owner, { id });
      expect(await upgradeStatus(id, prying.socketHeaders())).toBe(403);
      expect((await prying.fetch(`/api/rooms/${id}`)).status).toBe(403);
      const token = await hs256({ sub: "proto", rooms: {} });
      expect(await upgradeStatus(id, { Authorization: `Bearer ${token}` })).toBe(403);
    }
  });

  it("accepts tokens signed with any key of the configured JWK set, and no other", async () => {
    const es256 = async (jwk: JWK & { kid: string }, kid = jwk.kid) =>
      new SignJWT({ sub: "jwks-user", rooms: { "jwks-room": "editor" } })
        .setProtectedHeader({ alg: "ES256", kid })
        .setIssuer("https://app.example")
        .setAudience("edge-rooms")
        .setIssuedAt()
        .setExpirationTime("5m")
        .sign(await importJWK(jwk, "ES256"));
    const current = JSON.parse(env.TEST_ISSUER_PRIVATE_JWK);
    const next = JSON.parse(env.TEST_ISSUER_NEXT_PRIVATE_JWK);
    // During the issuer's rotation both keys are in the set: tokens of either verify.
    for (const jwk of [current, next]) {
      expect(await upgradeStatus("jwks-room", { Authorization: `Bearer ${await es256(jwk)}` })).toBe(101);
    }
    const { privateKey } = await generateKeyPair("ES256", { extractable: true });
    const stranger = { ...(await exportJWK(privateKey)), kid: "app-key-1" };
    expect(await upgradeStatus("jwks-room", { Authorization: `Bearer ${await es256(stranger)}` })).toBe(401);
    expect(await upgradeStatus("jwks-room", { Authorization: `Bearer ${await es256(next, "unknown-kid")}` })).toBe(401);
  });

  it("refuses external tokens without iat, living longer than 24 hours, or issued in the future", async () => {
    const now = Math.floor(Date.now() / 1000);
    const mint = (times: { iat?: number; exp: number }) => {
      const jwt = new SignJWT({ sub: "lifetime", rooms: { "long-room": "editor" } })
        .setProtectedHeader({ alg: "HS256" })
        .setIssuer("https://app.example")
        .setAudience("edge-rooms")
        .setExpirationTime(times.exp);
      return (times.iat === undefined ? jwt : jwt.setIssuedAt(times.iat)).sign(new TextEncoder().encode(env.AUTH_ISSUER_SECRET!));
    };
    const me = async (token: string) => (await new Browser().fetch("/api/me", { headers: { Authorization: `Bearer ${token}` } })).status;
    expect(await me(await mint({ iat: now, exp: now + 24 * 3600 }))).toBe(200);
    expect(await me(await mint({ exp: now + 300 }))).toBe(401);
    expect(await me(await mint({ iat: now, exp: now + 24 * 3600 + 1 }))).toBe(401);
    expect(await me(await mint({ iat: now - 60, exp: now + 365 * 24 * 3600 }))).toBe(401);
    expect(await me(await mint({ iat: now + 3600, exp: now + 7200 }))).toBe(401);
    expect(await upgradeStatus("long-room", { Authorization: `Bearer ${await mint({ iat: now, exp: now + 30 * 24 * 3600 })}` })).toBe(401);
  });

  it("refuses an issuer secret under 32 characters with 500 misconfigured, as for our own", async () => {
    const { app } = await import("../../src/app");
    const secret = "too-short-issuer-secret";
    const token = await hs256({ sub: "weak" }, { secret });
    for (const ENVIRONMENT of ["production", "development"]) {
      const res = await app.fetch(new Request(`${BASE}/api/me`, { headers: { Authorization: `Bearer ${token}` } }), {
        ...env,
        ENVIRONMENT,
        AUTH_ISSUER_SECRET: secret,
      });
      expect(res.status, ENVIRONMENT).toBe(500);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("misconfigured");
    }
  });

  it("refuses external tokens with the wrong issuer, audience or key", async () => {
    const claims = { sub: "x", rooms: { r1: "editor" } };
    const wrongIssuer = await hs256(claims, { issuer: "https://evil.example" });
    const wrongAudience = await hs256(claims, { audience: "someone-else" });
    const wrongKey = await hs256(claims, { secret: "y".repeat(40) });
    for (const token of [wrongIssuer, wrongAudience, wrongKey]) {
      expect(await upgradeStatus("r1", { Authorization: `Bearer ${token}` })).toBe(401);
    }
  });
});

describe("server faults are not token problems", () => {
  it("answers 500 internal, not 401, when D1 fails while checking a valid session", async () => {
    const { app } = await import("../../src/app");
    const user = await signUp("Outage");
    const down = () => {
      throw new Error("D1 is down");
    };
    const failingDb = new Proxy(env.DB, { get: (target, prop) => (prop === "prepare" ? down : Reflect.get(target, prop)) });
    const res = await app.fetch(new Request(`${BASE}/api/me`, { headers: { Cookie: user.cookieHeader("/api/me") } }), { ...env, DB: failingDb });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: "internal", message: "internal error" } });
  });

  it("answers 500, not 401, when the external issuer's JWK set is malformed", async () => {
    const { app } = await import("../../src/app");
    const token = await new SignJWT({ sub: "x" })
      .setProtectedHeader({ alg: "ES256" })
      .setIssuer("https://app.example")
      .setAudience("edge-rooms")
      .setExpirationTime("5m")
      .sign(await importJWK(JSON.parse(env.TEST_ISSUER_PRIVATE_JWK), "ES256"));
    const res = await app.fetch(new Request(`${BASE}/api/me`, { headers: { Authorization: `Bearer ${token}` } }), {
      ...env,
      AUTH_ISSUER_JWKS: "{not json",
    });
    expect(res.status).toBe(500);
  });
});
