/**
 * Single-use tokens mailed to an account: address verification, a change of address and
 * password reset. The token
 * (32 random bytes) travels only in the mail; D1 keeps its SHA-256, so a database leak gives
 * nobody a working link. Each expires, works once, and a newer one of the same purpose
 * replaces it.
 */
import { type AccountTokenPurpose, insertAccountToken, spendAccountToken } from "../storage/account-tokens";
import { randomToken, sha256 } from "./encoding";

/** How long a mailed link works: a day to confirm an address (or a new one), an hour to reset a password. */
export const TOKEN_TTL_MS: Record<AccountTokenPurpose, number> = { verify: 24 * 60 * 60_000, email: 24 * 60 * 60_000, reset: 60 * 60_000 };

/** Makes and stores a token for `account` at `account.email` (its current address, or the new one); returns the token for the mail. */
export async function issueMailedToken(db: D1Database, purpose: AccountTokenPurpose, account: { id: string; email: string }, now: number): Promise<string> {
  const token = randomToken();
  await insertAccountToken(
    db,
    { tokenHash: await sha256(token), purpose, userId: account.id, email: account.email, expiresAt: now + TOKEN_TTL_MS[purpose] },
    now,
  );
  return token;
}

/** Spends `token`: the account, the address it was mailed to and its purpose, or null (unknown, used, expired, another purpose). */
export async function redeemMailedToken(
  db: D1Database,
  purposes: readonly AccountTokenPurpose[],
  token: string,
  now: number,
): Promise<{ userId: string; email: string; purpose: AccountTokenPurpose } | null> {
  const row = await spendAccountToken(db, purposes, await sha256(token), now);
  return row && { userId: row.user_id, email: row.email, purpose: row.purpose };
}
