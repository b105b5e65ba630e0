/** D1 connection history: one row per socket, for analysis. Never on the edit path. */

export interface ConnectionRow {
  id: string;
  room_id: string;
  user_id: string;
  role: string;
  connected_at: number;
  disconnected_at: number | null;
  close_code: number | null;
  updates: number;
  bytes: number;
}

export async function openConnection(db: D1Database, c: { id: string; room: string; user: string; role: string; at: number }): Promise<void> {
  await db.prepare("INSERT INTO connections (id, room_id, user_id, role, connected_at) VALUES (?, ?, ?, ?, ?)").bind(c.id, c.room, c.user, c.role, c.at).run();
}

export async function closeConnection(db: D1Database, c: { id: string; at: number; code: number; updates: number; bytes: number }): Promise<void> {
  await db
    .prepare("UPDATE connections SET disconnected_at = ?, close_code = ?, updates = ?, bytes = ? WHERE id = ?")
    .bind(c.at, c.code, c.updates, c.bytes, c.id)
    .run();
}

/**
 * The rooms (object names) where `user` opened a socket since `since` (ms) that has not
 * closed yet, as far as the history knows.
 */
export async function roomsWithOpenSockets(db: D1Database, user: string, since: number): Promise<string[]> {
  const { results } = await db
    .prepare("SELECT DISTINCT room_id FROM connections WHERE user_id = ? AND connected_at >= ? AND disconnected_at IS NULL")
    .bind(user, since)
    .all<{ room_id: string }>();
  return results.map((r) => r.room_id);
}

/** The room's most recent connections, newest first. */
export async function recentConnections(db: D1Database, room: string, limit = 20): Promise<ConnectionRow[]> {
  const { results } = await db.prepare("SELECT * FROM connections WHERE room_id = ? ORDER BY connected_at DESC LIMIT ?").bind(room, limit).all<ConnectionRow>();
  return results;
}
