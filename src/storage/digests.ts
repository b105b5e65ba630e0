/** D1 queries for mail digests (migrations/0013_identities_and_digests.sql): the preference and the open windows. */

/**
 * Opens a digest window for each user who has none and wants digests; returns those whose
 * window this opened (each gets one queued message that closes it).
 */
export async function openDigestWindows(db: D1Database, userIds: readonly string[], now: number): Promise<string[]> {
  if (userIds.length === 0) return [];
  const insert = db.prepare(
    "INSERT INTO digest_windows (user_id, opened_at) SELECT id, ? FROM users WHERE id = ? AND mention_digests = 1 ON CONFLICT (user_id) DO NOTHING",
  );
  const results = await db.batch(userIds.map((id) => insert.bind(now, id)));
  return userIds.filter((_, i) => results[i]!.meta.changes === 1);
}

/** Closes the user's window; returns when it opened, or null when none was open. */
export async function closeDigestWindow(db: D1Database, userId: string): Promise<number | null> {
  const row = await db.prepare("DELETE FROM digest_windows WHERE user_id = ? RETURNING opened_at").bind(userId).first<{ opened_at: number }>();
  return row?.opened_at ?? null;
}

/** Whether the user wants digests (false for an account that is gone). */
export async function wantsDigests(db: D1Database, userId: string): Promise<boolean> {
  const row = await db.prepare("SELECT mention_digests FROM users WHERE id = ?").bind(userId).first<{ mention_digests: number }>();
  return row?.mention_digests === 1;
}

/** Sets the preference; false when there is no such account. Turning digests off closes an open window. */
export async function setDigests(db: D1Database, userId: string, on: boolean): Promise<boolean> {
  const [updated] = await db.batch([
    db.prepare("UPDATE users SET mention_digests = ? WHERE id = ?").bind(on ? 1 : 0, userId),
    db.prepare("DELETE FROM digest_windows WHERE user_id = ? AND ? = 0").bind(userId, on ? 1 : 0),
  ]);
  return updated!.meta.changes === 1;
}
