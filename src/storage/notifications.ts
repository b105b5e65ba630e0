/** D1 queries for each user's notification inbox. */
import type { GeneralAccess, MemberRole } from "../domain/rooms";

export type NotificationKind = "mention" | "reply" | "added";

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  roomId: string;
  threadId: string | null;
  commentId: string | null;
  actorId: string;
}

/**
 * A notification as listed: with the room's title, the actor's name and the comment's text,
 * and what decides whether its reader may still read the room (null: the room is gone).
 */
export interface NotificationRow {
  id: string;
  kind: NotificationKind;
  room_id: string;
  room_title: string | null;
  room_owner_id: string | null;
  room_general_access: GeneralAccess | null;
  room_deleting_at: number | null;
  /** The reader's membership in the room now. */
  member_role: MemberRole | null;
  thread_id: string | null;
  comment_id: string | null;
  comment_body: string | null;
  actor_id: string;
  actor_name: string | null;
  created_at: number;
  read_at: number | null;
}

export async function insertNotifications(db: D1Database, rows: NewNotification[], now: number): Promise<void> {
  if (rows.length === 0) return;
  await db.batch(
    rows.map((n) =>
      db
        .prepare("INSERT INTO notifications (id, user_id, kind, room_id, thread_id, comment_id, actor_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(crypto.randomUUID(), n.userId, n.kind, n.roomId, n.threadId, n.commentId, n.actorId, now),
    ),
  );
}

/** The user's notifications, unread first, then newest first; at most `limit`. */
export async function listNotifications(db: D1Database, userId: string, { limit, unreadOnly }: { limit: number; unreadOnly: boolean }) {
  const { results } = await db
    .prepare(
      "SELECT n.id, n.kind, n.room_id, r.title AS room_title, r.owner_id AS room_owner_id, r.general_access AS room_general_access, r.deleting_at AS room_deleting_at, " +
        "m.role AS member_role, n.thread_id, n.comment_id, c.body AS comment_body, n.actor_id, u.name AS actor_name, n.created_at, n.read_at " +
        "FROM notifications n LEFT JOIN rooms r ON r.id = n.room_id LEFT JOIN room_members m ON m.room_id = n.room_id AND m.user_id = n.user_id " +
        "LEFT JOIN comments c ON c.id = n.comment_id LEFT JOIN users u ON u.id = n.actor_id " +
        `WHERE n.user_id = ? ${unreadOnly ? "AND n.read_at IS NULL " : ""}ORDER BY n.read_at IS NOT NULL, n.created_at DESC, n.id LIMIT ?`,
    )
    .bind(userId, limit)
    .all<NotificationRow>();
  return results;
}

export async function unreadCount(db: D1Database, userId: string): Promise<number> {
  const row = await db.prepare("SELECT count(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL").bind(userId).first<{ n: number }>();
  return row?.n ?? 0;
}

/** Marks one of the user's notifications read (or all, without an id); false if there is no such notification. */
export async function markRead(db: D1Database, userId: string, id: string | null, now: number): Promise<boolean> {
  if (id === null) {
    await db.prepare("UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL").bind(now, userId).run();
    return true;
  }
  const result = await db.prepare("UPDATE notifications SET read_at = COALESCE(read_at, ?) WHERE user_id = ? AND id = ?").bind(now, userId, id).run();
  return result.meta.changes === 1;
}
