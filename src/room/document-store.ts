/**
 * A room's document and its log: every edit is integrated into the Y.Doc, appended to the
 * log, and only then relayed or acknowledged. "Stored before shown" is this class's API, not
 * a convention of its callers: a send that depends on an edit is handed over (afterWrite) and
 * runs after the write, and whoever reads the document for anyone else gets it from
 * stored(), which writes first.
 */
import * as Y from "yjs";
import { splitUpdate } from "../document/split-update";
import { UpdateLog } from "../storage/log";
import { writeSyncStep2, writeUpdate } from "../wire/protocol";
import { type Clock, systemClock } from "./clock";
import { growsPastCap, WaitingShares, waitingBytes, waitsPastLimits, writesAtOnce } from "./write-policy";

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
}

export interface DocumentLimits {
  maxDocumentBytes: number;
  /** Most bytes of updates the document may hold waiting for structs it has not seen. */
  maxPendingBytes: number;
  /** The largest frame a sync answer is sent in (see syncAnswer). */
  syncFrameBytes: number;
}

/** An edit waiting for the log; a null origin is stored but not relayed. */
interface QueuedEdit<O> {
  update: Uint8Array;
  origin: O | null;
}

interface Batch<O> {
  edits: QueuedEdit<O>[];
  bytes: number;
  /** In order: edits to relay and the sends handed to afterWrite. */
  sends: Array<QueuedEdit<O> | (() => void)>;
  /** Its write waits for a timer (a burst). */
  deferred: boolean;
}

export class DocumentStore<O extends object | string> {
  readonly #storage: DurableObjectStorage;
  readonly #limits: DocumentLimits;
  readonly #events: DocumentEvents<O>;
  readonly #clock: Clock;
  #log: UpdateLog;
  #doc: Y.Doc | undefined;
  /** Edits in the document but not yet in the log, with the sends that wait for them. */
  #pending: Batch<O> | null = null;
  /** When the last edit was integrated: edits closer than BURST_MS apart are written together. */
  #lastEditAt = 0;
  /** What each origin has left waiting for structs the room has not seen (see waitsPastLimits). */
  readonly #waiting = new WaitingShares<O>();
  /** The update being integrated would take the document past its cap (set by #changed). */
  #overCap = false;
  /** The shared full-document answer for newcomers, valid for one sequence number and document. */
  #fullSync: { seq: number; doc: Y.Doc; frames: Uint8Array[] } | undefined;

  constructor(storage: DurableObjectStorage, limits: DocumentLimits, events: DocumentEvents<O>, clock: Clock = systemClock) {
    this.#storage = storage;
    this.#limits = limits;
    this.#events = events;
    this.#clock = clock;
    this.#log = new UpdateLog(storage);
  }

  /** The log as stored: sequence numbers, sizes, meta. Edits still waiting are not in it yet. */
  get log(): UpdateLog {
    return this.#log;
  }

  /** The sequence number the last integrated edit has once written: what an ack promises. */
  get seqWhenWritten(): number {
    return this.#log.seq + (this.#pending?.edits.length ?? 0);
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
    doc.on("update", (update: Uint8Array, origin: O | null) => this.#changed(update, origin));
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
    const queuedBefore = this.#pending?.edits.length ?? 0;
    let result: Integration = "stored";
    try {
      Y.applyUpdate(doc, update, origin);
      const waiting = waitingBytes(doc);
      if (this.#overCap) result = "too_large";
      else if (waiting > 0 && waiting !== waitingBefore) {
        // Parts of it wait for structs the room has not seen (e.g. an edit that travelled
        // between a client's tabs first). No update event queued them: keep the update as
        // sent, so that a reload brings them back and an acknowledgement stays true.
        const change = { before: waitingBefore, after: waiting, ofOrigin: this.#waiting.of(origin) };
        if (!waitsPastLimits(update, change, this.#log.storedBytes, this.#pending?.bytes ?? 0, this.#limits)) {
          this.#queue(update, null);
        } else {
          result = "too_large";
          this.#unqueueSince(queuedBefore);
        }
      }
      if (result === "stored") this.#waiting.record(origin, waitingBefore, waiting);
    } catch (err) {
      result = this.#overCap ? "too_large" : "failed";
      if (result === "failed") this.#events.refused(origin, err);
    }
    if (result !== "stored") {
      // Refused before it was queued, or Yjs failing mid-integration (the update was parsed
      // in full before): memory may hold what storage does not, so the next use reloads
      // exactly what is stored.
      this.#overCap = false;
      this.#doc = undefined;
    }
    // Also after a failure: what Yjs changed before failing was queued, and is what the
    // reloaded document will hold.
    this.#writeSoon();
    return result;
  }

  /**
   * Runs for every transaction that changed the document, with the effective update. Updates
   * that change nothing (duplicates, or structs waiting for missing ones) never reach here,
   * so the log holds only what the document really contains.
   */
  #changed(update: Uint8Array, origin: O | null): void {
    if (this.#overCap) return;
    if (growsPastCap(update, this.#log.storedBytes, this.#pending?.bytes ?? 0, this.#limits.maxDocumentBytes)) {
      this.#overCap = true;
      return;
    }
    this.#queue(update, origin);
  }

  /** Takes back the edits queued after the first `kept` (what a refused update integrated): none was written or sent yet. */
  #unqueueSince(kept: number): void {
    const batch = this.#pending;
    const dropped = new Set(batch?.edits.splice(kept));
    if (batch === null || dropped.size === 0) return;
    for (const edit of dropped) batch.bytes -= edit.update.byteLength;
    batch.sends = batch.sends.filter((send) => typeof send === "function" || !dropped.has(send));
    if (batch.edits.length === 0 && batch.sends.length === 0 && !batch.deferred) this.#pending = null;
  }

  #queue(update: Uint8Array, origin: O | null): void {
    const batch = (this.#pending ??= { edits: [], bytes: 0, sends: [], deferred: false });
    const edit = { update, origin };
    batch.edits.push(edit);
    batch.bytes += update.byteLength;
    if (origin !== null) batch.sends.push(edit);
  }

  /**
   * Writes the queued edits now, unless edits are arriving faster than BURST_MS apart: then
   * from a timer, which runs once the messages already waiting have been handled.
   */
  #writeSoon(): void {
    const now = this.#clock.now();
    const previous = this.#lastEditAt;
    this.#lastEditAt = now;
    const batch = this.#pending;
    if (batch === null || batch.deferred) return;
    if (writesAtOnce(previous, now)) return this.write();
    batch.deferred = true;
    this.#clock.later(this.#writeDeferred, 0);
  }

  /** write from its timer, where a failure was reported through `lost` already. */
  readonly #writeDeferred = (): void => {
    try {
      this.write();
    } catch {
      // Reported (DocumentEvents.lost).
    }
  };

  /** Runs `send` once the edits before it are written: now, if none is waiting. */
  afterWrite(send: () => void): void {
    if (this.#pending === null) send();
    else this.#pending.sends.push(send);
  }

  /**
   * Appends the waiting edits to the log in one transaction, then sends what waited for them
   * (the output gate holds those sends until the write is durable). On a storage failure
   * nothing is sent, the document is reloaded from what is stored, the lost origins are
   * reported, and a StorageError is thrown.
   */
  write(): void {
    const batch = this.#pending;
    if (batch === null) return;
    this.#pending = null;
    try {
      this.#storage.transactionSync(() => {
        for (const { update } of batch.edits) this.#log.append(update);
      });
    } catch (err) {
      this.#doc = undefined;
      // The log counted the appends before the failing one, which the rollback undid: read
      // its figures from storage again, or the next edits would skip sequence numbers.
      this.#log = new UpdateLog(this.#storage);
      this.#events.lost(
        batch.edits.flatMap(({ origin }) => (origin === null ? [] : [origin])),
        err,
      );
      throw new StorageError(err);
    }
    for (const send of batch.sends) {
      if (typeof send === "function") send();
      else if (send.origin !== null) this.#events.relay(send.update, send.origin);
    }
    this.#events.written(batch.edits.length, this.#clock.now());
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
    this.#pending = null;
  }

  /** Starts over on storage that was wiped: a new log, nothing in memory. */
  reopen(): void {
    this.#pending = null;
    this.#doc = undefined;
    this.#log = new UpdateLog(this.#storage);
  }
}

/** A failed write to the room's own storage. */
export class StorageError extends Error {
  override readonly name = "StorageError";
  constructor(cause: unknown) {
    super("storage write failed", { cause });
  }
}
