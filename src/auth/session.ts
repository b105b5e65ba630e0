/**
 * Who is calling: from our access cookie, or from `Authorization: Bearer` (our token, an API
 * token, or, when configured, an external issuer's). Any token that is present but unusable
 * is a 401: a client with a stale cookie learns to refresh instead of being treated as
 * anonymous.
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { errors as joseErrors } from "jose";
import type { AppEnv, Session } from "../env";
import { ApiError } from "../errors";
import { isSessionRevoked } from "../storage/accounts";
import { authenticateApiToken, isApiTokenSecret } from "./api-tokens";
import { readAccessCookie } from "./cookies";
import { keyRing } from "./keys";
import { claimsOurIssuer, externalIssuerConfigured, TokenError, verifyAccessToken, verifyExternalToken } from "./tokens";

/** Prefix of user ids from an external issuer, so they never collide with our own. */
export const EXTERNAL_USER_PREFIX = "ext:";

/** The credential of `Authorization: Bearer <credential>`; undefined without the header. */
export function bearerCredential(headers: Headers): string | undefined {
  const header = headers.get("Authorization");
  if (header === null) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiError("unauthorized", "Authorization must be 'Bearer <token>'");
  return match[1];
}

/** The caller's session, null when no token was presented, or a 401 for a bad token. */
export async function readSession(c: Context<AppEnv>): Promise<Session | null> {
  const bearer = bearerCredential(c.req.raw.headers);
  // API tokens come in the header only: one in the cookie is not a JWT and fails below.
  if (bearer !== undefined && isApiTokenSecret(bearer)) return authenticateApiToken(c.env.DB, bearer);
  const token = bearer ?? readAccessCookie(c);
  if (token === undefined) return null;
  const ring = await keyRing(c.env);
  try {
    if (claimsOurIssuer(token) || !externalIssuerConfigured(c.env)) {
      const claims = await verifyAccessToken(ring, token);
      if (await isSessionRevoked(c.env.DB, claims.sid)) throw new ApiError("unauthorized", "this session has ended: sign in again");
      return { user: { id: claims.sub, name: claims.name, email: claims.email }, expiresAt: claims.exp, sessionId: claims.sid, grants: {} };
    }
    const claims = await verifyExternalToken(c.env, token);
    return { user: { id: EXTERNAL_USER_PREFIX + claims.sub, name: claims.name }, expiresAt: claims.exp, grants: claims.rooms };
  } catch (err) {
    // Only a token that does not verify is the client's problem; anything else (D1 down,
    // a malformed AUTH_ISSUER_JWKS) is ours and must surface as a 500, not a refresh loop.
    if (!(err instanceof joseErrors.JOSEError || err instanceof TokenError)) throw err;
    // jose's codes (ERR_JWT_EXPIRED, ERR_JWS_SIGNATURE_VERIFICATION_FAILED, ...) all mean the
    // same to the client: this token does not work, refresh or sign in.
    const expired = (err as { code?: string }).code === "ERR_JWT_EXPIRED";
    throw new ApiError("unauthorized", expired ? "the access token has expired: refresh the session" : "invalid access token", { cause: err });
  }
}

/** Requires a session; sets `c.var.session`. */
export const requireSession = createMiddleware<AppEnv>(async (c, next) => {
  const session = await readSession(c);
  if (session === null) throw new ApiError("unauthorized", "sign in first");
  c.set("session", session);
  await next();
});

/**
 * After `requireSession`: refuses (`403`) a request made with a room's API token, for routes
 * about the whole account (its inbox, its rooms list is filtered instead).
 */
export const refuseRoomTokens = createMiddleware<AppEnv>(async (c, next) => {
  if (c.var.session.apiToken?.roomId != null) throw new ApiError("forbidden", "a room's API token acts only in its room");
  await next();
});

/**
 * Requires a person signed in with one of our sessions, not an API token (which cannot
 * manage tokens) nor an external issuer's user (who has no account here); sets `c.var.session`.
 */
export const requireSignedInPerson = createMiddleware<AppEnv>(async (c, next) => {
  const session = await readSession(c);
  if (session === null) throw new ApiError("unauthorized", "sign in first");
  if (session.apiToken !== undefined) throw new ApiError("forbidden", "API tokens cannot manage API tokens: sign in");
  if (session.sessionId === undefined) throw new ApiError("forbidden", "only accounts of this server have API tokens");
  c.set("session", session);
  await next();
});
