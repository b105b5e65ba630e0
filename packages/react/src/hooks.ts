/**
 * The hooks over the room of the nearest `RoomProvider`: its document, connection, save
 * status, ending, the other people present and comment events. Each re-renders only when its
 * own value changes (`useSyncExternalStore` over the stores in stores.ts).
 */
import type { CommentEvent, ConnectionState, Person, Presence, RoomEnding, SaveState } from "@edge-rooms/client";
import { useEffect, useMemo, useRef, useSyncExternalStore } from "react";
import type * as Y from "yjs";
import { useRoom } from "./room-provider";
import { othersStore, roomValue } from "./stores";

/** The room's document. */
export function useYDoc(): Y.Doc {
  return useRoom().doc;
}

/** "connecting", "connected", "reconnecting", "offline" or "ended". */
export function useConnection(): ConnectionState {
  const room = useRoom();
  const store = useMemo(() => roomValue(room, "connection", (r) => r.connection), [room]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** "saved" (every edit of mine durably stored), "saving", "unsaved" (offline edits) or "read-only". */
export function useSaveStatus(): SaveState {
  const room = useRoom();
  const store = useMemo(() => roomValue(room, "save", (r) => r.save), [room]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** Why the room ended (`{ code, reason }`, docs/client.md "Close codes"), or null while it goes on. */
export function useRoomEnding(): RoomEnding | null {
  const room = useRoom();
  const store = useMemo(() => roomValue(room, "ended", (r) => r.ending), [room]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** The other people in the room, one entry per person however many tabs they have open. */
export function useOthers(): readonly Person[] {
  const room = useRoom();
  const store = useMemo(() => othersStore(room.presence), [room]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** My presence: `setUser` and `setField` (a caret, a pointer) for the others to see. */
export function usePresence(): Presence {
  return useRoom().presence;
}

/** Calls `listener` with every comment event of the room (the latest `listener` given). */
export function useRoomEvents(listener: (event: CommentEvent) => void): void {
  const room = useRoom();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => room.on("event", (event) => latest.current(event)), [room]);
}
