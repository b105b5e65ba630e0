/**
 * A room's document and its log: every edit is integrated into the Y.Doc, appended to the
 * log, and only then relayed or acknowledged. "Stored before shown" is this class's API, not
 * a convention of its callers: a send that depends on an edit is handed over (afterWrite) and
 * runs after the write, and whoever reads the document for anyone else gets it from
 * stored(), which writes first. The queue of edits on their way to the log is write-batch.ts.
 */
import * as Y from "yjs";
import { splitUpdate } from "../document/split-update";
import { UpdateLog } from "../storage/log";
import { writeSyncStep2, writeUpdate } from "../wire/protocol";
import { type Clock, systemClock } from "./clock";
import { WriteBatch } from "./write-batch";
import { growsPastCap, sentIsEffective, WaitingShares, waitingBytes, waitsPastLimits } from "./write-policy";

/** Message type, sync type and the payload's length prefix. */
const FRAME_HEADER_BYTES = 16;

/** What became of an update: queued for the log, refused for the document's cap, or rejected by Yjs. */
export type Integration = "stored" | "too_large" | "failed";

/** What the store tells its owner; `O` is who an edit came from (a socket, an API caller). */
export interface DocumentEvents<O> {
  /** Relays an edit, now written, to everyone but `origin`. */
  relay(update: Uint8Array, origin: O): void;
  /** `edits` were written in one transaction at `now`: the time to plan snapshots and compaction. */
  written(edits: number, now: number): void;
  /**
   * A write failed: nothing waiting for it was sent, the document is reloaded from what is
   * stored, and the edits of `origins` are lost (closing them makes their clients resend).
   */
  lost(origins: O[], error: unknown): void;
  /** Yjs failed while integrating an update from `origin`: it was refused. */
  refused(origin: O, error: unknown): void;
  /** Who the log records as the author of `origin`'s edits (none: null, unknown). */
  author?(origin: O): string | null;
}

export interface DocumentLimits {
  maxDocumentBytes: number;
  /** Most bytes of updates the document may hold waiting for structs it has not seen. */
  maxPendingBytes: number;
  /** The largest frame a sync answer is sent in (see syncAnswer). */
  syncFrameBytes: number;
}

export class DocumentStore<O extends object | string> {
  readonly #storage: DurableObjectStorage;
  readonly #limits: DocumentLimits;
  readonly #events: DocumentEvents<O>;
  #log: UpdateLog;
  #doc: Y.Doc | undefined;
  /** Edits in the document but not yet in the log, with the sends that wait for them. */
  readonly #pending: WriteBatch<O>;
  /** What each origin has left waiting for structs the room has not seen (see waitsPastLimits). */
  readonly #waiting = new WaitingShares<O>();
  /** The update being integrated, as sent, and what waited in the document before it (see #cleanedUp). */
  #arriving: { update: Uint8Array; origin: O; waitingBefore: number } | undefined;
  /** The update being integrated would take the document past its cap (set by #changed). */
  #overCap = false;
  /** Inside `together`: integrations queue their edits, and its end writes them. */
  #together = false;
  /** The shared full-document answer for newcomers, valid for one sequence number and document. */
  #fullSync: { seq: number; doc: Y.Doc; frames: Uint8Array[] } | undefined;

  constructor(storage: DurableObjectStorage, limits: DocumentLimits, events: DocumentEvents<O>, clock: Clock = systemClock) {
    this.#storage = storage;
    this.#limits = limits;
    this.#events = events;
    this.#log = new UpdateLog(storage);
    this.#pending = new WriteBatch<O>(
      {
        store: (updates, authors) => this.#log.append(updates, authors, clock.now()),
        failed: (origins, error) => {
          this.#doc = undefined;
          // The rollback left the log as it was: read its figures from storage again.
          this.#log = new UpdateLog(this.#storage);
          this.#events.lost(origins, error);
        },
        relay: (update, origin) => this.#events.relay(update, origin),
        written: (edits, now) => this.#events.written(edits, now),
      },
      clock,
    );
  }

  /** The log as stored: sequence numbers, sizes, meta. Edits still waiting are not in it yet. */
  get log(): UpdateLog {
    return this.#log;
  }

  /**
   * Runs `fn`'s integrations as one burst: none is written before `fn` returns, then all in
   * one write (a relay's batch of edits, docs/scale.md). Throws as write does.
   */
  together<T>(fn: () => T): T {
    this.#together = true;
    try {
      return fn();
    } finally {
      this.#together = false;
      this.write();
    }
  }

  /** The sequence number the last integrated edit has once written: what an ack promises. */
  get seqWhenWritten(): number {
    return this.#log.seq + this.#pending.length;
  }

  /** The document with every edit in it written: what anyone else may be shown of it. */
  stored(): Y.Doc {
    this.write();
    return this.#loaded();
  }

  /**
   * The document, loaded from storage on first use. Loading is synchronous (SQLite), so no
   * other event can interleave; if it throws, nothing is cached and the next use retries.
   */
  #loaded(): Y.Doc {
    if (this.#doc) return this.#doc;
    // Edits of a document that was dropped are written first, so the reloaded one has them too.
    this.write();
    const doc = new Y.Doc();
    this.#log.load(doc);
    doc.on("afterTransactionCleanup", (transaction: Y.Transaction) => this.#cleanedUp(transaction));
    this.#doc = doc;
    return doc;
  }

  /**
   * Integrates an update from `origin`; every change it makes is queued for the log and
   * relayed once written. Throws only when the room's own storage fails (see write).
   */
  integrate(update: Uint8Array, origin: O): Integration {
    const doc = this.#loaded();
    const waitingBefore = waitingBytes(doc);
    const queuedBefore = this.#pending.length;
    let result: Integration = "stored";
    this.#arriving = { update, origin, waitingBefore };
    try {
      Y.applyUpdate(doc, update, origin);
      const waiting = waitingBytes(doc);
      if (this.#overCap) result = "too_large";
      else if (waiting > 0 && waiting !== waitingBefore) {
        // Parts of it wait for structs the room has not seen (e.g. an edit that travelled
        // between a client's tabs first). No update event queued them: keep the update as
        // sent, so that a reload brings them back and an acknowledgement stays true.
        const change = { before: waitingBefore, after: waiting, ofOrigin: this.#waiting.of(origin) };
        if (!waitsPastLimits(update, change, this.#log.storedBytes, this.#pending.bytes, this.#limits)) {
          this.#pending.queue(update, null, this.#authorOf(origin));
        } else {
          result = "too_large";
          this.#pending.unqueueSince(queuedBefore);
        }
      }
      if (result === "stored") this.#waiting.record(origin, waitingBefore, waiting);
    } catch (err) {
      result = this.#overCap ? "too_large" : "failed";
      if (result === "failed") this.#events.refused(origin, err);
    } finally {
      this.#arriving = undefined;
    }
    if (result !== "stored") {
      // Refused before it was queued, or Yjs failing mid-integration (the update was parsed
      // in full before): memory may hold what storage does not, so the next use reloads
      // exactly what is stored.
      this.#overCap = false;
      this.#doc = undefined;
    }
    // Also after a failure: what Yjs changed before failing was queued, and is what the
    // reloaded document will hold. Inside `together`, the burst's end writes.
    if (!this.#together) this.#pending.edited();
    return result;
  }

  /**
   * After every transaction, before Yjs would encode it for "update" listeners: a transaction
   * that changed nothing (a duplicate, or structs waiting for missing ones) is let go, so the
   * log holds only what the document really contains. One that integrated exactly the update
   * being integrated queues that update as sent; any other has Yjs encode what it changed
   * (a listener for this transaction's "update" only, which removes itself).
   */
  #cleanedUp(transaction: Y.Transaction): void {
    const { beforeState: before, afterState: after } = transaction;
    if (transaction.deleteSet.clients.size === 0 && !advanced(before, after)) return;
    const arriving = this.#arriving;
    const waiting = { before: arriving?.waitingBefore ?? 0, after: waitingBytes(transaction.doc) };
    if (arriving !== undefined && transaction.origin === arriving.origin && sentIsEffective(Y.parseUpdateMeta(arriving.update), before, after, waiting)) {
      this.#changed(arriving.update, arriving.origin);
    } else transaction.doc.on("update", this.#changedOnce);
  }

  readonly #changedOnce = (update: Uint8Array, origin: O | null, doc: Y.Doc): void => {
    doc.off("update", this.#changedOnce);
    this.#changed(update, origin);
  };

  /** A transaction changed the document: `update` is what it changed. */
  #changed(update: Uint8Array, origin: O | null): void {
    if (this.#overCap) return;
    if (growsPastCap(update, this.#log.storedBytes, this.#pending.bytes, this.#limits.maxDocumentBytes)) {
      this.#overCap = true;
      return;
    }
    this.#pending.queue(update, origin, origin === null ? null : this.#authorOf(origin));
  }

  #authorOf(origin: O): string | null {
    return this.#events.author?.(origin) ?? null;
  }

  /** Writes the edits waiting for a burst's timer now, before a frame that is not an edit (see WriteBatch.settle). */
  settle(): void {
    this.#pending.settle();
  }

  /** Runs `send` once the edits before it are written: now, if none is waiting. */
  afterWrite(send: () => void): void {
    this.#pending.afterWrite(send);
  }

  /**
   * Appends the waiting edits to the log, all or none, then sends what waited for them (the
   * output gate holds those sends until the write is durable). On a storage failure nothing
   * is sent, the document is reloaded from what is stored, the lost origins are reported,
   * and a StorageError is thrown.
   */
  write(): void {
    this.#pending.write();
  }

  /**
   * The answer to a sync step 1, as frames. A newcomer (empty state vector) needs the whole
   * document: that answer is computed once per document version and shared, so a join storm
   * of many clients costs one encoding instead of one each.
   */
  syncAnswer(stateVector: Uint8Array): Uint8Array[] {
    const doc = this.stored();
    const empty = stateVector.length === 1 && stateVector[0] === 0;
    if (!empty) return this.#syncFrames(Y.encodeStateAsUpdate(doc, stateVector));
    const seq = this.#log.seq;
    if (this.#fullSync?.seq !== seq || this.#fullSync.doc !== doc) {
      this.#fullSync = { seq, doc, frames: this.#syncFrames(Y.encodeStateAsUpdate(doc)) };
    }
    return this.#fullSync.frames;
  }

  /**
   * An answer larger than the sync frame size goes as several updates, the sync step 2 last:
   * a stock client counts as synced only once it has everything.
   */
  #syncFrames(update: Uint8Array): Uint8Array[] {
    const parts = splitUpdate(update, this.#limits.syncFrameBytes - FRAME_HEADER_BYTES);
    return parts.map((part, i) => (i === parts.length - 1 ? writeSyncStep2(part) : writeUpdate(part)));
  }

  /** Merges the log into the stored state (every waiting edit written first). */
  compact(): void {
    this.#log.compact(Y.encodeStateAsUpdate(this.stored()));
  }

  /** Starts a room with nothing stored from a verified snapshot of its document at `seq`. */
  startFrom(state: Uint8Array, seq: number): void {
    this.#log.restore(state, seq);
    this.#doc = undefined;
  }

  /** Forgets the document in memory (it may not match storage): the next use reloads it. */
  dropDocument(): void {
    this.#doc = undefined;
  }

  /** Forgets the edits not yet written: the room is being deleted and they die with it. */
  abandon(): void {
    this.#pending.forget();
  }

  /** Starts over on storage that was wiped: a new log, nothing in memory. */
  reopen(): void {
    this.#pending.forget();
    this.#doc = undefined;
    this.#log = new UpdateLog(this.#storage);
  }
}

/** Whether any client's clock moved between two state vectors. */
function advanced(before: Map<number, number>, after: Map<number, number>): boolean {
  for (const [client, clock] of after) if (before.get(client) !== clock) return true;
  return false;
}
