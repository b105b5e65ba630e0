/**
 * `DELETE /api/me { password }`: deleting one's account (docs/api.md, "Deleting an account"),
 * confirmed by the password, or for an account without one by a sign-in again with its
 * identity provider (`confirmIdentity`).
 * Every room it owns is deleted for everyone, with its files, versions and comments (a room
 * has one owner; the page lists them and asks first); its memberships, sessions, API tokens
 * and linked identities end, and its open sockets close; what it wrote in other people's rooms
 * stays, without its name.
 */
import { Hono } from "hono";
import { clearReauthCookie, clearSessionCookies } from "../auth/cookies";
import { requireSession } from "../auth/session";
import type { AppEnv } from "../env";
import { logEvent } from "../log";
import { deleteAccount, revokeUserSessions } from "../storage/accounts";
import { listTokens } from "../storage/api-tokens";
import { roomsOwnedBy } from "../storage/rooms";
import { accountOf, confirmIdentity } from "./account";
import { destroyRoom } from "./room-deletion";
import { deleteAccountBody } from "./schemas/auth";
import { closeTokenSockets, closeUserSockets } from "./session-sockets";
import { jsonBody } from "./validate";

export const accountDeletion = new Hono<AppEnv>().delete("/", requireSession, jsonBody(deleteAccountBody), async (c) => {
  const account = await accountOf(c);
  await confirmIdentity(c, account, c.req.valid("json").password);
  const now = Date.now();
  // Signed out everywhere first, so nothing new starts while the rest goes.
  await revokeUserSessions(c.env.DB, account.id, now);
  await closeUserSockets(c.env, account.id, now);
  const tokens = await listTokens(c.env.DB, account.id);
  await Promise.all(tokens.map((token) => closeTokenSockets(c.env, token)));
  // One room after another: should one fail, the account stays (signed out) and deleting it
  // again finishes the job.
  const rooms = await roomsOwnedBy(c.env.DB, account.id);
  for (const room of rooms) await destroyRoom(c.env, room, now);
  await deleteAccount(c.env.DB, account.id);
  logEvent("info", "account_deleted", { user: account.id, rooms: rooms.length });
  clearSessionCookies(c);
  clearReauthCookie(c);
  return c.body(null, 204);
});
