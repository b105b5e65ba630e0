/** Deleting a room everywhere it lives: its owner's `DELETE /api/rooms/:id`, and the deletion of its owner's account. */
import type { Env } from "../env";
import { roomStub } from "../objects";
import { deleteRoom, markDeleting } from "../storage/rooms";
import { deleteRoomObjects } from "../storage/snapshots";

/**
 * First no new sockets (the flag), then the object closes its sockets, wipes its storage and
 * keeps a tombstone that refuses upgrades already on their way; R2 (snapshots, files) next;
 * the D1 rows go last. If a step fails the flagged row stays, so a retry finishes the job
 * and nothing is orphaned.
 */
export async function destroyRoom(env: Env, roomId: string, now: number): Promise<void> {
  await markDeleting(env.DB, roomId, now);
  await roomStub(env, roomId).destroy();
  await deleteRoomObjects(env.SNAPSHOTS, roomId);
  await deleteRoom(env.DB, roomId);
}
