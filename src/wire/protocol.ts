/**
 * The y-websocket wire protocol as pure functions (no I/O), so it is tested on its own.
 *
 * Every frame is one binary message: a varUint outer type, then its payload.
 *   0 sync       varUint sub-type (0 step1 | 1 step2 | 2 update), varUint8Array payload
 *   1 awareness  varUint8Array awareness update: varUint n, n × (varUint clientID, varUint clock, varString JSON)
 *   3 query      no payload: "send me every awareness state you know"
 * Type 2 (auth) only ever travels server → client in y-websocket and is refused inbound.
 *
 * Our one extension, only for sockets that opted in with `?acks=1`:
 *   100 ack      varUint seq, varUint status (0 stored | 1 dropped: read-only)
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import { InvalidUpdateError, validateUpdate } from "../document/update";

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_QUERY_AWARENESS = 3;
export const MESSAGE_ACK = 100;

/** The update was stored: it is durable through sequence number `seq`. */
export const ACK_STORED = 0;
/** The update was dropped because the socket is read-only. */
export const ACK_READ_ONLY = 1;

export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

/** One client's entry in an awareness update. `state` is the JSON text; `"null"` means "gone". */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: string;
}

export type Incoming =
  | { kind: "sync-step1"; stateVector: Uint8Array }
  | { kind: "sync-step2"; update: Uint8Array }
  | { kind: "sync-update"; update: Uint8Array }
  | { kind: "awareness"; entries: AwarenessEntry[] }
  | { kind: "query-awareness" };

/** Thrown for any frame that is not a well-formed message; the room closes the sender. */
export class ProtocolError extends Error {
  override readonly name = "ProtocolError";
}

/**
 * Decodes and validates one inbound frame. Everything a peer will later decode is checked
 * here (the state vector, the Yjs update, the awareness JSON), so a frame that passes can
 * be stored and relayed without breaking anyone; anything else throws ProtocolError.
 */
export function readMessage(frame: Uint8Array): Incoming {
  try {
    const decoder = decoding.createDecoder(frame);
    const message = readOuter(decoder);
    if (decoding.hasContent(decoder)) throw new ProtocolError("trailing bytes after the message");
    return message;
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    // The update rule is the document's; to the room, a frame carrying a bad update is malformed.
    if (err instanceof InvalidUpdateError) throw new ProtocolError(err.message, { cause: err });
    throw new ProtocolError("malformed frame", { cause: err });
  }
}

function readOuter(decoder: decoding.Decoder): Incoming {
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MESSAGE_SYNC:
      return readSync(decoder);
    case MESSAGE_AWARENESS:
      return { kind: "awareness", entries: readAwarenessUpdate(decoding.readVarUint8Array(decoder)) };
    case MESSAGE_QUERY_AWARENESS:
      return { kind: "query-awareness" };
    default:
      throw new ProtocolError(`unknown message type ${type}`);
  }
}

function readSync(decoder: decoding.Decoder): Incoming {
  const type = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  switch (type) {
    case SYNC_STEP1:
      // Throws on a malformed state vector before the room computes a diff from it.
      Y.decodeStateVector(payload);
      return { kind: "sync-step1", stateVector: payload };
    case SYNC_STEP2:
      validateUpdate(payload);
      return { kind: "sync-step2", update: payload };
    case SYNC_UPDATE:
      validateUpdate(payload);
      return { kind: "sync-update", update: payload };
    default:
      throw new ProtocolError(`unknown sync message type ${type}`);
  }
}

/** An awareness entry's id and clock, read without its state. */
export interface AwarenessClock {
  clientId: number;
  clock: number;
  removal: boolean;
}

const NULL_STATE = new TextEncoder().encode("null");

/**
 * Reads only the ids and clocks of an awareness message, skipping the states unparsed:
 * enough to recognise an echo, which stock clients send for every presence they receive.
 * Null for anything else, anything malformed (the full reader then judges it), or more
 * than `maxEntries` entries.
 */
export function readAwarenessClocks(frame: Uint8Array, maxEntries: number): AwarenessClock[] | null {
  // Every frame is asked this first: an edit answers from its first byte, without a decoder.
  if (frame[0] !== MESSAGE_AWARENESS) return null;
  try {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== MESSAGE_AWARENESS) return null;
    const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
    const count = decoding.readVarUint(update);
    if (count > maxEntries) return null;
    const entries: AwarenessClock[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(update);
      const clock = decoding.readVarUint(update);
      const state = decoding.readVarUint8Array(update);
      entries.push({ clientId, clock, removal: state.length === 4 && state.every((b, j) => b === NULL_STATE[j]) });
    }
    return decoding.hasContent(update) || decoding.hasContent(decoder) ? null : entries;
  } catch {
    return null;
  }
}

/** Decodes an awareness update; every state must be JSON, since every client will JSON.parse it. */
export function readAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = decoding.readVarString(decoder);
    try {
      JSON.parse(state);
    } catch (err) {
      throw new ProtocolError("awareness state is not JSON", { cause: err });
    }
    entries.push({ clientId, clock, state });
  }
  if (decoding.hasContent(decoder)) throw new ProtocolError("trailing bytes in awareness update");
  return entries;
}

function encode(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function writeSync(type: number, payload: Uint8Array): Uint8Array {
  return encode((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, type);
    encoding.writeVarUint8Array(e, payload);
  });
}

export const writeSyncStep1 = (stateVector: Uint8Array) => writeSync(SYNC_STEP1, stateVector);
export const writeSyncStep2 = (update: Uint8Array) => writeSync(SYNC_STEP2, update);
export const writeUpdate = (update: Uint8Array) => writeSync(SYNC_UPDATE, update);

/** An awareness message carrying the given entries. */
export function writeAwareness(entries: Iterable<AwarenessEntry>): Uint8Array {
  const list = [...entries];
  const update = encode((e) => {
    encoding.writeVarUint(e, list.length);
    for (const { clientId, clock, state } of list) {
      encoding.writeVarUint(e, clientId);
      encoding.writeVarUint(e, clock);
      encoding.writeVarString(e, state);
    }
  });
  return encode((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, update);
  });
}

/**
 * An awareness message with no entries: a no-op for any client. The room sends it to say it
 * is still there while its own answers are held up (intake.ts, "still here"), since stock
 * clients drop a connection they heard nothing on for 30 s.
 */
export const STILL_HERE = writeAwareness([]);

export function writeQueryAwareness(): Uint8Array {
  return encode((e) => encoding.writeVarUint(e, MESSAGE_QUERY_AWARENESS));
}

/** Acknowledges one sync step 2 or update message, in the order they arrived. */
export function writeAck(seq: number, status: typeof ACK_STORED | typeof ACK_READ_ONLY): Uint8Array {
  return encode((e) => {
    encoding.writeVarUint(e, MESSAGE_ACK);
    encoding.writeVarUint(e, seq);
    encoding.writeVarUint(e, status);
  });
}

/** Reads an ack's payload (after its message type). */
export function readAck(decoder: decoding.Decoder): { seq: number; status: number } {
  return { seq: decoding.readVarUint(decoder), status: decoding.readVarUint(decoder) };
}
