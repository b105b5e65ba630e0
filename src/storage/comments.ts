/** D1 queries for comment threads and their comments. */
import { type Anchor, isObjectAnchor } from "../document/anchor";

export interface ThreadRow {
  id: string;
  room_id: string;
  author_id: string;
  anchor_start: string;
  anchor_end: string;
  quote: string;
  created_at: number;
  resolved_at: number | null;
  resolved_by: string | null;
}

export interface CommentRow {
  id: string;
  thread_id: string;
  room_id: string;
  author_id: string;
  body: string;
  /** JSON array of user ids. */
  mentions: string;
  created_at: number;
  edited_at: number | null;
}

/**
 * A thread's anchor in its two columns: a range's two positions, or an object's id in
 * `anchor_start` with `anchor_end` empty (no position is empty: decodePosition refuses it).
 */
export const anchorColumns = (anchor: Anchor): Pick<ThreadRow, "anchor_start" | "anchor_end"> =>
  isObjectAnchor(anchor) ? { anchor_start: anchor.object, anchor_end: "" } : { anchor_start: anchor.start, anchor_end: anchor.end };

/** The anchor a thread's row holds (anchorColumns in reverse). */
export const anchorOf = (row: Pick<ThreadRow, "anchor_start" | "anchor_end">): Anchor =>
  row.anchor_end === "" ? { object: row.anchor_start } : { start: row.anchor_start, end: row.anchor_end };

/** Rows as read: with their authors' display names. */
export type ThreadWithAuthor = ThreadRow & { author_name: string | null };
export type CommentWithAuthor = CommentRow & { author_name: string | null };

const insertCommentSql = (db: D1Database, c: CommentRow) =>
  db
    .prepare("INSERT INTO comments (id, thread_id, room_id, author_id, body, mentions, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
    .bind(c.id, c.thread_id, c.room_id, c.author_id, c.body, c.mentions, c.created_at);

/** A thread and its first comment, in one transaction. */
export async function insertThread(db: D1Database, t: ThreadRow, first: CommentRow): Promise<void> {
  await db.batch([
    db
      .prepare("INSERT INTO threads (id, room_id, author_id, anchor_start, anchor_end, quote, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind(t.id, t.room_id, t.author_id, t.anchor_start, t.anchor_end, t.quote, t.created_at),
    insertCommentSql(db, first),
  ]);
}

export async function insertComment(db: D1Database, c: CommentRow): Promise<void> {
  await insertCommentSql(db, c).run();
}

const THREADS = "SELECT t.*, u.name AS author_name FROM threads t LEFT JOIN users u ON u.id = t.author_id";
const COMMENTS = "SELECT c.*, u.name AS author_name FROM comments c LEFT JOIN users u ON u.id = c.author_id";

/** A page of a room's threads: the first `limit` (?4) after a position (?2, ?3) in creation order. */
const PAGE = "t.room_id = ?1 AND (t.created_at, t.id) > (?2, ?3) ORDER BY t.created_at, t.id LIMIT ?4";

/**
 * The room's threads created after `after` (by time, then id: a stable order), oldest first,
 * at most `limit`, and all their comments, oldest first; read together, so they agree.
 */
export async function listThreads(db: D1Database, roomId: string, after: { createdAt: number; id: string }, limit: number) {
  const bind = [roomId, after.createdAt, after.id, limit] as const;
  const [threads, comments] = await db.batch([
    db.prepare(`${THREADS} WHERE ${PAGE}`).bind(...bind),
    db.prepare(`${COMMENTS} WHERE c.thread_id IN (SELECT t.id FROM threads t WHERE ${PAGE}) ORDER BY c.created_at, c.id`).bind(...bind),
  ]);
  return { threads: threads!.results as ThreadWithAuthor[], comments: comments!.results as CommentWithAuthor[] };
}

/** One thread of the room and its comments; null if it is not there. */
export async function findThread(db: D1Database, roomId: string, threadId: string) {
  const [threads, comments] = await db.batch([
    db.prepare(`${THREADS} WHERE t.room_id = ? AND t.id = ?`).bind(roomId, threadId),
    db.prepare(`${COMMENTS} WHERE c.thread_id = ? ORDER BY c.created_at, c.id`).bind(threadId),
  ]);
  const thread = threads!.results[0] as ThreadWithAuthor | undefined;
  return thread ? { thread, comments: comments!.results as CommentWithAuthor[] } : null;
}

export async function setResolved(db: D1Database, threadId: string, resolved: { at: number; by: string } | null): Promise<void> {
  await db
    .prepare("UPDATE threads SET resolved_at = ?, resolved_by = ? WHERE id = ?")
    .bind(resolved?.at ?? null, resolved?.by ?? null, threadId)
    .run();
}

export async function updateComment(db: D1Database, id: string, body: string, mentions: string, at: number): Promise<void> {
  await db.prepare("UPDATE comments SET body = ?, mentions = ?, edited_at = ? WHERE id = ?").bind(body, mentions, at, id).run();
}

/**
 * Deletes a comment and the notifications it caused; a thread left without comments goes
 * too. Returns whether the thread was deleted, and who had a notification of the comment.
 */
export async function deleteComment(db: D1Database, threadId: string, commentId: string): Promise<{ threadDeleted: boolean; notified: string[] }> {
  const results = await db.batch([
    db.prepare("SELECT DISTINCT user_id FROM notifications WHERE comment_id = ?").bind(commentId),
    db.prepare("DELETE FROM notifications WHERE comment_id = ?").bind(commentId),
    db.prepare("DELETE FROM comments WHERE id = ?").bind(commentId),
    db.prepare("DELETE FROM notifications WHERE thread_id = ?1 AND NOT EXISTS (SELECT 1 FROM comments WHERE thread_id = ?1)").bind(threadId),
    db.prepare("DELETE FROM threads WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM comments WHERE thread_id = ?1)").bind(threadId),
  ]);
  return { threadDeleted: results[4]!.meta.changes === 1, notified: (results[0]!.results as Array<{ user_id: string }>).map((r) => r.user_id) };
}

/** Everyone who started or commented in the thread. */
export async function participants(db: D1Database, threadId: string): Promise<string[]> {
  const { results } = await db
    .prepare("SELECT author_id FROM threads WHERE id = ?1 UNION SELECT author_id FROM comments WHERE thread_id = ?1")
    .bind(threadId)
    .all<{ author_id: string }>();
  return results.map((r) => r.author_id);
}
