/** D1 queries for a room's versions (snapshots in R2) and the document metadata on its row. */
import type { VersionKind } from "../domain/rooms";
import type { VersionRef } from "./retention";
import type { StoredSnapshot } from "./snapshots";

export interface VersionRow {
  room_id: string;
  seq: number;
  r2_key: string;
  bytes: number;
  doc_bytes: number;
  checksum: string;
  kind: VersionKind;
  label: string | null;
  created_by: string | null;
  created_at: number;
}

export interface NewVersion {
  room: string;
  seq: number;
  stored: StoredSnapshot;
  docBytes: number;
  kind: VersionKind;
  label: string | null;
  createdBy: string | null;
  createdAt: number;
  /** When the snapshotted state was last edited, if the room saw that edit (null: unknown, keep the room's). */
  editedAt: number | null;
}

/**
 * Records a verified snapshot and brings the room's row up to date, in one batch. A second
 * snapshot of the same sequence number (naming the state an automatic one already holds)
 * updates that version: it keeps the stronger kind and takes the new label.
 */
export async function recordVersion(db: D1Database, v: NewVersion): Promise<VersionRow> {
  const [row] = await db.batch<VersionRow>([
    db
      .prepare(
        "INSERT INTO versions (room_id, seq, r2_key, bytes, doc_bytes, checksum, kind, label, created_by, created_at) " +
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (room_id, seq) DO UPDATE SET " +
          "r2_key = excluded.r2_key, bytes = excluded.bytes, doc_bytes = excluded.doc_bytes, checksum = excluded.checksum, " +
          "kind = CASE WHEN excluded.kind = 'auto' THEN versions.kind ELSE excluded.kind END, " +
          "label = COALESCE(excluded.label, versions.label), created_by = COALESCE(excluded.created_by, versions.created_by) RETURNING *",
      )
      .bind(v.room, v.seq, v.stored.key, v.stored.bytes, v.docBytes, v.stored.checksum, v.kind, v.label, v.createdBy, v.createdAt),
    db
      .prepare("UPDATE rooms SET seq = ?, doc_bytes = ?, snapshot_seq = ?, snapshot_at = ?, edited_at = COALESCE(?, edited_at) WHERE id = ?")
      .bind(v.seq, v.docBytes, v.seq, v.createdAt, v.editedAt, v.room),
  ]);
  return row!.results[0]!;
}

/** The room's versions, newest first. */
export async function listVersions(db: D1Database, room: string): Promise<VersionRow[]> {
  const { results } = await db.prepare("SELECT * FROM versions WHERE room_id = ? ORDER BY seq DESC").bind(room).all<VersionRow>();
  return results;
}

export function findVersion(db: D1Database, room: string, seq: number) {
  return db.prepare("SELECT * FROM versions WHERE room_id = ? AND seq = ?").bind(room, seq).first<VersionRow>();
}

/** Retention input: every version's sequence number, age and kind. */
export async function versionRefs(db: D1Database, room: string): Promise<Array<VersionRef & { key: string }>> {
  const { results } = await db
    .prepare("SELECT seq, created_at, kind, r2_key FROM versions WHERE room_id = ?")
    .bind(room)
    .all<{ seq: number; created_at: number; kind: VersionKind; r2_key: string }>();
  return results.map((r) => ({ seq: r.seq, createdAt: r.created_at, kind: r.kind, key: r.r2_key }));
}

export async function deleteVersions(db: D1Database, room: string, seqs: readonly number[]): Promise<void> {
  if (seqs.length === 0) return;
  await db.batch(seqs.map((seq) => db.prepare("DELETE FROM versions WHERE room_id = ? AND seq = ?").bind(room, seq)));
}
