/**
 * Room events: the second opt-in extension of the protocol (docs/protocol.md), for sockets
 * opened with `?events=1`. The Worker changes threads and comments in D1, then asks the room
 * to tell everyone in it, so a comment reaches the others as fast as an edit does.
 *
 *   101 event    varString JSON `{ "type": "thread.created" | "comment.created" | ..., ... }`
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

export const MESSAGE_EVENT = 101;

/** An event as the room relays it: a `type` and its JSON payload (src/wire/comments.ts lists them). */
export interface RoomEvent {
  type: string;
  [field: string]: unknown;
}

export function writeEvent(event: RoomEvent): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_EVENT);
  encoding.writeVarString(encoder, JSON.stringify(event));
  return encoding.toUint8Array(encoder);
}

/** Reads an event's payload (after its message type). */
export function readEvent(decoder: decoding.Decoder): RoomEvent {
  return JSON.parse(decoding.readVarString(decoder)) as RoomEvent;
}
