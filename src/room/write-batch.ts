/**
 * The document store's edits on their way to the log: queued as they are integrated, with
 * the relays and sends that wait for them, and written together, at once for a lone edit or
 * from a timer for a burst (write-policy.ts). Nothing queued is sent before its write.
 * Generic over who an edit came from; the clock is injected so tests run the timer by hand.
 */
import { type Clock, systemClock } from "./clock";
import { writesAtOnce } from "./write-policy";

/** An edit waiting for the log; a null origin is stored but not relayed. */
interface QueuedEdit<O> {
  update: Uint8Array;
  origin: O | null;
  /** Who sent it, as the log records it (null: unknown). */
  author: string | null;
}

/** How a batch reaches the log and what follows its write. */
export interface BatchPort<O> {
  /** Appends the updates to the log with their authors (same order), all or none; throws if storage fails. */
  store(updates: readonly Uint8Array[], authors: readonly (string | null)[]): void;
  /** The write failed: nothing waiting for it was sent; the edits of `origins` are lost. */
  failed(origins: O[], error: unknown): void;
  /** Relays an edit, now written, to everyone but `origin`. */
  relay(update: Uint8Array, origin: O): void;
  /** `edits` were written at `now`. */
  written(edits: number, now: number): void;
}

export class WriteBatch<O> {
  readonly #port: BatchPort<O>;
  readonly #clock: Clock;
  #edits: QueuedEdit<O>[] = [];
  #bytes = 0;
  /** In order: edits to relay and the sends handed to afterWrite. */
  #sends: Array<QueuedEdit<O> | (() => void)> = [];
  /** The write waits for its timer (a burst). */
  #deferred = false;
  /** When the last edit was integrated: edits closer than BURST_MS apart are written together. */
  #lastEditAt = 0;

  constructor(port: BatchPort<O>, clock: Clock = systemClock) {
    this.#port = port;
    this.#clock = clock;
  }

  /** Edits queued and not yet written. */
  get length(): number {
    return this.#edits.length;
  }

  /** Their bytes. */
  get bytes(): number {
    return this.#bytes;
  }

  queue(update: Uint8Array, origin: O | null, author: string | null = null): void {
    const edit = { update, origin, author };
    this.#edits.push(edit);
    this.#bytes += update.byteLength;
    if (origin !== null) this.#sends.push(edit);
  }

  /** Takes back the edits queued after the first `kept` (what a refused update integrated): none was written or sent yet. */
  unqueueSince(kept: number): void {
    if (this.#edits.length <= kept) return;
    const dropped = new Set(this.#edits.splice(kept));
    for (const edit of dropped) this.#bytes -= edit.update.byteLength;
    this.#sends = this.#sends.filter((send) => typeof send === "function" || !dropped.has(send));
  }

  /** Runs `send` once the edits before it are written: now, if nothing is waiting. */
  afterWrite(send: () => void): void {
    if (this.#edits.length === 0 && this.#sends.length === 0) send();
    else this.#sends.push(send);
  }

  /**
   * An edit was integrated: writes the queue now, unless edits are arriving faster than
   * BURST_MS apart; then from a timer, which runs once the messages already waiting have
   * been handled.
   */
  edited(): void {
    const now = this.#clock.now();
    const previous = this.#lastEditAt;
    this.#lastEditAt = now;
    if (this.#deferred || (this.#edits.length === 0 && this.#sends.length === 0)) return;
    if (writesAtOnce(previous, now)) return this.write();
    this.#deferred = true;
    this.#clock.later(this.#writeDeferred, 0);
  }

  /**
   * Writes a burst waiting for its timer now: a frame that is not an edit is about to be
   * handled, and the timer would run only after it and every frame queued behind it, so the
   * burst's relays and acks would wait behind presence. A failure is reported through the
   * port, as from the timer.
   */
  settle(): void {
    if (this.#deferred) this.#writeDeferred();
  }

  /** write from its timer, where a failure was reported through the port already. */
  readonly #writeDeferred = (): void => {
    try {
      this.write();
    } catch {
      // Reported (BatchPort.failed).
    }
  };

  /**
   * Stores the queued edits, all or none, then sends what waited for them (the output gate
   * holds those sends until the write is durable). On a storage failure nothing is sent,
   * the port hears which origins lost edits, and a StorageError is thrown.
   */
  write(): void {
    const edits = this.#edits;
    const sends = this.#sends;
    if (edits.length === 0 && sends.length === 0) return;
    this.forget();
    if (edits.length > 0) {
      try {
        this.#port.store(
          edits.map((edit) => edit.update),
          edits.map((edit) => edit.author),
        );
      } catch (err) {
        this.#port.failed(
          edits.flatMap(({ origin }) => (origin === null ? [] : [origin])),
          err,
        );
        throw new StorageError(err);
      }
    }
    for (const send of sends) {
      if (typeof send === "function") send();
      else if (send.origin !== null) this.#port.relay(send.update, send.origin);
    }
    this.#port.written(edits.length, this.#clock.now());
  }

  /** Drops what is queued, unwritten and unsent (a room being deleted, or a batch taken to write). */
  forget(): void {
    this.#edits = [];
    this.#sends = [];
    this.#bytes = 0;
    this.#deferred = false;
  }
}

/** A failed write to the room's own storage. */
export class StorageError extends Error {
  override readonly name = "StorageError";
  constructor(cause: unknown) {
    super("storage write failed", { cause });
  }
}
