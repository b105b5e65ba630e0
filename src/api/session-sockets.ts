/**
 * Ending a sign-in (logout, a refresh token presented twice, a password reset or change) or
 * revoking an API token closes its open sockets at once, instead of leaving them open until
 * their token expires: the connection history names the rooms where the user has sockets,
 * and each room closes those of the ended sessions with 4401 (the client's refresh then
 * fails, and it shows the user signed out; a program's token is refused at its next upgrade).
 */
import { tokenSessionKey } from "../auth/api-tokens";
import { readAccessTtl } from "../config";
import type { Env } from "../env";
import { logEvent } from "../log";
import { roomObject, roomObjectName } from "../objects";
import { recentSessionsOfFamily, recentSessionsOfUser } from "../storage/accounts";
import type { TokenRow } from "../storage/api-tokens";
import { roomsWithOpenSockets } from "../storage/connections";

/** A socket is closed when its token expires; this margin covers clocks and a slow close record. */
const MARGIN_MS = 60_000;

/** Closes the open sockets of every session of the sign-in `sessionId` belongs to. Never throws. */
export function closeSessionSockets(env: Env, ended: { sessionId: string; userId: string }, now: number): Promise<void> {
  return closeSockets(env, ended.userId, now, (since) => recentSessionsOfFamily(env.DB, ended.sessionId, since));
}

/** Closes the open sockets of every session of the account (a password reset or change). Never throws. */
export function closeUserSockets(env: Env, userId: string, now: number): Promise<void> {
  return closeSockets(env, userId, now, (since) => recentSessionsOfUser(env.DB, userId, since));
}

async function closeSockets(env: Env, userId: string, now: number, endedSessions: (since: number) => Promise<string[]>): Promise<void> {
  try {
    // Only sockets opened within one access token lifetime can still be open.
    const since = now - readAccessTtl(env) * 1000 - MARGIN_MS;
    const [sessions, rooms] = await Promise.all([endedSessions(since), roomsWithOpenSockets(env.DB, userId, since)]);
    if (sessions.length === 0) return;
    await endInRooms(env, rooms, sessions, userId);
  } catch (err) {
    // The sign-in has ended all the same: its sockets close at their token's expiry.
    logEvent("warn", "session_sockets_not_closed", { user: userId, error: String(err) });
  }
}

/** Closes the open sockets of a revoked API token: in its room, or wherever its owner has sockets. Never throws. */
export async function closeTokenSockets(env: Env, token: Pick<TokenRow, "id" | "user_id" | "room_id" | "created_at">): Promise<void> {
  try {
    const rooms =
      token.room_id !== null ? [roomObjectName(token.room_id, "ours")] : await roomsWithOpenSockets(env.DB, token.user_id, token.created_at - MARGIN_MS);
    await endInRooms(env, rooms, [tokenSessionKey(token.id)], token.user_id);
  } catch (err) {
    // The token is refused all the same: its sockets close at its expiry.
    logEvent("warn", "session_sockets_not_closed", { user: token.user_id, error: String(err) });
  }
}

/** Has each room (an object name) close the sockets of `sessions`; logs the rooms that cannot be told. */
async function endInRooms(env: Env, rooms: string[], sessions: string[], userId: string): Promise<void> {
  const results = await Promise.allSettled(rooms.map((room) => roomObject(env, room).endSessions(sessions)));
  for (const result of results) {
    if (result.status === "rejected") logEvent("warn", "session_sockets_not_closed", { user: userId, error: String(result.reason) });
  }
}
