/**
 * Restoring a version as an edit. Yjs cannot "go back": deleted items stay deleted. What it
 * can do is undo, which deletes what was inserted and inserts copies of what was deleted.
 * So the changes from the version to the current document are replayed onto the version
 * under an UndoManager, and undoing them yields an ordinary update that turns the current
 * document's content into the version's, for every root type and whatever is nested in it.
 * Pure: no I/O, the live document is only read.
 */
import * as Y from "yjs";
import { rootKind, typedRoot } from "./root-types";

const REPLAY = Symbol("replay");

/**
 * The update that makes `current`'s content equal to `version` (a state update of an
 * earlier state of the same document), or null if they are equal already.
 */
export function revertUpdate(current: Y.Doc, version: Uint8Array): Uint8Array | null {
  // Without garbage collection the scratch copy keeps the content of everything deleted
  // since the version, which the undo re-inserts.
  const scratch = new Y.Doc({ gc: false });
  Y.applyUpdate(scratch, version);
  // The UndoManager only sees changes to typed roots. A root with no live content in
  // either document is empty in both and has nothing to revert.
  const scope = [];
  for (const name of new Set([...current.share.keys(), ...scratch.share.keys()])) {
    const kind = rootKind(scratch.share.get(name)) ?? rootKind(current.share.get(name));
    if (kind !== null) scope.push(typedRoot(scratch, name, kind));
  }
  const undo = new Y.UndoManager(scope, { trackedOrigins: new Set([REPLAY]), captureTimeout: Number.MAX_SAFE_INTEGER });
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(current, Y.encodeStateVector(scratch)), REPLAY);
  const updates: Uint8Array[] = [];
  scratch.on("update", (update: Uint8Array) => updates.push(update));
  undo.undo();
  undo.destroy();
  scratch.destroy();
  return updates.length === 0 ? null : Y.mergeUpdates(updates);
}
