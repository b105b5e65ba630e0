/**
 * When the room writes edits, and which it refuses to store: pure decisions of the document
 * store (document-store.ts), apart so they can be tested on their own.
 */
import * as Y from "yjs";

/**
 * Edits arriving closer together than this are written together: the room is then receiving
 * them faster than it can commit them one by one. Every event that writes commits a
 * transaction of its own, which costs far more than the rows (docs/benchmarks.md), so a
 * burst's edits share one; a lone edit is not kept waiting.
 */
export const BURST_MS = 3;

/** Whether an edit integrated at `now` is written at once (true) or with the burst it belongs to. */
export function writesAtOnce(previousEditAt: number, now: number): boolean {
  return now - previousEditAt >= BURST_MS;
}

/**
 * Whether storing `update` would take the document past `maxBytes`, with `storedBytes` in
 * storage and `pendingBytes` waiting for it. Deletions stay possible in a full room (they add
 * no content), so people can shrink it: only an update that inserts structs is refused.
 */
export function growsPastCap(update: Uint8Array, storedBytes: number, pendingBytes: number, maxBytes: number): boolean {
  return storedBytes + pendingBytes + update.byteLength > maxBytes && Y.decodeUpdate(update).structs.length > 0;
}

/** Bytes of updates `doc` holds waiting for structs it has not seen: structs and deletions. */
export function waitingBytes(doc: Y.Doc): number {
  return (doc.store.pendingStructs?.update.byteLength ?? 0) + (doc.store.pendingDs?.byteLength ?? 0);
}

/**
 * Whether an update that left parts waiting (`waiting` bytes before and after it) must be
 * refused. Yjs merges what waits into every later state and sync, so the update, kept as
 * sent, counts against the cap like everything stored; and what waits has a small budget of
 * its own, or a client could fill a room with updates that never become part of it.
 */
export function waitsPastLimits(
  update: Uint8Array,
  waiting: { before: number; after: number },
  storedBytes: number,
  pendingBytes: number,
  limits: { maxDocumentBytes: number; maxPendingBytes: number },
): boolean {
  if (waiting.after > waiting.before && waiting.after > limits.maxPendingBytes) return true;
  return growsPastCap(update, storedBytes, pendingBytes, limits.maxDocumentBytes);
}
