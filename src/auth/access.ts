/**
 * Roles and the single seam that decides who opens a room socket and what they may do
 * there. The room trusts only what `authorizeRoom` returns: the Worker replaces any
 * client-supplied copy of the access header before forwarding.
 */
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { findRoomForUser, type GeneralAccess, type MemberRole, type RoomRow } from "../storage/rooms";
import { assertSameSite } from "./origin";
import { readSession } from "./session";

export type Role = "owner" | "editor" | "commenter" | "viewer";

const RANK: Record<Role, number> = { viewer: 1, commenter: 2, editor: 3, owner: 4 };

/**
 * Editors and owners change the document; commenters and viewers receive it and may send
 * presence, and the room drops their edits.
 */
export function canEdit(role: Role): boolean {
  return RANK[role] >= RANK.editor;
}

/** Commenters and up start threads and write comments; viewers read them. */
export function canComment(role: Role): boolean {
  return RANK[role] >= RANK.commenter;
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
 * A user's role in one of our rooms: the most permissive of ownership, membership and
 * general (link) access; null for none.
 */
export function resolveRole(policy: AccessPolicy, userId: string): Role | null {
  if (policy.ownerId === userId) return "owner";
  // Own properties only: a user id like "constructor" must not find Object.prototype's.
  const member = Object.hasOwn(policy.members, userId) ? policy.members[userId] : undefined;
  const candidates = [member, policy.generalAccess === "none" ? undefined : policy.generalAccess];
  let best: Role | null = null;
  for (const role of candidates) if (role !== undefined && !atLeast(best, role)) best = role;
  return best;
}

export interface RoomAccess {
  /** The room id as the client named it (for logs). */
  room: string;
  user: { id: string; name: string };
  role: Role;
  /** When the caller's token expires (seconds since epoch): the socket is closed then. */
  expiresAt: number;
  /** Our session the token was issued for; its sockets close when it ends (logout). */
  session?: string;
}

/** Who may open the socket, and which Durable Object serves it. */
export interface Admission {
  access: RoomAccess;
  objectName: string;
}

/**
 * The Durable Object name of a room. Rooms an external issuer grants belong to that app and
 * live in their own namespace, so that nobody can create one of our rooms with the same id
 * and take over the app's document (or the reverse).
 */
export function roomObjectName(roomId: string, kind: "ours" | "external"): string {
  return kind === "external" ? `ext:${roomId}` : roomId;
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
  const role = resolveRole(policyOf(room, session.user.id), session.user.id);
  if (role === null) throw new ApiError("forbidden", "you have no access to this room");
  return { access: { room: roomId, user, role, expiresAt: session.expiresAt, session: session.sessionId }, objectName: roomObjectName(roomId, "ours") };
}

/** The policy as far as one user's row tells it (their membership only). */
export function policyOf(room: RoomRow & { member_role: MemberRole | null }, userId: string): AccessPolicy {
  return { ownerId: room.owner_id, generalAccess: room.general_access, members: room.member_role ? { [userId]: room.member_role } : {} };
}
