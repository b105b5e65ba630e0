/** The proof of a fresh sign-in with an identity provider (src/auth/reauth.ts): for one account, 10 minutes, never an access token. */
import { describe, expect, it } from "vitest";
import type { KeyRing } from "../../src/auth/keys";
import { authIsFresh, checkReauth, REAUTH_MAX_AUTH_AGE_SECONDS, REAUTH_TTL_SECONDS, signReauth } from "../../src/auth/reauth";
import { signAccessToken } from "../../src/auth/tokens";

const ring = (...secrets: string[]): KeyRing => {
  const keys = secrets.map((s) => ({ kid: s.slice(0, 4), key: new TextEncoder().encode(s) }));
  return { current: keys[0]!, byKid: new Map(keys.map((k) => [k.kid, k.key])) };
};
const old = ring("old1-0123456789abcdefghijklmnopqrstuvwxyz");
const rotated = ring("new1-0123456789abcdefghijklmnopqrstuvwxyz", "old1-0123456789abcdefghijklmnopqrstuvwxyz");
const other = ring("othr-0123456789abcdefghijklmnopqrstuvwxyz");
const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);

describe("the reauthentication proof", () => {
  it("holds for its account for 10 minutes, across a key rotation", async () => {
    const proof = await signReauth(old, "u1", NOW);
    expect(await checkReauth(old, proof, "u1", NOW)).toBe(true);
    expect(await checkReauth(rotated, proof, "u1", NOW + (REAUTH_TTL_SECONDS - 1) * 1000)).toBe(true);
    expect(await checkReauth(old, proof, "u1", NOW + REAUTH_TTL_SECONDS * 1000)).toBe(false);
  });

  it("proves nothing for another account, under another key, mangled, missing, or as an access token", async () => {
    const proof = await signReauth(old, "u1", NOW);
    expect(await checkReauth(old, proof, "u2", NOW)).toBe(false);
    expect(await checkReauth(other, proof, "u1", NOW)).toBe(false);
    expect(await checkReauth(old, `${proof.slice(0, -2)}AA`, "u1", NOW)).toBe(false);
    expect(await checkReauth(old, undefined, "u1", NOW)).toBe(false);
    const { token } = await signAccessToken(old, { sub: "u1", name: "U", email: "u@example.com", sid: "s1" }, NOW);
    expect(await checkReauth(old, token, "u1", NOW)).toBe(false);
  });

  it("takes an ID token's auth_time as fresh only within 5 minutes, and never a missing one", () => {
    const seconds = NOW / 1000;
    expect(authIsFresh(seconds - 10, NOW)).toBe(true);
    expect(authIsFresh(seconds - REAUTH_MAX_AUTH_AGE_SECONDS, NOW)).toBe(true);
    expect(authIsFresh(seconds - REAUTH_MAX_AUTH_AGE_SECONDS - 1, NOW)).toBe(false);
    expect(authIsFresh(seconds + 30, NOW)).toBe(true);
    expect(authIsFresh(seconds + 3600, NOW)).toBe(false);
    expect(authIsFresh(null, NOW)).toBe(false);
  });
});
