/**
 * Invitations: sharing a room with an address that has no verified account. The owner's
 * `PUT /members` answers the same for an address without an account as for one whose account
 * never proved it (`invite`); the mailed link turns into membership only for a signed-in
 * account that has proven that very address (`POST /api/invitations/accept`). Owners list,
 * resend and revoke pending invitations under `/api/rooms/:id/invitations`.
 */
import { type Context, Hono } from "hono";
import { randomToken, sha256 } from "../auth/encoding";
import { requireSession } from "../auth/session";
import type { MemberRole } from "../domain/rooms";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { sendMail } from "../mail/send";
import {
  deleteInvitation,
  findInvitation,
  findInvitationByToken,
  type InvitationRow,
  listInvitations,
  renewInvitation,
  upsertInvitation,
} from "../storage/invitations";
import { findRoom, type RoomRow } from "../storage/rooms";
import type { InvitationJson } from "../wire/rest";
import { accountOf, spendTokenCheck } from "./account";
import { spendBudget } from "./budgets";
import { addMember } from "./members";
import { isoTime } from "./params";
import { loadRoom } from "./room-access";
import { tokenBody } from "./schemas/auth";
import { jsonBody } from "./validate";

/** How long an invitation link works; the owner can resend it after. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60_000;

const invitationJson = (row: InvitationRow): InvitationJson => ({ id: row.id, email: row.email, role: row.role, expiresAt: isoTime(row.expires_at) });

const INVALID = "this invitation is not valid (any more): ask the owner to send it again";

/** Mails a fresh link for `row` (a new token), after the answer. */
function mailInvitation(c: Context<AppEnv>, room: RoomRow, row: InvitationRow, token: string): void {
  const mail = { kind: "invitation" as const, to: row.email, inviter: c.var.session.user.name, roomTitle: room.title, role: row.role, token };
  c.executionCtx.waitUntil(sendMail(c.env, c.req.url, mail));
}

/** Invites `email` to `room` as `role` (or renews its pending invitation) and mails the link. */
export async function invite(c: Context<AppEnv>, room: RoomRow, email: string, role: MemberRole): Promise<InvitationJson> {
  // Counted per address whoever invites: nobody floods a stranger's mailbox with invitations.
  await spendBudget(c.env.DB, "mailToAddress", email);
  const token = randomToken();
  const now = Date.now();
  const row = await upsertInvitation(
    c.env.DB,
    { roomId: room.id, email, role, tokenHash: await sha256(token), invitedBy: c.var.session.user.id, expiresAt: now + INVITATION_TTL_MS },
    now,
  );
  mailInvitation(c, room, row, token);
  return invitationJson(row);
}

/** The owner's routes, mounted inside the rooms routes (which require a session). */
export const roomInvitations = new Hono<AppEnv>()
  .get("/:id/invitations", async (c) => {
    const { room } = await loadRoom(c, "owner");
    return c.json({ invitations: (await listInvitations(c.env.DB, room.id)).map(invitationJson) });
  })
  .post("/:id/invitations/:invitationId/resend", async (c) => {
    const { room } = await loadRoom(c, "owner");
    const row = await findInvitation(c.env.DB, room.id, c.req.param("invitationId"));
    if (!row) throw new ApiError("not_found", "no such invitation");
    await spendBudget(c.env.DB, "members", c.var.session.user.id);
    await spendBudget(c.env.DB, "mailToAddress", row.email);
    const token = randomToken();
    const renewed = { ...row, expires_at: Date.now() + INVITATION_TTL_MS };
    if (!(await renewInvitation(c.env.DB, row.id, await sha256(token), renewed.expires_at))) throw new ApiError("not_found", "no such invitation");
    mailInvitation(c, room, renewed, token);
    return c.json({ invitation: invitationJson(renewed) }, 202);
  })
  .delete("/:id/invitations/:invitationId", async (c) => {
    const { room } = await loadRoom(c, "owner");
    const row = await findInvitation(c.env.DB, room.id, c.req.param("invitationId"));
    if (!row || !(await deleteInvitation(c.env.DB, row.id))) throw new ApiError("not_found", "no such invitation");
    return c.body(null, 204);
  });

/** `POST /api/invitations/accept { token }`: the signed-in account joins the room it was invited to. */
export const invitations = new Hono<AppEnv>().post("/accept", requireSession, jsonBody(tokenBody), async (c) => {
  const account = await accountOf(c);
  await spendTokenCheck(c, account.id);
  const tokenHash = await sha256(c.req.valid("json").token);
  const now = Date.now();
  const invitation = await findInvitationByToken(c.env.DB, tokenHash, now);
  if (!invitation) throw new ApiError("invalid_token", INVALID);
  // The link may have been forwarded, or opened while signed in as someone else: only the
  // account of the invited address joins, and only once it has proven that address.
  if (account.email !== invitation.email) throw new ApiError("forbidden", "this invitation is for another email address: sign in with that one");
  if (account.email_verified_at === null) throw new ApiError("email_unverified", "confirm your email address first: we mailed you a link");
  const room = await findRoom(c.env.DB, invitation.room_id);
  if (!room || room.deleting_at !== null) throw new ApiError("room_not_found", "no such room");
  // Deleting it while it still has this token makes the link single-use under races too.
  if (!(await deleteInvitation(c.env.DB, invitation.id, tokenHash))) throw new ApiError("invalid_token", INVALID);
  if (room.owner_id === account.id) return c.json({ room: { id: room.id }, role: "owner" });
  const member = await addMember(c.env, c.executionCtx, room, account, invitation.role, invitation.invited_by, now);
  return c.json({ room: { id: room.id }, role: member.role });
});
