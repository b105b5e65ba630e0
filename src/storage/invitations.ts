/** D1 queries for invitations to rooms by address (src/api/invitations.ts). */
import type { MemberRole } from "../domain/rooms";

export interface InvitationRow {
  id: string;
  room_id: string;
  email: string;
  role: MemberRole;
  invited_by: string;
  created_at: number;
  expires_at: number;
}

const COLUMNS = "id, room_id, email, role, invited_by, created_at, expires_at";

/**
 * Invites `email` to the room, or renews its pending invitation with a new token, role and
 * expiry (the old link stops working). Returns the stored row.
 */
export async function upsertInvitation(
  db: D1Database,
  invitation: { roomId: string; email: string; role: MemberRole; tokenHash: string; invitedBy: string; expiresAt: number },
  now: number,
): Promise<InvitationRow> {
  const row = await db
    .prepare(
      "INSERT INTO invitations (id, room_id, email, role, token_hash, invited_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) " +
        "ON CONFLICT (room_id, email) DO UPDATE SET role = excluded.role, token_hash = excluded.token_hash, invited_by = excluded.invited_by, " +
        `created_at = excluded.created_at, expires_at = excluded.expires_at RETURNING ${COLUMNS}`,
    )
    .bind(crypto.randomUUID(), invitation.roomId, invitation.email, invitation.role, invitation.tokenHash, invitation.invitedBy, now, invitation.expiresAt)
    .first<InvitationRow>();
  return row!;
}

/** The room's invitations, expired ones included (the owner sees them to resend), newest first. */
export async function listInvitations(db: D1Database, roomId: string): Promise<InvitationRow[]> {
  const { results } = await db.prepare(`SELECT ${COLUMNS} FROM invitations WHERE room_id = ? ORDER BY created_at DESC, id`).bind(roomId).all<InvitationRow>();
  return results;
}

export function findInvitation(db: D1Database, roomId: string, id: string) {
  return db.prepare(`SELECT ${COLUMNS} FROM invitations WHERE room_id = ? AND id = ?`).bind(roomId, id).first<InvitationRow>();
}

/** The unexpired invitation a token belongs to, or null. */
export function findInvitationByToken(db: D1Database, tokenHash: string, now: number) {
  return db.prepare(`SELECT ${COLUMNS} FROM invitations WHERE token_hash = ? AND expires_at > ?`).bind(tokenHash, now).first<InvitationRow>();
}

/** Gives an invitation a new token and expiry (resending it); false if it is gone. */
export async function renewInvitation(db: D1Database, id: string, tokenHash: string, expiresAt: number): Promise<boolean> {
  const result = await db.prepare("UPDATE invitations SET token_hash = ?, expires_at = ? WHERE id = ?").bind(tokenHash, expiresAt, id).run();
  return result.meta.changes === 1;
}

/**
 * Deletes an invitation; with `tokenHash`, only while it still has that token, so of two
 * acceptances of one link exactly one deletes it. Returns whether this call did.
 */
export async function deleteInvitation(db: D1Database, id: string, tokenHash?: string): Promise<boolean> {
  const result =
    tokenHash === undefined
      ? await db.prepare("DELETE FROM invitations WHERE id = ?").bind(id).run()
      : await db.prepare("DELETE FROM invitations WHERE id = ? AND token_hash = ?").bind(id, tokenHash).run();
  return result.meta.changes === 1;
}

/** Drops a pending invitation of `email` (the address became a member directly). */
export async function deleteInvitationOf(db: D1Database, roomId: string, email: string): Promise<void> {
  await db.prepare("DELETE FROM invitations WHERE room_id = ? AND email = ?").bind(roomId, email).run();
}
