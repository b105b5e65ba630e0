/**
 * Room events for a stock y-websocket provider opened with `params: { events: "1" }`
 * (docs/protocol.md, "Room events"): comment activity as it happens.
 */
import type * as decoding from "lib0/decoding";
import type { CommentEvent } from "../../../src/wire/comments";
import { MESSAGE_EVENT, readEvent } from "../../../src/wire/events";

export type { CommentEvent };

interface ProviderLike {
  messageHandlers: Array<(encoder: unknown, decoder: decoding.Decoder, provider: never, emitSynced: boolean, type: number) => void>;
}

/** Calls `onEvent` for every event the room sends; returns a function that stops listening. */
export function listenToRoomEvents(provider: ProviderLike, onEvent: (event: CommentEvent) => void): () => void {
  provider.messageHandlers[MESSAGE_EVENT] = (_encoder, decoder) => onEvent(readEvent(decoder) as CommentEvent);
  return () => delete provider.messageHandlers[MESSAGE_EVENT];
}
