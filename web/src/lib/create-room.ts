/** A new room: created over the API, then its first content (kind, imported text) sent as one edit. */
import * as Y from "yjs";
import { type RoomKind, setKind } from "../room/kind";
import { api, call } from "./api";
import type { Room } from "./types";

export async function createRoom(kind: RoomKind, title: string, fill: (doc: Y.Doc) => void = () => {}): Promise<Room> {
  const { room } = await api<{ room: Room }>("/api/rooms", { method: "POST", json: { title, kind } });
  const doc = new Y.Doc();
  setKind(doc, kind);
  fill(doc);
  await call(`/api/rooms/${encodeURIComponent(room.id)}/content`, { method: "POST", bytes: Y.encodeStateAsUpdate(doc) as Uint8Array<ArrayBuffer> });
  doc.destroy();
  return room;
}

export const roomPath = (id: string) => `/rooms/${encodeURIComponent(id)}`;
