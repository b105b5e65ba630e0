/** A sign-in over time: refresh-token rotation and reuse, its absolute lifetime, logout, and access expiry on an open socket. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ACCESS_COOKIE, REFRESH_COOKIE } from "../../src/auth/cookies";
import { keyRing } from "../../src/auth/keys";
import { signAccessToken } from "../../src/auth/tokens";
import { DEFAULT_ACCESS_TTL_SECONDS as ACCESS_TTL_SECONDS } from "../../src/config";
import { Browser, createRoom, errorCode, PASSWORD, signUp } from "./browser";
import { clientsClosedAfterEach, TestClient } from "./client";

const { join } = clientsClosedAfterEach();

describe("sessions", () => {
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
    // The same person on a fresh token. (It also keeps a socket open after the room closed the
    // expired one: the Workers pool's teardown can stall when a room closes a file's last socket.)
    const fresh = await join(room, { headers: user.socketHeaders() });
    await socket.until(() => socket.closed !== undefined, "the expiry close", 6_000);
    expect(socket.closed).toEqual({ code: 4401, reason: "session expired" });
    await fresh.roundTrip();
    expect(fresh.closed).toBeUndefined();
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
