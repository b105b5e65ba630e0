import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { keyRing } from "../../src/auth/keys";
import { signAccessToken, verifyAccessToken } from "../../src/auth/tokens";

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
