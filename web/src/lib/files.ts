/** Files in a room from a page: uploading one (docs/api.md, "Files"). */
import { api } from "./api";
import type { StoredFile } from "./types";

/** Uploads `file` into the room and answers it as the room stores it (its URL among the rest). */
export async function uploadFile(roomId: string, file: File): Promise<StoredFile> {
  const name = file.name ? `?name=${encodeURIComponent(file.name)}` : "";
  const { file: stored } = await api<{ file: StoredFile }>(`/api/rooms/${encodeURIComponent(roomId)}/files${name}`, { method: "POST", file });
  return stored;
}
