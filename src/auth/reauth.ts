/**
 * A fresh proof of identity for an account without a password (made by an identity provider):
 * its owner signed in with the provider again moments ago, the provider asked for their
 * credentials (`prompt=login`, `max_age=0`) and said so in the ID token (`auth_time`). It is
 * what such an account gives instead of its password to change its address or to delete
 * itself (api/account.ts, `confirmIdentity`). A JWT (HS256 with the key ring, audience
 * "edge-rooms reauth", so it is never taken for an access token nor one for it) for one
 * account, in the `__Host-er_reauth` cookie (auth/cookies.ts) for 10 minutes.
 */
import { jwtVerify, SignJWT } from "jose";
import type { KeyRing } from "./keys";
import { ISSUER } from "./tokens";

const AUDIENCE = "edge-rooms reauth";
/** How long the proof lasts: time to confirm the change the person came to make. */
export const REAUTH_TTL_SECONDS = 10 * 60;
/** The most the provider's `auth_time` may lie behind the callback: it asked for credentials just now, not earlier. */
export const REAUTH_MAX_AUTH_AGE_SECONDS = 5 * 60;

/** Whether an ID token's `auth_time` (seconds; null when the provider sent none) proves a sign-in just now. */
export function authIsFresh(authTime: number | null, now: number): boolean {
  if (authTime === null) return false;
  const age = now / 1000 - authTime;
  // A little ahead is a clock a second or two fast; far ahead is nonsense.
  return age >= -60 && age <= REAUTH_MAX_AUTH_AGE_SECONDS;
}

/** The proof for `userId`, made at `now`. */
export async function signReauth(ring: KeyRing, userId: string, now: number): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256", kid: ring.current.kid, typ: "JWT" })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + REAUTH_TTL_SECONDS)
    .sign(ring.current.key);
}

/** Whether `token` is an unexpired proof for `userId` under a key of the ring. */
export async function checkReauth(ring: KeyRing, token: string | undefined, userId: string, now: number): Promise<boolean> {
  if (token === undefined) return false;
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const key = header.kid === undefined ? undefined : ring.byKid.get(header.kid);
        if (!key) throw new Error("unknown key id");
        return key;
      },
      { algorithms: ["HS256"], issuer: ISSUER, audience: AUDIENCE, subject: userId, requiredClaims: ["sub", "exp"], currentDate: new Date(now) },
    );
    return payload.sub === userId;
  } catch {
    return false;
  }
}
