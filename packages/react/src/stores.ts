/**
 * A room's changing values as external stores for React's `useSyncExternalStore`: a
 * `subscribe` that listens through `room.on` (or presence changes) and a `getSnapshot` that
 * returns the same value until it really changed, since React renders again, forever, when a
 * snapshot is a new object each time. No React in here: tested directly in Node.
 */
import type { Person, Presence, Room, RoomEvents } from "@edge-rooms/client";

export interface ExternalStore<T> {
  subscribe(onChange: () => void): () => void;
  getSnapshot(): T;
}

/** A value of `room` that changes with one of its events: its connection, save status or ending. */
export function roomValue<T>(room: Room, event: keyof RoomEvents, read: (room: Room) => T): ExternalStore<T> {
  return {
    subscribe: (onChange) => room.on(event, onChange),
    getSnapshot: () => read(room),
  };
}

/** Whether two lists name the same people in the same order, with the same names and colours. */
export function samePeople(a: readonly Person[], b: readonly Person[]): boolean {
  return a.length === b.length && a.every((p, i) => p.id === b[i]!.id && p.name === b[i]!.name && p.color === b[i]!.color);
}

/**
 * The other people in a room: a new list only when someone came, left or changed their name or
 * colour, not on every caret move (awareness changes many times a second while people type).
 */
export function othersStore(presence: Presence): ExternalStore<readonly Person[]> {
  let last: readonly Person[] = presence.others();
  const read = () => {
    const now = presence.others();
    if (!samePeople(last, now)) last = now;
    return last;
  };
  return {
    subscribe: (onChange) => presence.onChange(() => onChange()),
    getSnapshot: read,
  };
}
