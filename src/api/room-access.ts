/** What every `/api/rooms/:id/...` route starts with: the room, the caller's role, its object. */
import type { Context } from "hono";
import { type AccessPolicy, atLeast, policyOf, resolveRole, type Role, roomObjectName } from "../auth/access";
import type { AppEnv, Env } from "../env";
import { ApiError } from "../errors";
import { findRoomForUser, memberRoles, type RoomRow } from "../storage/rooms";
import { parseRoomId } from "./room-id";

export const stubOf = (env: Env, roomId: string) => env.ROOM.get(env.ROOM.idFromName(roomObjectName(roomId, "ours")));

/**
 * The room and the caller's role in it; 404 if it does not exist (or is being deleted,
 * unless `deleting` allows a retry of the deletion), 403 below `needed`.
 */
export async function loadRoom(c: Context<AppEnv>, needed: Role, { deleting = false } = {}) {
  const id = parseRoomId(c.req.param("id") ?? "");
  const { user } = c.var.session;
  const room = await findRoomForUser(c.env.DB, id, user.id);
  if (!room || (room.deleting_at !== null && !deleting)) throw new ApiError("room_not_found", "no such room");
  const role = resolveRole(policyOf(room, user.id), user.id);
  if (role === null) throw new ApiError("forbidden", "you have no access to this room");
  if (!atLeast(role, needed)) throw new ApiError("forbidden", `this needs the ${needed} role`);
  return { room, role };
}

/** The room's whole access policy as it stands: its owner, its members, what its link grants. */
export async function policyNow(db: D1Database, room: RoomRow): Promise<AccessPolicy> {
  return { ownerId: room.owner_id, generalAccess: room.general_access, members: await memberRoles(db, room.id) };
}
