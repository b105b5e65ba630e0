/** External-issuer token lifetimes (src/auth/tokens.ts) and the sign-in lifetime setting, at injected times. */
import { env } from "cloudflare:workers";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { MAX_EXTERNAL_TOKEN_SECONDS, verifyExternalToken } from "../../src/auth/tokens";
import { readSessionMaxAge } from "../../src/config";

const t0 = 1_900_000_000;
const at = (seconds: number) => new Date(seconds * 1000);

function mint(times: { iat?: number; exp: number }): Promise<string> {
  const jwt = new SignJWT({ sub: "u" }).setProtectedHeader({ alg: "HS256" }).setIssuer(env.AUTH_ISSUER!).setAudience("edge-rooms").setExpirationTime(times.exp);
  return (times.iat === undefined ? jwt : jwt.setIssuedAt(times.iat)).sign(new TextEncoder().encode(env.AUTH_ISSUER_SECRET!));
}

describe("external token lifetime", () => {
  it("accepts a token of at most 24 hours until its expiry, and not after", async () => {
    const token = await mint({ iat: t0, exp: t0 + MAX_EXTERNAL_TOKEN_SECONDS });
    await expect(verifyExternalToken(env, token, at(t0 + MAX_EXTERNAL_TOKEN_SECONDS - 1))).resolves.toMatchObject({ sub: "u" });
    await expect(verifyExternalToken(env, token, at(t0 + MAX_EXTERNAL_TOKEN_SECONDS + 1))).rejects.toMatchObject({ code: "ERR_JWT_EXPIRED" });
  });

  it("refuses a token without iat, one minted for longer, and one issued in the future", async () => {
    await expect(verifyExternalToken(env, await mint({ exp: t0 + 60 }), at(t0))).rejects.toMatchObject({
      code: "ERR_JWT_CLAIM_VALIDATION_FAILED",
      claim: "iat",
    });
    await expect(verifyExternalToken(env, await mint({ iat: t0, exp: t0 + MAX_EXTERNAL_TOKEN_SECONDS + 1 }), at(t0 + 10))).rejects.toThrow(/at most 86400 s/);
    await expect(verifyExternalToken(env, await mint({ iat: t0 + 3600, exp: t0 + 7200 }), at(t0))).rejects.toMatchObject({ claim: "iat" });
  });
});

describe("SESSION_MAX_DAYS", () => {
  it("is 90 days unless set, and must be a whole number of days", () => {
    expect(readSessionMaxAge({})).toBe(90 * 24 * 60 * 60 * 1000);
    expect(readSessionMaxAge({ SESSION_MAX_DAYS: "7" })).toBe(7 * 24 * 60 * 60 * 1000);
    for (const bad of ["0", "1.5", "90d"]) expect(() => readSessionMaxAge({ SESSION_MAX_DAYS: bad }), bad).toThrow(/SESSION_MAX_DAYS/);
  });
});
