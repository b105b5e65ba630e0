/** D1 queries for the accounts identity providers' users sign in to (migrations/0013_identities_and_digests.sql). */

/** The account an issuer's subject was linked to, or null. */
export async function findLinkedUser(db: D1Database, issuer: string, subject: string): Promise<string | null> {
  const row = await db.prepare("SELECT user_id FROM oidc_identities WHERE issuer = ? AND subject = ?").bind(issuer, subject).first<{ user_id: string }>();
  return row?.user_id ?? null;
}

/** Links an issuer's subject to an account; a subject already linked keeps its account. */
export async function linkIdentity(db: D1Database, link: { issuer: string; subject: string; userId: string }, now: number): Promise<void> {
  await db
    .prepare("INSERT INTO oidc_identities (issuer, subject, user_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (issuer, subject) DO NOTHING")
    .bind(link.issuer, link.subject, link.userId, now)
    .run();
}

/**
 * Makes an account for a provider's user, its address proven by the provider, with no
 * password (it can set one through "forgot password"), and links the identity to it, in
 * one batch; false when another account has the address by now.
 */
export async function insertLinkedUser(
  db: D1Database,
  user: { id: string; email: string; name: string },
  identity: { issuer: string; subject: string },
  now: number,
): Promise<boolean> {
  const [inserted] = await db.batch([
    db
      .prepare("INSERT INTO users (id, email, name, password_hash, created_at, email_verified_at) VALUES (?, ?, ?, '', ?, ?) ON CONFLICT (email) DO NOTHING")
      .bind(user.id, user.email, user.name, now, now),
    db
      .prepare(
        "INSERT INTO oidc_identities (issuer, subject, user_id, created_at) SELECT ?, ?, ?, ? WHERE changes() = 1 ON CONFLICT (issuer, subject) DO NOTHING",
      )
      .bind(identity.issuer, identity.subject, user.id, now),
  ]);
  return inserted!.meta.changes === 1;
}
