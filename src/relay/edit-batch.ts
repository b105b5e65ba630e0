/**
 * A relay's edits on their way to the room, in bursts: at most one call in flight; edits that
 * arrive meanwhile (or in the same turn as the first) wait and go together in the next call,
 * which the room stores in one write (docs/scale.md, "Upstream"). A lone edit goes at once,
 * so batching adds no latency when the room keeps up, and the room's work per edit shrinks
 * when it does not. Order is kept: edits go in the order they were added, and each caller
 * gets the answer to its own. Pure: the call is injected.
 */

/** Most edits in one call, and most bytes (an edit larger than that goes alone). */
export const MAX_BATCH_EDITS = 100;
export const MAX_BATCH_BYTES = 1024 * 1024;

interface Waiting<E, A> {
  edit: E;
  bytes: number;
  resolve: (answer: A) => void;
  reject: (err: unknown) => void;
}

export class EditBatch<E, A> {
  readonly #send: (edits: E[]) => Promise<A[]>;
  #waiting: Waiting<E, A>[] = [];
  #busy = false;

  /** `send` answers each edit, in order, or fails for all of them. */
  constructor(send: (edits: E[]) => Promise<A[]>) {
    this.#send = send;
  }

  /** Queues an edit of `bytes` bytes; resolves with the room's answer to it. */
  add(edit: E, bytes: number): Promise<A> {
    return new Promise<A>((resolve, reject) => {
      this.#waiting.push({ edit, bytes, resolve, reject });
      if (this.#busy) return;
      // Edits released in the same turn (a backlog, several sockets' frames) go together.
      this.#busy = true;
      queueMicrotask(() => void this.#flush());
    });
  }

  async #flush(): Promise<void> {
    while (this.#waiting.length > 0) {
      const batch = this.#take();
      try {
        const answers = await this.#send(batch.map((w) => w.edit));
        batch.forEach((w, i) => w.resolve(answers[i]!));
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    this.#busy = false;
  }

  #take(): Waiting<E, A>[] {
    let bytes = 0;
    let count = 0;
    for (const w of this.#waiting) {
      if (count > 0 && (count >= MAX_BATCH_EDITS || bytes + w.bytes > MAX_BATCH_BYTES)) break;
      bytes += w.bytes;
      count++;
    }
    return this.#waiting.splice(0, count);
  }
}
