/**
 * Edits that reach the room over HTTP rather than a socket (RPCs from the Worker): an update
 * sent to `POST /content`, and the one edit a restore makes. Each is integrated like a
 * socket's edit (stored before anyone sees it) and written at once, since a response waits.
 */
import { revertUpdate } from "../document/revert";
import { validateUpdate } from "../document/update";
import type { VersionRow } from "../storage/versions";
import type { DocumentStore } from "./document-store";
import { editOrigin } from "./edit-origin";
import type { Snapshots } from "./snapshots";

export type HttpEditResult = { ok: true; seq: number } | { ok: false; reason: "invalid_update" | "document_too_large" };
export type RestoreResult = { ok: true; version: VersionRow } | { ok: false; reason: "document_too_large" };

/** Applies `update` as an edit by `by`. The Worker validated it; an invalid one is refused here too, unapplied. */
export function applyHttpEdit(store: DocumentStore<WebSocket | string>, update: Uint8Array, by: string): HttpEditResult {
  try {
    validateUpdate(update);
  } catch {
    return { ok: false, reason: "invalid_update" };
  }
  const result = store.integrate(update, editOrigin("api", by));
  store.write();
  if (result === "stored") return { ok: true, seq: store.log.seq };
  return { ok: false, reason: result === "too_large" ? "document_too_large" : "invalid_update" };
}

/**
 * Makes the document's content that of a version (its verified state) through one new edit
 * that every connected client receives, then records the result as a restore version:
 * history is kept and the restore can itself be undone.
 */
export async function restoreVersion(
  store: DocumentStore<WebSocket | string>,
  snapshots: Snapshots,
  version: { seq: number; state: Uint8Array },
  by: string,
  label = `Restored version ${version.seq}`,
): Promise<RestoreResult> {
  const update = revertUpdate(store.stored(), version.state);
  // Re-inserted content adds to the document: a full room may not take it back.
  const result = update === null ? "stored" : store.integrate(update, editOrigin("restore", by));
  store.write();
  if (result === "too_large") return { ok: false, reason: "document_too_large" };
  if (result === "failed") throw new Error(`version ${version.seq} could not be applied`);
  const restored = await snapshots.take(() => store.stored(), { kind: "restore", label, by });
  return { ok: true, version: restored };
}
