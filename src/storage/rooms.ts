/** D1 queries for rooms and their members. */
import type { AccessPolicy, GeneralAccess, MemberRole, Role } from "../domain/rooms";
import type { User } from "./accounts";

export interface RoomRow {
  id: string;
  title: string;
  owner_id: string;
  general_access: GeneralAccess;
  /** The app's label for the room ("document", "whiteboard", ...), or null. */
  kind: string | null;
  /** Which life of this id the room is: new each time a room of this id is created. */
  incarnation: string;
  created_at: number;
  updated_at: number;
  /** Set while a deletion is under way (or failed half-way and waits for a retry). */
  deleting_at: number | null;
  /** The document as of its last snapshot (the room writes these, not every edit). */
  seq: number;
  doc_bytes: number;
  edited_at: number | null;
  snapshot_seq: number | null;
  snapshot_at: number | null;
}

export interface Member {
  user: User;
  role: Role;
}

/** Inserts a room; returns false if the id is taken. */
export async function insertRoom(
  db: D1Database,
  room: { id: string; title: string; ownerId: string; kind: string | null; incarnation: string },
  now: number,
): Promise<boolean> {
  const result = await db
    .prepare("INSERT INTO rooms (id, title, owner_id, kind, incarnation, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")
    .bind(room.id, room.title, room.ownerId, room.kind, room.incarnation, now, now)
    .run();
  return result.meta.changes === 1;
}

/** The room and the caller's membership role in it, in one query. */
export function findRoomForUser(db: D1Database, id: string, userId: string) {
  return db
    .prepare("SELECT r.*, m.role AS member_role FROM rooms r LEFT JOIN room_members m ON m.room_id = r.id AND m.user_id = ? WHERE r.id = ?")
    .bind(userId, id)
    .first<RoomRow & { member_role: MemberRole | null }>();
}

/** The room, whoever asks: for operators, who are nobody's member. */
export function findRoom(db: D1Database, id: string) {
  return db.prepare("SELECT * FROM rooms WHERE id = ?").bind(id).first<RoomRow>();
}

/** Rooms the user owns or is a member of, most recently edited first (never edited: by creation). */
export async function listRoomsForUser(db: D1Database, userId: string) {
  const { results } = await db
    .prepare(
      "SELECT r.*, m.role AS member_role FROM rooms r LEFT JOIN room_members m ON m.room_id = r.id AND m.user_id = ?1 " +
        "WHERE (r.owner_id = ?1 OR m.user_id IS NOT NULL) AND r.deleting_at IS NULL ORDER BY COALESCE(r.edited_at, r.created_at) DESC, r.id",
    )
    .bind(userId)
    .all<RoomRow & { member_role: MemberRole | null }>();
  return results;
}

export async function updateRoom(db: D1Database, id: string, changes: { title?: string; generalAccess?: GeneralAccess }, now: number) {
  await db
    .prepare("UPDATE rooms SET title = COALESCE(?, title), general_access = COALESCE(?, general_access), updated_at = ? WHERE id = ?")
    .bind(changes.title ?? null, changes.generalAccess ?? null, now, id)
    .run();
}

export async function markDeleting(db: D1Database, id: string, now: number): Promise<void> {
  await db.prepare("UPDATE rooms SET deleting_at = COALESCE(deleting_at, ?) WHERE id = ?").bind(now, id).run();
}

/** Deletes the room's row and everything D1 keeps about it. */
export async function deleteRoom(db: D1Database, id: string): Promise<void> {
  await db.batch(
    // Webhook endpoints take their delivery log with them (foreign key). The room's API
    // tokens go too: a room created again under this id is another room. Files' bytes go
    // with the room's R2 objects.
    ["notifications", "comments", "threads", "room_members", "versions", "connections", "webhook_endpoints", "api_tokens", "files"]
      .map((table) => db.prepare(`DELETE FROM ${table} WHERE room_id = ?`).bind(id))
      .concat(db.prepare("DELETE FROM rooms WHERE id = ?").bind(id)),
  );
}

export async function listMembers(db: D1Database, room: RoomRow): Promise<Member[]> {
  const { results } = await db
    .prepare(
      "SELECT u.id, u.email, u.name, 'owner' AS role FROM users u WHERE u.id = ?1 UNION ALL " +
        "SELECT u.id, u.email, u.name, m.role FROM room_members m JOIN users u ON u.id = m.user_id WHERE m.room_id = ?2",
    )
    .bind(room.owner_id, room.id)
    .all<User & { role: Role }>();
  return results.map(({ role, ...user }) => ({ user, role }));
}

/** Member roles by user id, for pushing the room's access policy to its open sockets. */
export async function memberRoles(db: D1Database, roomId: string): Promise<Record<string, MemberRole>> {
  const { results } = await db.prepare("SELECT user_id, role FROM room_members WHERE room_id = ?").bind(roomId).all<{ user_id: string; role: MemberRole }>();
  return Object.fromEntries(results.map((r) => [r.user_id, r.role]));
}

/** A room's whole access policy as it stands: its owner, its members, what its link grants. */
export async function accessPolicy(db: D1Database, room: Pick<RoomRow, "id" | "owner_id" | "general_access">): Promise<AccessPolicy> {
  return { ownerId: room.owner_id, generalAccess: room.general_access, members: await memberRoles(db, room.id) };
}

/** Adds the member or changes their role; true if they were added (not yet a member). */
export async function upsertMember(db: D1Database, roomId: string, userId: string, role: MemberRole, now: number): Promise<boolean> {
  // A role change keeps added_at, so the row tells which of the two happened.
  const row = await db
    .prepare(
      "INSERT INTO room_members (room_id, user_id, role, added_at) VALUES (?, ?, ?, ?) ON CONFLICT (room_id, user_id) DO UPDATE SET role = excluded.role RETURNING added_at",
    )
    .bind(roomId, userId, role, now)
    .first<{ added_at: number }>();
  return row?.added_at === now;
}

/** Returns false if the user was not a member. */
export async function deleteMember(db: D1Database, roomId: string, userId: string): Promise<boolean> {
  const result = await db.prepare("DELETE FROM room_members WHERE room_id = ? AND user_id = ?").bind(roomId, userId).run();
  return result.meta.changes === 1;
}

export async function touchRoom(db: D1Database, id: string, now: number): Promise<void> {
  await db.prepare("UPDATE rooms SET updated_at = ? WHERE id = ?").bind(now, id).run();
}

/** The ids of every room `userId` owns, those being deleted included. */
export async function roomsOwnedBy(db: D1Database, userId: string): Promise<string[]> {
  const { results } = await db.prepare("SELECT id FROM rooms WHERE owner_id = ?").bind(userId).all<{ id: string }>();
  return results.map((r) => r.id);
}
