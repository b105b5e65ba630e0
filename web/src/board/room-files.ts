/**
 * The board's two uses of the room's files API (docs/api.md "Files"): putting an image into the
 * room, and fetching one back to embed in an export. Both go through the page's client.
 */
import type { FileJson } from "@edge-rooms/client";
import { client } from "../lib/api";

/** Uploads `file` into the room's files (the server decides its type from the bytes) and answers the stored file. */
export const uploadFile = (roomId: string, file: Blob & { name?: string }): Promise<FileJson> => client.files.upload(roomId, file, { name: file.name });

/** The file at `url` (a room file URL) as a `data:` URL, for a self-contained export; null when it cannot be fetched. */
export async function fileAsDataUrl(url: string): Promise<string | null> {
  try {
    const blob = await (await client.http.send(url)).blob();
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
