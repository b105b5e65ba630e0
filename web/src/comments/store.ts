/**
 * The room's comment threads in the page: loaded over HTTP, kept current by room events, and
 * reloaded after every reconnect (events missed while away are not replayed).
 */
import type { CommentEvent, Room } from "@edge-rooms/client";
import { client } from "../lib/api";
import { applyEvent, type Thread } from "./apply-event";

export interface ThreadStore {
  readonly threads: Thread[];
  onChange(listener: (event?: CommentEvent) => void): void;
  /** Applies a change of my own at once; the room's event for it then changes nothing. */
  apply(event: CommentEvent): void;
  reload(): Promise<void>;
}

export function createThreadStore(room: Room): ThreadStore {
  let threads: Thread[] = [];
  const listeners: Array<(event?: CommentEvent) => void> = [];
  const changed = (event?: CommentEvent) => listeners.forEach((l) => l(event));
  const reload = async () => {
    threads = await client.threads.all(room.id);
    changed();
  };
  const apply = (event: CommentEvent) => {
    threads = applyEvent(threads, event);
    changed(event);
  };
  room.on("event", apply);
  room.on("connection", (state) => state === "connected" && void reload().catch(() => {}));
  return {
    get threads() {
      return threads;
    },
    onChange: (listener) => listeners.push(listener),
    apply,
    reload,
  };
}
