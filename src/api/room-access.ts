/** What every `/api/rooms/:id/...` route starts with: the room and the caller's role (its object: src/objects.ts). */
import type { Context } from "hono";
import { policyOf } from "../auth/access";
import { roleThroughToken } from "../domain/api-tokens";
import { atLeast, type Role, resolveRole } from "../domain/rooms";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { findRoomForUser } from "../storage/rooms";
import { parseRoomId } from "./room-id";

/**
 * The room and the caller's role in it; 404 if it does not exist (or is being deleted,
 * unless `deleting` allows a retry of the deletion), 403 below `needed`. An API token acts
 * with its owner's role capped at its own, and a room's token in that room only.
 */
export async function loadRoom(c: Context<AppEnv>, needed: Role, { deleting = false } = {}) {
  const id = parseRoomId(c.req.param("id") ?? "");
  const { user, apiToken } = c.var.session;
  const room = await findRoomForUser(c.env.DB, id, user.id);
  if (!room || (room.deleting_at !== null && !deleting)) throw new ApiError("room_not_found", "no such room");
  const role = roleThroughToken(resolveRole(policyOf(room, user.id), user.id), apiToken, room.id);
  if (role === null) throw new ApiError("forbidden", "you have no access to this room");
  if (!atLeast(role, needed)) throw new ApiError("forbidden", `this needs the ${needed} role`);
  return { room, role };
}
