/**
 * The room's comment threads in the page: loaded over HTTP, kept current by room events, and
 * reloaded after every reconnect (events missed while away are not replayed).
 */
import type { WebsocketProvider } from "y-websocket";
import { type CommentEvent, listenToRoomEvents } from "../../../src/client/room-events";
import { api } from "../lib/api";
import { applyEvent, type Thread } from "./apply-event";

export interface ThreadStore {
  readonly threads: Thread[];
  onChange(listener: (event?: CommentEvent) => void): void;
  /** Applies a change of my own at once; the room's event for it then changes nothing. */
  apply(event: CommentEvent): void;
  reload(): Promise<void>;
}

/** Every thread of the room, page after page (the API gives at most 100 at a time). */
async function readAllThreads(roomId: string): Promise<Thread[]> {
  const base = `/api/rooms/${encodeURIComponent(roomId)}/threads?limit=100`;
  const all: Thread[] = [];
  let cursor: string | null = null;
  do {
    const page: { threads: Thread[]; next: string | null } = await api(cursor === null ? base : `${base}&cursor=${encodeURIComponent(cursor)}`);
    all.push(...page.threads);
    cursor = page.next;
  } while (cursor !== null);
  return all;
}

export function createThreadStore(roomId: string, provider: WebsocketProvider): ThreadStore {
  let threads: Thread[] = [];
  const listeners: Array<(event?: CommentEvent) => void> = [];
  const changed = (event?: CommentEvent) => listeners.forEach((l) => l(event));
  const reload = async () => {
    threads = await readAllThreads(roomId);
    changed();
  };
  const apply = (event: CommentEvent) => {
    threads = applyEvent(threads, event);
    changed(event);
  };
  listenToRoomEvents(provider as never, apply);
  provider.on("status", ({ status }) => status === "connected" && void reload().catch(() => {}));
  return {
    get threads() {
      return threads;
    },
    onChange: (listener) => listeners.push(listener),
    apply,
    reload,
  };
}
