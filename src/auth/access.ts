/**
 * The single seam that decides who opens a room socket and with which role (the roles and
 * their rules are src/domain/rooms.ts). The room trusts only what `authorizeRoom` returns:
 * the Worker replaces any client-supplied copy of the access header before forwarding.
 */
import type { Context } from "hono";
import { roleThroughToken } from "../domain/api-tokens";
import { type AccessPolicy, type MemberRole, type Role, resolveRole } from "../domain/rooms";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { roomObjectName } from "../objects";
import { findRoomForUser, type RoomRow } from "../storage/rooms";
import { tokenSessionKey } from "./api-tokens";
import { assertSameSite } from "./origin";
import { readSession } from "./session";

export interface RoomAccess {
  /** The room id as the client named it (for logs). */
  room: string;
  user: { id: string; name: string };
  role: Role;
  /** When the caller's token expires (seconds since epoch): the socket is closed then. */
  expiresAt: number;
  /**
   * Our session the token was issued for, or the API token's key (tokenSessionKey): its
   * sockets close when it ends (logout, revocation).
   */
  session?: string;
  /** An API token's role: the room re-resolves the user's role no higher than this (applyPolicy). */
  cap?: MemberRole;
}

/** Who may open the socket, and which Durable Object serves it. */
export interface Admission {
  access: RoomAccess;
  objectName: string;
  /** Which life of the room id this is (our rooms; an external app's have none). */
  incarnation?: string;
}

/** Longest display name that travels with a socket (its attachment is capped at 2 KiB). */
const MAX_NAME = 100;

/**
 * Decides the caller's access to `roomId` for a socket, or throws: 403 for a foreign origin,
 * 401 without a valid token, 404 for a room that does not exist, 403 without a role.
 * A token with an external grant for `roomId` opens that app's room with the granted role.
 */
export async function authorizeRoom(c: Context<AppEnv>, roomId: string): Promise<Admission> {
  assertSameSite(c.req.raw, c.env);
  const session = await readSession(c);
  if (session === null) throw new ApiError("unauthorized", "sign in first");
  const user = { id: session.user.id, name: session.user.name.slice(0, MAX_NAME) };
  const grant = Object.hasOwn(session.grants, roomId) ? session.grants[roomId] : undefined;
  if (grant !== undefined) {
    return { access: { room: roomId, user, role: grant, expiresAt: session.expiresAt }, objectName: roomObjectName(roomId, "external") };
  }
  const room = await findRoomForUser(c.env.DB, roomId, session.user.id);
  if (room === null || room.deleting_at !== null) throw new ApiError("room_not_found", "no such room");
  const token = session.apiToken;
  const role = roleThroughToken(resolveRole(policyOf(room, session.user.id), session.user.id), token, room.id);
  if (role === null) throw new ApiError("forbidden", "you have no access to this room");
  const ending = token === undefined ? { session: session.sessionId } : { session: tokenSessionKey(token.id), cap: token.role };
  return {
    access: { room: roomId, user, role, expiresAt: session.expiresAt, ...ending },
    objectName: roomObjectName(roomId, "ours"),
    incarnation: room.incarnation,
  };
}

/** The policy as far as one user's row tells it (their membership only). */
export function policyOf(room: Pick<RoomRow, "owner_id" | "general_access"> & { member_role: MemberRole | null }, userId: string): AccessPolicy {
  return { ownerId: room.owner_id, generalAccess: room.general_access, members: room.member_role ? { [userId]: room.member_role } : {} };
}
