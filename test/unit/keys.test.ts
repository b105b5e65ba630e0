import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { atLeast, resolveRole } from "../../src/auth/access";
import { keyRing } from "../../src/auth/keys";
import { isCrossSite } from "../../src/auth/origin";
import { hashPassword, verifyPassword } from "../../src/auth/password";
import { decideAttempt, PER_EMAIL } from "../../src/auth/throttle";
import { signAccessToken, verifyAccessToken } from "../../src/auth/tokens";

describe("resolveRole", () => {
  const policy = { ownerId: "o", generalAccess: "none" as const, members: { e: "editor" as const, v: "viewer" as const } };
  it("takes the most permissive of owner, member and link access, and never a prototype's property", () => {
    expect(resolveRole(policy, "o")).toBe("owner");
    expect(resolveRole(policy, "e")).toBe("editor");
    expect(resolveRole(policy, "v")).toBe("viewer");
    expect(resolveRole(policy, "x")).toBeNull();
    expect(resolveRole({ ...policy, generalAccess: "editor" }, "v")).toBe("editor");
    expect(resolveRole({ ...policy, generalAccess: "viewer" }, "x")).toBe("viewer");
    for (const id of ["constructor", "toString", "__proto__", "hasOwnProperty"]) expect(resolveRole(policy, id)).toBeNull();
  });
  it("orders roles", () => {
    expect(atLeast("owner", "editor")).toBe(true);
    expect(atLeast("viewer", "editor")).toBe(false);
    expect(atLeast(null, "viewer")).toBe(false);
  });
});

describe("isCrossSite", () => {
  const url = "https://rooms.example/api/rooms";
  const h = (init: Record<string, string>) => new Headers(init);
  it("allows the same origin, listed origins and non-browser clients", () => {
    expect(isCrossSite(h({ Origin: "https://rooms.example" }), url, [])).toBe(false);
    expect(isCrossSite(h({ Origin: "https://app.example" }), url, ["https://app.example"])).toBe(false);
    expect(isCrossSite(h({}), url, [])).toBe(false);
    expect(isCrossSite(h({ "Sec-Fetch-Site": "same-origin" }), url, [])).toBe(false);
  });
  it("refuses foreign origins and cross-site fetches without Origin", () => {
    expect(isCrossSite(h({ Origin: "https://evil.example" }), url, [])).toBe(true);
    expect(isCrossSite(h({ Origin: "null" }), url, [])).toBe(true);
    expect(isCrossSite(h({ Origin: "http://rooms.example" }), url, [])).toBe(true);
    expect(isCrossSite(h({ "Sec-Fetch-Site": "cross-site" }), url, [])).toBe(true);
    expect(isCrossSite(h({ "Sec-Fetch-Site": "same-site" }), url, [])).toBe(true);
  });
});

describe("throttle policy", () => {
  const t0 = 1_000_000;
  const counted = (failures: number, lockedUntil = 0) => ({ failures, firstAt: t0, lockedUntil });

  it("lets the allowed attempts through, then locks with a doubling, capped delay", () => {
    for (let n = 1; n <= PER_EMAIL.allowed; n++) expect(decideAttempt(counted(n), t0, PER_EMAIL).retryAfter).toBe(0);
    expect(decideAttempt(counted(6), t0, PER_EMAIL)).toEqual({ lockedUntil: t0 + 30_000, retryAfter: 30 });
    expect(decideAttempt(counted(7), t0, PER_EMAIL).retryAfter).toBe(60);
    expect(decideAttempt(counted(40), t0, PER_EMAIL).retryAfter).toBe(15 * 60);
  });

  it("keeps an existing lock, and lets attempts through once it has passed", () => {
    expect(decideAttempt(counted(2, t0 + 5_000), t0, PER_EMAIL)).toEqual({ lockedUntil: t0 + 5_000, retryAfter: 5 });
    expect(decideAttempt(counted(3, t0 - 1), t0, PER_EMAIL).retryAfter).toBe(0);
  });
});

describe("passwords", () => {
  it("hashes with a per-user salt and verifies only the right password", async () => {
    const [a, b] = [await hashPassword("correct horse battery"), await hashPassword("correct horse battery")];
    expect(a).not.toBe(b);
    expect(a).toMatch(/^pbkdf2-sha256\$100000\$/);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse batterY", a)).toBe(false);
    expect(await verifyPassword("x", "garbage")).toBe(false);
  });
});

describe("signing keys", () => {
  const secret = (s: string) => s.padEnd(40, "x");

  it("verifies tokens of the previous key during a rotation, and not of unknown keys", async () => {
    const old = await keyRing({ ...env, JWT_SECRET: secret("old") });
    const rotated = await keyRing({ ...env, JWT_SECRET: secret("new"), JWT_SECRET_PREVIOUS: secret("old") });
    const stranger = await keyRing({ ...env, JWT_SECRET: secret("other") });
    const claims = { sub: "u", name: "U", email: "u@example.com", sid: "s" };
    const { token } = await signAccessToken(old, claims);
    await expect(verifyAccessToken(rotated, token)).resolves.toMatchObject({ sub: "u" });
    await expect(verifyAccessToken(stranger, token)).rejects.toThrow();
    const fresh = await signAccessToken(rotated, claims);
    expect(JSON.parse(atob(fresh.token.split(".")[0]!)).kid).toBe(rotated.current.kid);
  });

  it("refuses to sign in production with a missing, short or development secret", async () => {
    for (const JWT_SECRET of [undefined, "short", `dev-${"a".repeat(40)}`]) {
      await expect(keyRing({ ...env, ENVIRONMENT: "production", JWT_SECRET })).rejects.toMatchObject({ code: "misconfigured" });
    }
    await expect(keyRing({ ...env, ENVIRONMENT: "development", JWT_SECRET: `dev-${"a".repeat(40)}` })).resolves.toBeDefined();
  });

  it("answers signup with 500 misconfigured, and writes nothing, when the secret is missing", async () => {
    const email = `nosecret-${crypto.randomUUID().slice(0, 6)}@example.com`;
    const res = await app.fetch(
      new Request("http://rooms.test/api/auth/signup", {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: "http://rooms.test" },
        body: JSON.stringify({ email, password: "correct horse battery", name: "N" }),
      }),
      { ...env, ENVIRONMENT: "production", JWT_SECRET: undefined },
    );
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: "misconfigured", message: expect.any(String) } });
    const row = await env.DB.prepare("SELECT id FROM users WHERE email = ?").bind(email).first();
    expect(row).toBeNull();
  });
});
