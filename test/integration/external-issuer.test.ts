/** Tokens from an application's own issuer (HS256 with a shared secret, or ES256 from a JWK set): what they grant and what is refused. */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import type { Room } from "../../src/room/room";
import { Browser, createRoom, signUp, upgradeStatus } from "./browser";
import { BASE, clientsClosedAfterEach, stubOf } from "./client";

const { join } = clientsClosedAfterEach();

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
