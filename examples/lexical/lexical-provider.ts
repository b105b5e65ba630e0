/**
 * The room as the provider Lexical's CollaborationPlugin asks its `providerFactory` for: the
 * room's own provider (its events, its document's updates), with two things kept the room's.
 * - Connecting: the plugin connects when its binding observes the document and disconnects
 *   when the editor goes; here that is `room.connect()` and `room.disconnect()`, so a room
 *   that has ended stays closed and reconnects, session refreshes and the save status remain
 *   openRoom's (open the room with `connect={false}` on RoomProvider and let the plugin start it).
 * - Presence: Lexical writes its whole awareness state (name, colour, caret) at once, which
 *   would drop the `user` field that `useOthers()`, avatars and other clients read; the
 *   state it writes keeps the `user` already there (RoomProvider's `user` prop sets it).
 */
import type { Room } from "@edge-rooms/client";
import type { Provider, UserState } from "@lexical/yjs";

export function lexicalProvider(room: Room): Provider {
  const { awareness, provider } = room;
  return {
    awareness: {
      getLocalState: () => awareness.getLocalState() as UserState | null,
      getStates: () => awareness.getStates() as Map<number, UserState>,
      on: (type, listener) => awareness.on(type, listener),
      off: (type, listener) => awareness.off(type, listener),
      setLocalState(state) {
        const user: unknown = awareness.getLocalState()?.user;
        awareness.setLocalState(state === null || user === undefined ? state : { ...state, user });
      },
      setLocalStateField: (field, value) => awareness.setLocalStateField(field, value),
    },
    connect: () => void room.connect(),
    disconnect: () => room.disconnect(),
    // y-websocket's provider emits the events Lexical listens to ("sync", "status"); its
    // typed `on` names only its own, so the listener goes through as the event's.
    on: (type: string, listener: (...args: never[]) => void) => provider.on(type as "sync", listener as (synced: boolean) => void),
    off: (type: string, listener: (...args: never[]) => void) => provider.off(type as "sync", listener as (synced: boolean) => void),
  };
}
