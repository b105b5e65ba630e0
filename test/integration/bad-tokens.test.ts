/** Access tokens that are not ours (forged, expired, tampered) get 401 on HTTP and at the socket upgrade; a server fault while checking one is a 500, not a 401. */
import { env } from "cloudflare:workers";
import { importJWK, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { ACCESS_COOKIE } from "../../src/auth/cookies";
import { keyRing } from "../../src/auth/keys";
import { signAccessToken } from "../../src/auth/tokens";
import { DEFAULT_ACCESS_TTL_SECONDS as ACCESS_TTL_SECONDS } from "../../src/config";
import { Browser, createRoom, signUp, upgradeStatus } from "./browser";
import { BASE } from "./client";

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
