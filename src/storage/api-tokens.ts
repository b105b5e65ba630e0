/** D1 queries for API tokens (migrations/0009_api_tokens.sql). Secrets are never stored, only their hashes. */
import type { MemberRole } from "../domain/rooms";

/** A token as its owner sees it. */
export interface TokenRow {
  id: string;
  user_id: string;
  name: string;
  role: MemberRole;
  room_id: string | null;
  created_at: number;
  expires_at: number;
  last_used_at: number | null;
}

/** A token with what verifying a secret needs: its hash and its owner's name and email. */
export interface TokenForAuth extends TokenRow {
  secret_hash: string;
  user_name: string;
  user_email: string;
}

const NAMES = ["id", "user_id", "name", "role", "room_id", "created_at", "expires_at", "last_used_at"];
const COLUMNS = NAMES.join(", ");
const T_COLUMNS = NAMES.map((n) => `t.${n}`).join(", ");

export async function insertToken(db: D1Database, row: TokenRow & { secret_hash: string }): Promise<void> {
  await db
    .prepare("INSERT INTO api_tokens (id, user_id, name, role, room_id, secret_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
    .bind(row.id, row.user_id, row.name, row.role, row.room_id, row.secret_hash, row.created_at, row.expires_at)
    .run();
}

/** The token of `id` with its owner, for verifying a presented secret. */
export function findTokenForAuth(db: D1Database, id: string) {
  return db
    .prepare(`SELECT ${T_COLUMNS}, t.secret_hash, u.name AS user_name, u.email AS user_email FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?`)
    .bind(id)
    .first<TokenForAuth>();
}

/** The user's tokens, newest first. */
export async function listTokens(db: D1Database, userId: string): Promise<TokenRow[]> {
  const { results } = await db.prepare(`SELECT ${COLUMNS} FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id`).bind(userId).all<TokenRow>();
  return results;
}

/** How many of the user's tokens have not expired by `now`. */
export async function countLiveTokens(db: D1Database, userId: string, now: number): Promise<number> {
  const row = await db.prepare("SELECT COUNT(*) AS n FROM api_tokens WHERE user_id = ? AND expires_at > ?").bind(userId, now).first<{ n: number }>();
  return row?.n ?? 0;
}

/** Deletes one of the user's tokens and returns it; null if they have none of that id. */
export function deleteToken(db: D1Database, userId: string, id: string) {
  return db.prepare(`DELETE FROM api_tokens WHERE id = ? AND user_id = ? RETURNING ${COLUMNS}`).bind(id, userId).first<TokenRow>();
}

/** Records a use at `now` unless one was recorded within `resolutionMs`. */
export async function touchToken(db: D1Database, id: string, now: number, resolutionMs: number): Promise<void> {
  await db
    .prepare("UPDATE api_tokens SET last_used_at = ?1 WHERE id = ?2 AND (last_used_at IS NULL OR last_used_at <= ?1 - ?3)")
    .bind(now, id, resolutionMs)
    .run();
}
