/**
 * API token secrets: their shape, how a presented one is verified, and the rule that they
 * never travel in URLs. A secret is `ert_<token id>_<43 base64url characters>` (256 random
 * bits); the id finds the row, and the SHA-256 of the whole secret is compared with the
 * stored one in constant time. A hash is enough for secrets of this entropy: nobody can
 * guess one from it, and checking it costs no more than a row lookup.
 */
import { createMiddleware } from "hono/factory";
import { API_TOKEN_PREFIX, LAST_USED_RESOLUTION_MS } from "../domain/api-tokens";
import type { AppEnv, Session } from "../env";
import { ApiError } from "../errors";
import { findTokenForAuth, touchToken } from "../storage/api-tokens";
import { randomToken, sha256 } from "./encoding";

const SECRET = /^ert_([0-9a-f-]{36})_([A-Za-z0-9_-]{43})$/;

/** Whether a presented credential is one of our API token secrets (rather than a JWT). */
export const isApiTokenSecret = (credential: string) => credential.startsWith(API_TOKEN_PREFIX);

/** A new secret for the token `id` (a UUID), and the hash to store. */
export async function newTokenSecret(id: string): Promise<{ secret: string; hash: string }> {
  const secret = `${API_TOKEN_PREFIX}${id}_${randomToken(32)}`;
  return { secret, hash: await sha256(secret) };
}

/**
 * What a token's sockets carry as their session, so that revoking the token closes them the
 * way logout closes a session's (`endSessions` in the room). Never a real session id: those
 * are bare UUIDs.
 */
export const tokenSessionKey = (tokenId: string) => `api-token:${tokenId}`;

function refused(message: string): ApiError {
  return new ApiError("unauthorized", message, { headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' } });
}

async function sameHash(secret: string, storedHash: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const [actual, wanted] = [encoder.encode(await sha256(secret)), encoder.encode(storedHash)];
  return actual.byteLength === wanted.byteLength && crypto.subtle.timingSafeEqual(actual, wanted);
}

/**
 * The session of a presented API token secret, acting for its owner within the token's
 * scope; `401` for a malformed, unknown, revoked (deleted) or expired one. Records the use
 * at most once a minute.
 */
export async function authenticateApiToken(db: D1Database, secret: string, now = Date.now()): Promise<Session> {
  const id = SECRET.exec(secret)?.[1];
  const row = id === undefined ? null : await findTokenForAuth(db, id);
  // One answer for a malformed, unknown or wrong secret: none of them tells anything.
  if (row === null || !(await sameHash(secret, row.secret_hash))) throw refused("invalid API token");
  if (row.expires_at <= now) throw refused("this API token has expired: create a new one");
  if (row.last_used_at === null || now - row.last_used_at >= LAST_USED_RESOLUTION_MS) await touchToken(db, row.id, now, LAST_USED_RESOLUTION_MS);
  return {
    user: { id: row.user_id, name: row.user_name, email: row.user_email },
    expiresAt: Math.floor(row.expires_at / 1000),
    grants: {},
    apiToken: { id: row.id, role: row.role, roomId: row.room_id },
  };
}

/** Query parameters that clients put tokens in when they cannot send headers (browser WebSockets). */
const TOKEN_PARAMS = ["token", "access_token"];

/**
 * Refuses (`400`) a request with an API token secret in its URL, and a room socket URL with a
 * `?token=`: URLs end up in logs, histories and Referer headers, so a secret there is leaked
 * (its owner should revoke it), and accepting one would teach clients to send it.
 */
export const refuseSecretsInUrl = createMiddleware<AppEnv>(async (c, next) => {
  const url = new URL(c.req.url);
  const socketPath = url.pathname.startsWith("/rooms/");
  for (const [name, value] of url.searchParams) {
    if (value.startsWith(API_TOKEN_PREFIX) || (socketPath && TOKEN_PARAMS.includes(name))) {
      throw new ApiError("bad_request", "API tokens go in the Authorization header, never in a URL: revoke a token that was sent in one");
    }
  }
  await next();
});
