/**
 * The board's two uses of the room's files API (docs/api.md "Files"): putting an image into the
 * room, and fetching one back to embed in an export. Both go through the page's fetch wrapper.
 */
import { api, call } from "../lib/api";

export interface RoomFile {
  id: string;
  url: string;
  contentType: string;
  bytes: number;
  name: string;
}

/** Uploads `file` into the room's files (the server decides its type from the bytes) and answers the stored file. */
export async function uploadFile(roomId: string, file: Blob & { name?: string }): Promise<RoomFile> {
  const name = file.name ? `?name=${encodeURIComponent(file.name)}` : "";
  const bytes = new Uint8Array(await file.arrayBuffer());
  return (await api<{ file: RoomFile }>(`/api/rooms/${encodeURIComponent(roomId)}/files${name}`, { method: "POST", bytes })).file;
}

/** The file at `url` (a room file URL) as a `data:` URL, for a self-contained export; null when it cannot be fetched. */
export async function fileAsDataUrl(url: string): Promise<string | null> {
  try {
    const blob = await (await call(url)).blob();
    return await new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    });
  } catch {
    return null;
  }
}
