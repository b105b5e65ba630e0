/** Whether a notification's reader may still read its room: the inbox and the mail digests tell nothing of a room they may not. */
import { policyOf } from "../auth/access";
import { resolveRole } from "../domain/rooms";
import type { NotificationRow } from "../storage/notifications";

/** Whether the inbox's reader may read the notification's room now (it may be gone, or they removed). */
export function readable(n: NotificationRow, readerId: string): boolean {
  if (n.room_owner_id === null || n.room_general_access === null || n.room_deleting_at !== null) return false;
  const room = { owner_id: n.room_owner_id, general_access: n.room_general_access, member_role: n.member_role };
  return resolveRole(policyOf(room, readerId), readerId) !== null;
}
