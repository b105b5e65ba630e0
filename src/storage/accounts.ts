/** D1 queries for users, refresh-token sessions and login failures. */
import type { FailureRecord } from "../auth/throttle";

export interface User {
  id: string;
  email: string;
  name: string;
}

export interface SessionRow {
  id: string;
  user_id: string;
  family_id: string;
  expires_at: number;
  rotated_at: number | null;
  revoked_at: number | null;
}

/** Inserts a user; returns false if the email is taken. */
export async function insertUser(db: D1Database, user: User & { passwordHash: string }, now: number): Promise<boolean> {
  const result = await db
    .prepare("INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING")
    .bind(user.id, user.email, user.name, user.passwordHash, now)
    .run();
  return result.meta.changes === 1;
}

export function findUserByEmail(db: D1Database, email: string) {
  return db.prepare("SELECT id, email, name, password_hash FROM users WHERE email = ?").bind(email).first<User & { password_hash: string }>();
}

export function findUser(db: D1Database, id: string) {
  return db.prepare("SELECT id, email, name FROM users WHERE id = ?").bind(id).first<User>();
}

export async function insertSession(
  db: D1Database,
  s: { id: string; userId: string; familyId: string; refreshHash: string; expiresAt: number },
  now: number,
): Promise<void> {
  await db
    .prepare("INSERT INTO sessions (id, user_id, family_id, refresh_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
    .bind(s.id, s.userId, s.familyId, s.refreshHash, now, s.expiresAt)
    .run();
}

export function findSessionByRefreshHash(db: D1Database, hash: string) {
  return db
    .prepare("SELECT id, user_id, family_id, expires_at, rotated_at, revoked_at FROM sessions WHERE refresh_hash = ?")
    .bind(hash)
    .first<SessionRow>();
}

/** Whether the session an access token names has been revoked (logout, reuse detection). */
export async function isSessionRevoked(db: D1Database, id: string): Promise<boolean> {
  const row = await db.prepare("SELECT revoked_at FROM sessions WHERE id = ?").bind(id).first<{ revoked_at: number | null }>();
  return row === null || row.revoked_at !== null;
}

/**
 * Marks a session rotated, only if nobody did so first: of two concurrent refreshes with
 * the same token exactly one wins, and the other is treated as reuse.
 */
export async function markRotated(db: D1Database, id: string, now: number): Promise<boolean> {
  const result = await db
    .prepare("UPDATE sessions SET rotated_at = ? WHERE id = ? AND rotated_at IS NULL AND revoked_at IS NULL")
    .bind(now, id)
    .run();
  return result.meta.changes === 1;
}

export async function revokeFamily(db: D1Database, familyId: string, now: number): Promise<void> {
  await db.prepare("UPDATE sessions SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL").bind(now, familyId).run();
}

export async function revokeSessionFamilyOf(db: D1Database, sessionId: string, now: number): Promise<void> {
  await db
    .prepare("UPDATE sessions SET revoked_at = ? WHERE family_id = (SELECT family_id FROM sessions WHERE id = ?) AND revoked_at IS NULL")
    .bind(now, sessionId)
    .run();
}

export async function readFailures(db: D1Database, keys: string[]): Promise<Map<string, FailureRecord>> {
  const rows = await db
    .prepare(`SELECT key, failures, first_at, locked_until FROM login_failures WHERE key IN (${keys.map(() => "?").join(",")})`)
    .bind(...keys)
    .all<{ key: string; failures: number; first_at: number; locked_until: number }>();
  return new Map(rows.results.map((r) => [r.key, { failures: r.failures, firstAt: r.first_at, lockedUntil: r.locked_until }]));
}

export async function writeFailures(db: D1Database, records: Map<string, FailureRecord>): Promise<void> {
  const upsert = db.prepare(
    "INSERT INTO login_failures (key, failures, first_at, locked_until) VALUES (?, ?, ?, ?) " +
      "ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, first_at = excluded.first_at, locked_until = excluded.locked_until",
  );
  await db.batch([...records].map(([key, r]) => upsert.bind(key, r.failures, r.firstAt, r.lockedUntil)));
}

export async function clearFailures(db: D1Database, key: string): Promise<void> {
  await db.prepare("DELETE FROM login_failures WHERE key = ?").bind(key).run();
}
