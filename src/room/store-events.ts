/**
 * What the room does when its document store reports: relay a written edit to the other
 * sockets, count the write and plan maintenance after it, close the sockets whose edits a failed
 * write lost (their clients reconnect and send them again), and name who wrote an edit.
 */
import { logEvent } from "../log";
import { CLOSE } from "../wire/close-codes";
import { writeUpdate } from "../wire/protocol";
import type { Attachments } from "./attachment";
import type { DocumentEvents } from "./document-store";
import { authorOfOrigin } from "./edit-origin";
import type { RoomMetrics } from "./metrics";
import { Sockets } from "./sockets";

export interface StoreEventParts {
  room: string;
  sockets: Sockets;
  attachments: Attachments;
  metrics: RoomMetrics;
  /** After each write: the parts built on the store (maintenance, the relay tier) take note. */
  written(now: number): void;
}

export function storeEvents(parts: StoreEventParts): DocumentEvents<WebSocket | string> {
  const { room, sockets, attachments, metrics } = parts;
  return {
    relay: (update, origin) => sockets.broadcast(writeUpdate(update), origin),
    written: (edits, now) => {
      metrics.wrote(edits);
      parts.written(now);
    },
    lost: (origins, error) => {
      logEvent("error", "store_failed", { room, error: String(error) });
      // 1011 is transient: the clients reconnect and send the lost edits again.
      for (const ws of origins) if (ws instanceof WebSocket && Sockets.isOpen(ws)) sockets.reject(ws, CLOSE.internalError);
    },
    refused: (origin, error) => {
      const user = origin instanceof WebSocket ? attachments.get(origin).user.id : origin;
      logEvent("error", "update_failed", { room, user, error: String(error) });
    },
    author: (origin) => (origin instanceof WebSocket ? attachments.get(origin).user.id : authorOfOrigin(origin)),
  };
}
