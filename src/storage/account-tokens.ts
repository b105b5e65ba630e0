/** D1 queries for the single-use tokens mailed to accounts (address verification and change, password reset). */

export type AccountTokenPurpose = "verify" | "reset" | "email";

export interface AccountTokenRow {
  tokenHash: string;
  purpose: AccountTokenPurpose;
  userId: string;
  /** The address the token was mailed to. */
  email: string;
  expiresAt: number;
}

/** Stores a new token; earlier unused tokens of the same purpose stop working (only the newest mail's link does). */
export async function insertAccountToken(db: D1Database, row: AccountTokenRow, now: number): Promise<void> {
  await db.batch([
    db.prepare("UPDATE account_tokens SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL").bind(now, row.userId, row.purpose),
    db
      .prepare("INSERT INTO account_tokens (token_hash, purpose, user_id, email, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
      .bind(row.tokenHash, row.purpose, row.userId, row.email, now, row.expiresAt),
    // Spent and expired tokens are of no further use: each new one sweeps its account's.
    db.prepare("DELETE FROM account_tokens WHERE user_id = ? AND (used_at IS NOT NULL OR expires_at <= ?)").bind(row.userId, now),
  ]);
}

/**
 * Spends a token in one statement: only an unused, unexpired token of one of `purposes`
 * matches, so of two requests with one token exactly one gets its account. Null for anything else.
 */
export function spendAccountToken(db: D1Database, purposes: readonly AccountTokenPurpose[], tokenHash: string, now: number) {
  return db
    .prepare(
      `UPDATE account_tokens SET used_at = ? WHERE token_hash = ? AND purpose IN (${purposes.map(() => "?").join(", ")}) ` +
        "AND used_at IS NULL AND expires_at > ? RETURNING user_id, email, purpose",
    )
    .bind(now, tokenHash, ...purposes, now)
    .first<{ user_id: string; email: string; purpose: AccountTokenPurpose }>();
}
