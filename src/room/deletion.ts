/**
 * Deleting a room inside its object, and readying the object for a room created again under
 * the same id (RPCs from the Worker: `DELETE /api/rooms/:id`, room creation). The order is the
 * point: sockets are closed and relays told before anything is cleared, a snapshot or an archive
 * under way finishes before storage goes (so none lands in R2 or D1 after the Worker cleared
 * them), and the tombstone is written again after storage is wiped, so an upgrade admitted just
 * before the deletion is refused rather than served an empty room.
 */
import { CLOSE } from "../wire/close-codes";
import type { DocumentStore } from "./document-store";
import type { Sockets } from "./sockets";

/** The room's parts a deletion touches (only what it calls of each). */
export interface DeletionParts {
  storage: DurableObjectStorage;
  sockets: Pick<Sockets, "all" | "reject">;
  /** Tells every relay of the room to delete itself, then forgets them. */
  tier: { each(call: (relay: { destroy(): Promise<void> }) => Promise<unknown>): Promise<void>; forget(): void };
  presence: { reset(): void };
  store: Pick<DocumentStore<WebSocket | string>, "abandon" | "reopen" | "log">;
  /** Work that writes to R2 or D1 beside the edit path: snapshots, the history's archive. */
  background: Array<{ idle(): Promise<void> }>;
  maintenance: { forgetPlan(): void };
}

/** Closes every socket and deletes everything the room stored, leaving only its tombstone. */
export async function deleteRoom(parts: DeletionParts): Promise<void> {
  const { storage, sockets, tier, presence, store, background, maintenance } = parts;
  for (const ws of sockets.all()) sockets.reject(ws, CLOSE.roomDeleted);
  await tier.each((relay) => relay.destroy());
  // A room deleted and created again under its id must not show the old room's presence.
  presence.reset();
  store.abandon();
  store.log.setDeleted(true);
  for (const work of background) await work.idle();
  await storage.deleteAlarm();
  await storage.deleteAll();
  tier.forget();
  // The same instance may serve a room created again under this id.
  store.reopen();
  store.log.setDeleted(true);
  maintenance.forgetPlan();
}
