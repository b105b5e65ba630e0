/**
 * When the room writes edits, and which it refuses to store: pure decisions of the document
 * store (document-store.ts), apart so they can be tested on their own.
 */
import * as Y from "yjs";

/**
 * Edits arriving closer together than this are written together: the room is then receiving
 * them faster than it can commit them one by one. Every event that writes commits a
 * transaction of its own, which costs far more than the rows (docs/benchmarks.md), so a
 * burst's edits share one; a lone edit is not kept waiting. At 3 ms, a replay whose frames
 * took the room just over that to handle (a busy machine) formed no burst at all, and writing
 * each edit alone made every frame dearer still: 10 ms keeps such a stream in bursts, while a
 * person typing (tens of ms between keystrokes) is written at once.
 */
export const BURST_MS = 10;

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
 * The share of the room's budget for waiting bytes that one origin (a socket, an API caller)
 * may hold: a quarter, so one socket cannot fill the room's budget and get everyone else's
 * out-of-order edits refused.
 */
export const ORIGIN_PENDING_SHARE = 1 / 4;

/** What waits in a document before and after an update, and what its origin had left waiting before it. */
export interface WaitingChange {
  before: number;
  after: number;
  ofOrigin: number;
}

/**
 * Whether an update that left parts waiting must be refused. Yjs merges what waits into every
 * later state and sync, so the update, kept as sent, counts against the cap like everything
 * stored; and what waits has a small budget of its own, of which one origin may hold
 * ORIGIN_PENDING_SHARE, or a client could fill a room with updates that never become part of
 * it.
 */
export function waitsPastLimits(
  update: Uint8Array,
  waiting: WaitingChange,
  storedBytes: number,
  pendingBytes: number,
  limits: { maxDocumentBytes: number; maxPendingBytes: number },
): boolean {
  const added = waiting.after - waiting.before;
  if (added > 0) {
    if (waiting.after > limits.maxPendingBytes) return true;
    if (waiting.ofOrigin + added > limits.maxPendingBytes * ORIGIN_PENDING_SHARE) return true;
  }
  return growsPastCap(update, storedBytes, pendingBytes, limits.maxDocumentBytes);
}

/**
 * The bytes each origin has left waiting, as far as the room can tell. Yjs merges all that
 * waits into one update and does not say whose structs a later edit placed, so when what
 * waits shrinks, every origin's share shrinks in proportion; once nothing waits, all are
 * forgotten (and with them the origins, closed sockets included).
 */
export class WaitingShares<O> {
  readonly #bytes = new Map<O, number>();

  /** What `origin` has left waiting. */
  of(origin: O): number {
    return this.#bytes.get(origin) ?? 0;
  }

  /** An update from `origin` was accepted, taking what waits from `before` to `after` bytes. */
  record(origin: O, before: number, after: number): void {
    if (after === 0) {
      if (this.#bytes.size > 0) this.#bytes.clear();
    } else if (after > before) {
      this.#bytes.set(origin, this.of(origin) + after - before);
    } else if (after < before) {
      for (const [each, bytes] of this.#bytes) {
        const left = (bytes * after) / before;
        if (left < 1) this.#bytes.delete(each);
        else this.#bytes.set(each, left);
      }
    }
  }
}

/** Where an update's structs begin and end, per client (Y.parseUpdateMeta). */
export interface UpdateSpan {
  from: Map<number, number>;
  to: Map<number, number>;
}

/**
 * Whether an update, as sent, is exactly what integrating it changed, so the room may store
 * and relay it as it came instead of having Yjs encode the transaction again. That encoding
 * copies the whole run an insertion lands in: a run typed in one go by one author is one item,
 * and a program appending to it made every edit cost the length of the run (40,000 appends took
 * 20 times as long with the encoding as without). It is exact when each of the update's clients
 * starts where the document stood, the document now ends where the update does for every
 * client that changed (no struct that waited came in with it), and nothing waits, before or
 * after (no deletion that waited was applied either).
 */
export function sentIsEffective(
  sent: UpdateSpan,
  before: Map<number, number>,
  after: Map<number, number>,
  waiting: { before: number; after: number },
): boolean {
  if (waiting.before > 0 || waiting.after > 0) return false;
  for (const [client, clock] of sent.from) if (clock !== (before.get(client) ?? 0)) return false;
  for (const [client, clock] of after) if (clock !== (before.get(client) ?? 0) && sent.to.get(client) !== clock) return false;
  return true;
}
