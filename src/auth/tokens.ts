/**
 * Access tokens: our own (HS256, signed with the key ring) and, when configured, tokens
 * minted by an application's backend (an external issuer). Verification always pins the
 * algorithms, issuer and audience; callers branch on jose error codes, never messages.
 */
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, type JWTPayload, jwtVerify, SignJWT } from "jose";
import { DEFAULT_ACCESS_TTL_SECONDS } from "../config";
import { isMemberRole, type Role } from "../domain/rooms";
import type { Env } from "../env";
import { checkSecret, type KeyRing } from "./keys";

export const ISSUER = "edge-rooms";
export const AUDIENCE = "edge-rooms";

export interface AccessClaims {
  sub: string;
  name: string;
  email: string;
  /** The session (refresh-token row) this token was issued for. */
  sid: string;
}

/** Signs an access token that lives `ttlSeconds` (ACCESS_TOKEN_TTL_SECONDS, see config.ts). */
export async function signAccessToken(
  ring: KeyRing,
  claims: AccessClaims,
  now = Date.now(),
  ttlSeconds = DEFAULT_ACCESS_TTL_SECONDS,
): Promise<{ token: string; exp: number }> {
  const iat = Math.floor(now / 1000);
  const exp = iat + ttlSeconds;
  const token = await new SignJWT({ name: claims.name, email: claims.email, sid: claims.sid })
    .setProtectedHeader({ alg: "HS256", kid: ring.current.kid, typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(ring.current.key);
  return { token, exp };
}

export async function verifyAccessToken(ring: KeyRing, token: string, now = new Date()): Promise<AccessClaims & { exp: number }> {
  const { payload } = await jwtVerify(
    token,
    (header) => {
      const key = header.kid === undefined ? undefined : ring.byKid.get(header.kid);
      if (!key) throw new TokenError("unknown key id");
      return key;
    },
    { algorithms: ["HS256"], issuer: ISSUER, audience: AUDIENCE, requiredClaims: ["sub", "exp", "sid"], currentDate: now },
  );
  const { sub, exp, name, email, sid } = payload;
  if (typeof name !== "string" || typeof email !== "string" || typeof sid !== "string") throw new TokenError("missing claims");
  return { sub: sub!, exp: exp!, name, email, sid };
}

/** What an application's backend may put in a token it mints for its users. */
export interface ExternalClaims {
  sub: string;
  name: string;
  /** Per-room grants: room id → role. */
  rooms: Record<string, Exclude<Role, "owner">>;
  exp: number;
}

export function externalIssuerConfigured(env: Env): boolean {
  return Boolean(env.AUTH_ISSUER_SECRET || env.AUTH_ISSUER_JWKS);
}

/** Whether a token claims to be ours (routing only; verification decides). */
export function claimsOurIssuer(token: string): boolean {
  try {
    return decodeJwt(token).iss === ISSUER;
  } catch {
    return false;
  }
}

/**
 * The longest an external token may live (`exp - iat`), and so the longest a stolen one
 * works: they cannot be revoked (docs/security.md), so a token minted for a year is refused.
 */
export const MAX_EXTERNAL_TOKEN_SECONDS = 24 * 60 * 60;

const ASYMMETRIC = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];

export async function verifyExternalToken(env: Env, token: string, now = new Date()): Promise<ExternalClaims> {
  const options = {
    issuer: env.AUTH_ISSUER || "external",
    audience: env.AUTH_AUDIENCE || AUDIENCE,
    requiredClaims: ["sub", "exp", "iat"],
    // Also refuses an `iat` in the future, which would stretch the token's life past exp - iat.
    maxTokenAge: MAX_EXTERNAL_TOKEN_SECONDS,
    currentDate: now,
  };
  let payload: JWTPayload;
  let header;
  try {
    header = decodeProtectedHeader(token);
  } catch (err) {
    throw new TokenError("malformed token", { cause: err });
  }
  if (header.alg === "HS256" && env.AUTH_ISSUER_SECRET) {
    const secret = checkSecret("AUTH_ISSUER_SECRET", env.AUTH_ISSUER_SECRET, env);
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), { ...options, algorithms: ["HS256"] }));
  } else if (env.AUTH_ISSUER_JWKS) {
    const jwks = createLocalJWKSet(JSON.parse(env.AUTH_ISSUER_JWKS));
    ({ payload } = await jwtVerify(token, jwks, { ...options, algorithms: ASYMMETRIC }));
  } else {
    throw new TokenError("no key for this token's algorithm");
  }
  if (payload.exp! - payload.iat! > MAX_EXTERNAL_TOKEN_SECONDS) throw new TokenError(`tokens may live at most ${MAX_EXTERNAL_TOKEN_SECONDS} s (exp - iat)`);
  return { sub: payload.sub!, exp: payload.exp!, name: typeof payload.name === "string" ? payload.name : payload.sub!, rooms: readGrants(payload.rooms) };
}

function readGrants(raw: unknown): ExternalClaims["rooms"] {
  if (raw === undefined) return {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new TokenError("rooms must be an object");
  // No prototype: a room named "constructor" must not find Object.prototype's.
  const grants: ExternalClaims["rooms"] = Object.create(null);
  for (const [room, role] of Object.entries(raw)) {
    if (!isMemberRole(role)) throw new TokenError(`invalid role for room ${room}`);
    grants[room] = role;
  }
  return grants;
}

/** A token that is well-signed but unusable to us. */
export class TokenError extends Error {
  override readonly name = "TokenError";
}
