/**
 * What the baseline relay reads of a y-websocket frame: its message type, its sync step,
 * and for presence the (client id, clock) of each entry. No Yjs, no JSON: the states are
 * skipped as opaque bytes, which is the least any server must do with stock clients.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

export type Frame = { kind: "sync-step1" } | { kind: "sync-step2" } | { kind: "awareness"; entries: PresenceEntry[] } | { kind: "other" };

/** One entry of an awareness update, with its bytes as received (id, clock, state). */
export interface PresenceEntry {
  clientId: number;
  clock: number;
  removal: boolean;
  bytes: Uint8Array;
}

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const NULL_STATE = new TextEncoder().encode("null");

/** Classifies a frame; anything unreadable is "other" and is forwarded as it came. */
export function readFrame(frame: Uint8Array): Frame {
  try {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const step = decoding.readVarUint(decoder);
      return step === 0 ? { kind: "sync-step1" } : step === 1 ? { kind: "sync-step2" } : { kind: "other" };
    }
    if (type === MESSAGE_AWARENESS) return { kind: "awareness", entries: readEntries(decoding.readVarUint8Array(decoder)) };
  } catch {
    // Not ours to judge: a bare relay forwards what it cannot read.
  }
  return { kind: "other" };
}

function readEntries(update: Uint8Array): PresenceEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: PresenceEntry[] = [];
  for (let i = 0; i < count; i++) {
    const start = decoder.pos;
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = decoding.readVarUint8Array(decoder);
    const removal = state.length === NULL_STATE.length && state.every((b, j) => b === NULL_STATE[j]);
    entries.push({ clientId, clock, removal, bytes: update.slice(start, decoder.pos) });
  }
  return entries;
}

/**
 * The sync step 2 a lone client gets: an empty Yjs update. With nobody else in the room the
 * relay holds no document, so "nothing" is the true answer, and it marks the client synced.
 */
export const EMPTY_SYNC_STEP2 = Uint8Array.of(MESSAGE_SYNC, 1, 2, 0, 0);

/** An awareness message made of entries as they were received. */
export function writePresence(entries: Iterable<PresenceEntry>): Uint8Array {
  const list = [...entries];
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, list.length);
  for (const e of list) encoding.writeUint8Array(update, e.bytes);
  const message = encoding.createEncoder();
  encoding.writeVarUint(message, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
  return encoding.toUint8Array(message);
}

/**
 * The newest presence entry seen per client, with y-protocols' rule (a higher clock wins; an
 * equal clock only to remove). Stock clients send back every presence they receive, so a
 * relay that forwarded those echoes would turn one cursor move into N² frames.
 */
export class PresenceClocks {
  readonly #latest = new Map<number, PresenceEntry>();

  /** Records the entries; true if any of them is news (the frame is worth forwarding). */
  record(entries: readonly PresenceEntry[]): boolean {
    let news = false;
    for (const e of entries) {
      const known = this.#latest.get(e.clientId);
      if (known === undefined || known.clock < e.clock || (known.clock === e.clock && e.removal && !known.removal)) {
        this.#latest.set(e.clientId, e);
        news = true;
      }
    }
    return news;
  }

  /** Every present client's latest entry, for a newcomer. */
  present(): PresenceEntry[] {
    return [...this.#latest.values()].filter((e) => !e.removal);
  }
}
