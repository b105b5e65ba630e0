/** A new room: created over the API, then its first content (kind, imported text) sent as one edit. */
import * as Y from "yjs";
import { type RoomKind, setKind } from "../room/kind";
import { client } from "./api";
import type { Room } from "./types";

/** `fill` may upload into the new room first (an imported document's images), hence it gets the room. */
export async function createRoom(kind: RoomKind, title: string, fill: (doc: Y.Doc, room: Room) => void | Promise<void> = () => {}): Promise<Room> {
  const room: Room = await client.rooms.create({ title, kind });
  const doc = new Y.Doc();
  setKind(doc, kind);
  await fill(doc, room);
  await client.content.apply(room.id, Y.encodeStateAsUpdate(doc));
  doc.destroy();
  return room;
}

export const roomPath = (id: string) => `/rooms/${encodeURIComponent(id)}`;
