/**
 * `RoomProvider`: opens a room with `openRoom` when it mounts and destroys it when it unmounts
 * or its `id` or `client` changes, and gives it to the components inside through `useRoom`.
 * The room (and the document and awareness the provider made for it) lives from an effect to
 * its cleanup, so React's StrictMode, which mounts, unmounts and mounts again, leaves exactly
 * one open socket and no listener behind.
 */
import { type Client, openRoom, type Person, type Room } from "@edge-rooms/client";
import { createContext, createElement, type ReactNode, useContext, useEffect, useState } from "react";
import { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";

export interface RoomProviderProps {
  /** The room's id. */
  id: string;
  /** The REST client (`createClient`): the server and the session. */
  client: Client;
  /** Who I am to the others (avatars, carets); set on my presence as soon as the room opens. */
  user?: Person;
  /** A document of yours (kept in IndexedDB, say); by default a new one per room, destroyed with it. */
  doc?: Y.Doc;
  /** The incarnation a document of yours belongs to (openRoom's `incarnation`). */
  incarnation?: string;
  /** Receive comment events (`useRoomEvents`); default true. */
  events?: boolean;
  /** Shown until the room is open (one render after mounting); default nothing. */
  fallback?: ReactNode;
  children?: ReactNode;
}

const RoomContext = createContext<Room | null>(null);

export function RoomProvider(props: RoomProviderProps): ReactNode {
  const { id, client, doc, incarnation, events, user } = props;
  const [room, setRoom] = useState<Room | null>(null);

  useEffect(() => {
    const ownDoc = doc ?? new Y.Doc();
    const awareness = new Awareness(ownDoc);
    const opened = openRoom(id, { doc: ownDoc, client, awareness, ...(incarnation ? { incarnation } : {}), ...(events === false ? { events } : {}) });
    setRoom(opened);
    return () => {
      setRoom(null);
      opened.destroy();
      awareness.destroy();
      if (ownDoc !== doc) ownDoc.destroy();
    };
  }, [id, client, doc, incarnation, events]);

  const userId = user?.id;
  const userName = user?.name;
  const userColor = user?.color;
  useEffect(() => {
    if (room && userId && userName && userColor) room.presence.setUser({ id: userId, name: userName, color: userColor });
  }, [room, userId, userName, userColor]);

  return room === null ? (props.fallback ?? null) : createElement(RoomContext.Provider, { value: room }, props.children);
}

/** The open room of the nearest `RoomProvider`; throws outside one. */
export function useRoom(): Room {
  const room = useContext(RoomContext);
  if (room === null) throw new Error("useRoom: no RoomProvider above this component");
  return room;
}
