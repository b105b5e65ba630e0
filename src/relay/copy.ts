/**
 * A relay's copy of the room's document, at the sequence number its sockets have been sent
 * through. Only what the room stored reaches it, in order, so newcomers are answered from it
 * without asking the room: a join storm on a relay costs the room nothing per newcomer.
 */
import * as Y from "yjs";
import { splitUpdate } from "../document/split-update";
import { writeSyncStep2, writeUpdate } from "../wire/protocol";
import { type CatchUp, type Sequenced, sortDelivery } from "./catch-up";

/** Message type, sync type and the payload's length prefix. */
const FRAME_HEADER_BYTES = 16;

export class RelayCopy {
  readonly #doc = new Y.Doc();
  #seq: number;
  readonly #syncFrameBytes: number;
  /** The shared full answer for newcomers, valid for one sequence number. */
  #fullSync: { seq: number; frames: Uint8Array[] } | undefined;

  /** A copy of the room's `state` at `seq`. */
  constructor(state: Uint8Array, seq: number, syncFrameBytes: number) {
    Y.applyUpdate(this.#doc, state);
    this.#seq = seq;
    this.#syncFrameBytes = syncFrameBytes;
  }

  /** The sequence number this copy (and every socket on the relay) is at. */
  get seq(): number {
    return this.#seq;
  }

  get stateVector(): Uint8Array {
    return Y.encodeStateVector(this.#doc);
  }

  /**
   * Takes updates the room pushed: the updates to fan out now, in order, each once, and
   * whether one is missing (the caller then catches up from the room).
   */
  receive(pushed: readonly Sequenced[]): { fanOut: Uint8Array[]; gap: boolean } {
    const { next, gap } = sortDelivery(this.#seq, pushed);
    for (const { seq, update } of next) {
      Y.applyUpdate(this.#doc, update);
      this.#seq = seq;
    }
    return { fanOut: next.map((e) => e.update), gap };
  }

  /** Takes the room's answer to a catch-up: what the sockets lack, as updates to fan out. */
  catchUp(answer: CatchUp): Uint8Array[] {
    if ("updates" in answer) return this.receive(answer.updates).fanOut;
    // The room's log no longer holds the tail: what the state adds to this copy is what
    // the sockets lack (Yjs drops whatever a client already has).
    const before = Y.encodeStateVector(this.#doc);
    Y.applyUpdate(this.#doc, answer.state);
    this.#seq = answer.seq;
    return [Y.encodeStateAsUpdate(this.#doc, before)];
  }

  /**
   * The answer to a sync step 1, as frames, the step 2 last; a newcomer's (an empty state
   * vector) is encoded once per sequence number and shared.
   */
  syncAnswer(stateVector: Uint8Array): Uint8Array[] {
    const empty = stateVector.length === 1 && stateVector[0] === 0;
    if (!empty) return this.#frames(Y.encodeStateAsUpdate(this.#doc, stateVector));
    if (this.#fullSync?.seq !== this.#seq) this.#fullSync = { seq: this.#seq, frames: this.#frames(Y.encodeStateAsUpdate(this.#doc)) };
    return this.#fullSync.frames;
  }

  #frames(update: Uint8Array): Uint8Array[] {
    const parts = splitUpdate(update, this.#syncFrameBytes - FRAME_HEADER_BYTES);
    return parts.map((part, i) => (i === parts.length - 1 ? writeSyncStep2(part) : writeUpdate(part)));
  }
}
