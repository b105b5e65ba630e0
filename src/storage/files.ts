/**
 * A room's files: rows in D1 (what each file is, who uploaded it) and bytes in R2 under the
 * room's prefix, so deleting a room's objects deletes its files too.
 */
import { roomPrefix } from "./snapshots";

export interface FileRow {
  room_id: string;
  id: string;
  content_type: string;
  bytes: number;
  name: string | null;
  created_by: string;
  created_at: number;
  checked_at: number | null;
}

export type NewFile = Omit<FileRow, "checked_at">;

export const fileKey = (room: string, id: string) => `${roomPrefix(room)}files/${id}`;

/** Stores the bytes; R2 checks them against their id (their SHA-256) on arrival. */
export async function putFileObject(bucket: R2Bucket, file: NewFile, bytes: Uint8Array): Promise<void> {
  await bucket.put(fileKey(file.room_id, file.id), bytes, { sha256: file.id, httpMetadata: { contentType: file.content_type } });
}

export async function findFile(db: D1Database, room: string, id: string): Promise<FileRow | null> {
  return db.prepare("SELECT * FROM files WHERE room_id = ? AND id = ?").bind(room, id).first<FileRow>();
}

/** The room's files, newest first, and the bytes they take together. */
export async function listFiles(db: D1Database, room: string): Promise<{ files: FileRow[]; usedBytes: number }> {
  const { results } = await db.prepare("SELECT * FROM files WHERE room_id = ? ORDER BY created_at DESC, id").bind(room).all<FileRow>();
  return { files: results, usedBytes: results.reduce((sum, f) => sum + f.bytes, 0) };
}

/**
 * Records a file unless the room's files would then take more than `quotaBytes`; one
 * statement, so concurrent uploads cannot overrun the quota together.
 */
export async function insertFileWithinQuota(db: D1Database, file: NewFile, quotaBytes: number): Promise<"inserted" | "exists" | "over_quota"> {
  const row = await db
    .prepare(
      "INSERT INTO files (room_id, id, content_type, bytes, name, created_by, created_at) " +
        "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE (SELECT COALESCE(SUM(bytes), 0) FROM files WHERE room_id = ?1) + ?4 <= ?8 " +
        "ON CONFLICT (room_id, id) DO NOTHING RETURNING id",
    )
    .bind(file.room_id, file.id, file.content_type, file.bytes, file.name, file.created_by, file.created_at, quotaBytes)
    .first<{ id: string }>();
  if (row) return "inserted";
  return (await findFile(db, file.room_id, file.id)) ? "exists" : "over_quota";
}

/** Files uploaded before `before` and not found in use since `checkedBefore`: what collection looks at. */
export async function filesToCheck(db: D1Database, room: string, before: number, checkedBefore: number): Promise<FileRow[]> {
  const { results } = await db
    .prepare("SELECT * FROM files WHERE room_id = ? AND created_at < ? AND (checked_at IS NULL OR checked_at < ?)")
    .bind(room, before, checkedBefore)
    .all<FileRow>();
  return results;
}

export async function markChecked(db: D1Database, room: string, ids: readonly string[], at: number): Promise<void> {
  if (ids.length === 0) return;
  await db.batch(ids.map((id) => db.prepare("UPDATE files SET checked_at = ? WHERE room_id = ? AND id = ?").bind(at, room, id)));
}

/** Deletes files: the rows first, so no row ever points at a missing object. */
export async function deleteFiles(db: D1Database, bucket: R2Bucket, room: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.batch(ids.map((id) => db.prepare("DELETE FROM files WHERE room_id = ? AND id = ?").bind(room, id)));
  await bucket.delete(ids.map((id) => fileKey(room, id)));
}
