/**
 * Collecting a room's unused files (docs/api.md, "Files"): a file goes once it is older than
 * the grace period and neither the live document nor any kept version mentions it. Versions
 * are read from R2 one by one, newest first, only while some candidate is still unaccounted
 * for; a file found in use is not looked at again for a day, so a busy room's snapshots do
 * not reread its history each time.
 */
import { unusedFiles } from "../document/file-references";
import { logEvent } from "../log";
import { deleteFiles, filesToCheck, markChecked } from "./files";
import { readSnapshot } from "./snapshots";
import { listVersions } from "./versions";

const RECHECK_MS = 24 * 60 * 60 * 1000;

/** Deletes the room's unused files; `live` is the document's current state. Returns the ids deleted. */
export async function collectUnusedFiles(
  env: { DB: D1Database; SNAPSHOTS: R2Bucket },
  room: string,
  live: Uint8Array,
  { now, graceMs }: { now: number; graceMs: number },
): Promise<string[]> {
  const candidates = await filesToCheck(env.DB, room, now - graceMs, now - RECHECK_MS);
  if (candidates.length === 0) return [];
  async function* states() {
    yield live;
    for (const version of await listVersions(env.DB, room)) yield readSnapshot(env.SNAPSHOTS, version.r2_key, version.checksum);
  }
  const unused = await unusedFiles(
    candidates.map((f) => ({ id: f.id, createdAt: f.created_at })),
    states(),
    now,
    graceMs,
  );
  const gone = new Set(unused);
  await markChecked(
    env.DB,
    room,
    candidates.filter((f) => !gone.has(f.id)).map((f) => f.id),
    now,
  );
  await deleteFiles(env.DB, env.SNAPSHOTS, room, unused);
  if (unused.length > 0) logEvent("info", "files_collected", { room, count: unused.length });
  return unused;
}
