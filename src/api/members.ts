/**
 * Making someone a member of a room, the one way both an owner's share and an accepted
 * invitation do it: the row, the room's change time, the policy pushed to open sockets, the
 * new member's `added` notification and the `member.added` webhook.
 */
import { notify } from "../comments/notify";
import type { MemberRole } from "../domain/rooms";
import type { Env } from "../env";
import { roomStub } from "../objects";
import type { User } from "../storage/accounts";
import { accessPolicy, type RoomRow, touchRoom, upsertMember } from "../storage/rooms";
import { emitEvent } from "../webhooks/emit";
import type { MemberJson } from "../wire/rest";

/** Sends the room's current access policy to its object, which re-checks every open socket. */
export async function pushPolicy(env: Env, room: RoomRow): Promise<void> {
  await roomStub(env, room.id).applyPolicy(await accessPolicy(env.DB, room));
}

/** Gives `user` `role` in `room` (a new member, or a changed role); `actorId` is who shared it. */
export async function addMember(
  env: Env,
  ctx: Pick<ExecutionContext, "waitUntil">,
  room: RoomRow,
  user: User,
  role: MemberRole,
  actorId: string,
  now: number,
): Promise<MemberJson> {
  const added = await upsertMember(env.DB, room.id, user.id, role, now);
  await touchRoom(env.DB, room.id, now);
  await pushPolicy(env, room);
  const member = { user: { id: user.id, email: user.email, name: user.name }, role } satisfies MemberJson;
  if (added) {
    await notify(env, [{ userId: user.id, kind: "added", roomId: room.id, threadId: null, commentId: null, actorId }]);
    ctx.waitUntil(emitEvent(env, { type: "member.added", room: room.id, data: member }));
  }
  return member;
}
