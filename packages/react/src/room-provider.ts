/**
 * `RoomProvider`: opens a room with `openRoom` when it mounts and destroys it when it unmounts
 * or a prop the room is opened with (`id`, `client`, `doc`, …) changes, and gives it to the
 * components inside through `useRoom` (and its client through `useClient`).
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
  /**
   * Connect at once; default true. False opens the room disconnected until `room.connect()`:
   * for a binding that connects once it observes the document (Lexical's CollaborationPlugin),
   * so the stored content arrives as changes it sees.
   */
  connect?: boolean;
  /** Shown until the room is open (one render after mounting); default nothing. */
  fallback?: ReactNode;
  children?: ReactNode;
}

/** The open room and the client it was opened with. */
interface OpenRoom {
  room: Room;
  client: Client;
}

const RoomContext = createContext<OpenRoom | null>(null);

export function RoomProvider(props: RoomProviderProps): ReactNode {
  const { id, client, doc, incarnation, events, connect, user } = props;
  const [open, setOpen] = useState<OpenRoom | null>(null);
  const room = open?.room ?? null;

  useEffect(() => {
    const ownDoc = doc ?? new Y.Doc();
    const awareness = new Awareness(ownDoc);
    const opened = openRoom(id, {
      doc: ownDoc,
      client,
      awareness,
      ...(incarnation ? { incarnation } : {}),
      ...(events === false ? { events } : {}),
      ...(connect === false ? { connect } : {}),
    });
    setOpen({ room: opened, client });
    return () => {
      setOpen(null);
      opened.destroy();
      awareness.destroy();
      if (ownDoc !== doc) ownDoc.destroy();
    };
  }, [id, client, doc, incarnation, events, connect]);

  const userId = user?.id;
  const userName = user?.name;
  const userColor = user?.color;
  useEffect(() => {
    if (room && userId && userName && userColor) room.presence.setUser({ id: userId, name: userName, color: userColor });
  }, [room, userId, userName, userColor]);

  return open === null ? (props.fallback ?? null) : createElement(RoomContext.Provider, { value: open }, props.children);
}

function useOpenRoom(hook: string): OpenRoom {
  const open = useContext(RoomContext);
  if (open === null) throw new Error(`${hook}: no RoomProvider above this component`);
  return open;
}

/** The open room of the nearest `RoomProvider`; throws outside one. */
export function useRoom(): Room {
  return useOpenRoom("useRoom").room;
}

/** The REST client the nearest `RoomProvider` opened its room with; throws outside one. */
export function useClient(): Client {
  return useOpenRoom("useClient").client;
}
