/** D1 queries for users, refresh-token sessions and login failures. */

/** One key's login attempts in its window, as counted in D1 (auth/throttle.ts decides on it). */
export interface AttemptRecord {
  /** Attempts in the window not taken back by a success, this one included. */
  failures: number;
  firstAt: number;
  lockedUntil: number;
}

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
  /** When the family's first session was made: the sign-in. */
  family_started_at: number;
}

/** Inserts a user; returns false if the email is taken. */
export async function insertUser(db: D1Database, user: User & { passwordHash: string }, now: number): Promise<boolean> {
  const result = await db
    .prepare("INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING")
    .bind(user.id, user.email, user.name, user.passwordHash, now)
    .run();
  return result.meta.changes === 1;
}

/** An account as stored: `email_verified_at` is when it proved its address (null: never). */
export type Account = User & { password_hash: string; email_verified_at: number | null };

export function findUserByEmail(db: D1Database, email: string) {
  return db.prepare("SELECT id, email, name, password_hash, email_verified_at FROM users WHERE email = ?").bind(email).first<Account>();
}

export function findUser(db: D1Database, id: string) {
  return db.prepare("SELECT id, email, name, password_hash, email_verified_at FROM users WHERE id = ?").bind(id).first<Account>();
}

/** Marks `email` proven for the account, only while the account still has that address; returns whether it did. */
export async function markEmailVerified(db: D1Database, userId: string, email: string, now: number): Promise<boolean> {
  const result = await db
    .prepare("UPDATE users SET email_verified_at = COALESCE(email_verified_at, ?) WHERE id = ? AND email = ?")
    .bind(now, userId, email)
    .run();
  return result.meta.changes === 1;
}

/**
 * Gives the account a new address, proven (its mailbox received the link); false when
 * another account has the address by now.
 */
export async function changeEmail(db: D1Database, userId: string, email: string, now: number): Promise<boolean> {
  const result = await db
    .prepare("UPDATE users SET email = ?1, email_verified_at = ?2 WHERE id = ?3 AND NOT EXISTS (SELECT 1 FROM users WHERE email = ?1 AND id <> ?3)")
    .bind(email, now, userId)
    .run();
  return result.meta.changes === 1;
}

export async function setPasswordHash(db: D1Database, userId: string, passwordHash: string): Promise<void> {
  await db.prepare("UPDATE users SET password_hash = ? WHERE id = ?").bind(passwordHash, userId).run();
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
    .prepare(
      "SELECT id, user_id, family_id, expires_at, rotated_at, revoked_at, " +
        "(SELECT MIN(created_at) FROM sessions AS f WHERE f.family_id = sessions.family_id) AS family_started_at FROM sessions WHERE refresh_hash = ?",
    )
    .bind(hash)
    .first<SessionRow>();
}

/** Whether the session an access token names has been revoked (logout, reuse detection). */
export async function isSessionRevoked(db: D1Database, id: string): Promise<boolean> {
  const row = await db.prepare("SELECT revoked_at FROM sessions WHERE id = ?").bind(id).first<{ revoked_at: number | null }>();
  return row === null || row.revoked_at !== null;
}

/**
 * Rotates a refresh token in one transaction: marks the old session rotated, only if nobody
 * did so first, and inserts its successor, only if that mark succeeded and the family is not
 * revoked. Of two concurrent refreshes with one token exactly one succeeds, and a successor
 * can never be born after its family's revocation. Returns whether the rotation happened.
 */
export async function rotateSession(
  db: D1Database,
  oldId: string,
  next: { id: string; userId: string; familyId: string; refreshHash: string; expiresAt: number },
  now: number,
): Promise<boolean> {
  const [, inserted] = await db.batch([
    db.prepare("UPDATE sessions SET rotated_at = ? WHERE id = ? AND rotated_at IS NULL AND revoked_at IS NULL").bind(now, oldId),
    db
      .prepare(
        "INSERT INTO sessions (id, user_id, family_id, refresh_hash, created_at, expires_at) SELECT ?, ?, ?, ?, ?, ? " +
          "WHERE changes() = 1 AND NOT EXISTS (SELECT 1 FROM sessions WHERE family_id = ? AND revoked_at IS NOT NULL)",
      )
      .bind(next.id, next.userId, next.familyId, next.refreshHash, now, next.expiresAt, next.familyId),
  ]);
  return inserted!.meta.changes === 1;
}

/**
 * The sessions of the sign-in `sessionId` belongs to that were issued since `since` (ms): an
 * access token is issued with its session, so only these can still have open sockets.
 */
export async function recentSessionsOfFamily(db: D1Database, sessionId: string, since: number): Promise<string[]> {
  const { results } = await db
    .prepare("SELECT id FROM sessions WHERE family_id = (SELECT family_id FROM sessions WHERE id = ?) AND created_at >= ?")
    .bind(sessionId, since)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

/** The account's sessions issued since `since` (ms): those that can still have open sockets. */
export async function recentSessionsOfUser(db: D1Database, userId: string, since: number): Promise<string[]> {
  const { results } = await db.prepare("SELECT id FROM sessions WHERE user_id = ? AND created_at >= ?").bind(userId, since).all<{ id: string }>();
  return results.map((r) => r.id);
}

/** Ends every sign-in of the account (a password reset or change). */
export async function revokeUserSessions(db: D1Database, userId: string, now: number): Promise<void> {
  await db.prepare("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL").bind(now, userId).run();
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

/**
 * Counts one attempt (a sign-in, or a request under a budget: src/api/budgets.ts) for each key, atomically, restarting the count when the window
 * has passed; returns the records with this attempt included.
 */
export async function countAttempts(db: D1Database, keys: readonly string[], now: number, windowMs: readonly number[]): Promise<AttemptRecord[]> {
  const upsert = db.prepare(
    "INSERT INTO login_failures (key, failures, first_at, locked_until) VALUES (?1, 1, ?2, 0) ON CONFLICT (key) DO UPDATE SET " +
      "failures = CASE WHEN first_at <= ?3 THEN 1 ELSE failures + 1 END, first_at = CASE WHEN first_at <= ?3 THEN ?2 ELSE first_at END " +
      "RETURNING failures, first_at, locked_until",
  );
  const results = await db.batch<{ failures: number; first_at: number; locked_until: number }>(keys.map((key, i) => upsert.bind(key, now, now - windowMs[i]!)));
  return results.map((r) => {
    const row = r.results[0]!;
    return { failures: row.failures, firstAt: row.first_at, lockedUntil: row.locked_until };
  });
}

export async function lockKey(db: D1Database, key: string, until: number): Promise<void> {
  await db.prepare("UPDATE login_failures SET locked_until = MAX(locked_until, ?) WHERE key = ?").bind(until, key).run();
}

/** Takes a successful attempt's count back: `cleared`'s record goes, each of `shrunk` shrinks by one. */
export async function forgiveAttempt(db: D1Database, cleared: string, shrunk: readonly string[]): Promise<void> {
  await db.batch([
    db.prepare("DELETE FROM login_failures WHERE key = ?").bind(cleared),
    ...shrunk.map((key) => db.prepare("UPDATE login_failures SET failures = MAX(failures - 1, 0) WHERE key = ?").bind(key)),
  ]);
}

/**
 * Deletes the account (it must own no room by now): its sessions, memberships, API tokens,
 * mailed tokens and linked identities go with it (foreign keys), its notifications here. Its
 * threads and comments stay in their rooms, without a name. False if it was gone already.
 */
export async function deleteAccount(db: D1Database, userId: string): Promise<boolean> {
  const [, deleted] = await db.batch([
    db.prepare("DELETE FROM notifications WHERE user_id = ?").bind(userId),
    db.prepare("DELETE FROM users WHERE id = ?").bind(userId),
  ]);
  return deleted!.meta.changes === 1;
}
