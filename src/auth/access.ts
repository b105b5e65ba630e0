/**
 * Roles and the single seam that decides who opens a room socket and what they may do
 * there. The room trusts only what `authorizeRoom` returns: the Worker replaces any
 * client-supplied copy of the access header before forwarding.
 */
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { findRoomForUser, type GeneralAccess, type MemberRole } from "../storage/rooms";
import { assertSameSite } from "./origin";
import { readSession } from "./session";

export type Role = "owner" | "editor" | "viewer";

const RANK: Record<Role, number> = { viewer: 1, editor: 2, owner: 3 };

/** Editors and owners change the document; viewers receive it and may send presence. */
export function canEdit(role: Role): boolean {
  return RANK[role] >= RANK.editor;
}

/** Whether `role` is at least `needed`. */
export function atLeast(role: Role | null, needed: Role): boolean {
  return role !== null && RANK[role] >= RANK[needed];
}

/** What decides a user's role in a room; also pushed to the room to re-check open sockets. */
export interface AccessPolicy {
  ownerId: string | null;
  generalAccess: GeneralAccess;
  members: Record<string, MemberRole>;
}

/**
 * A user's role: the most permissive of ownership, membership, general (link) access and an
 * external issuer's grant; null for none.
 */
export function resolveRole(policy: AccessPolicy, userId: string, grant?: MemberRole): Role | null {
  if (policy.ownerId === userId) return "owner";
  const candidates = [policy.members[userId], policy.generalAccess === "none" ? undefined : policy.generalAccess, grant];
  let best: Role | null = null;
  for (const role of candidates) if (role !== undefined && !atLeast(best, role)) best = role;
  return best;
}

export interface RoomAccess {
  user: { id: string; name: string };
  role: Role;
  /** External grant for this room, kept so that a policy change re-resolves correctly. */
  grant?: MemberRole;
  /** When the caller's token expires (seconds since epoch): the socket is closed then. */
  expiresAt: number;
}

/**
 * Decides the caller's access to `roomId` for a socket, or throws: 403 for a foreign origin,
 * 401 without a valid token, 404 for a room that does not exist (unless an external grant
 * names it), 403 without a role.
 */
export async function authorizeRoom(c: Context<AppEnv>, roomId: string): Promise<RoomAccess> {
  assertSameSite(c.req.raw, c.env);
  const session = await readSession(c);
  if (session === null) throw new ApiError("unauthorized", "sign in first");
  const grant = session.grants[roomId];
  const room = await findRoomForUser(c.env.DB, roomId, session.user.id);
  if (room === null && grant === undefined) throw new ApiError("room_not_found", "no such room");
  const policy: AccessPolicy = room
    ? { ownerId: room.owner_id, generalAccess: room.general_access, members: room.member_role ? { [session.user.id]: room.member_role } : {} }
    : { ownerId: null, generalAccess: "none", members: {} };
  const role = resolveRole(policy, session.user.id, grant);
  if (role === null) throw new ApiError("forbidden", "you have no access to this room");
  return { user: { id: session.user.id, name: session.user.name }, role, grant, expiresAt: session.expiresAt };
}
