/** A room's log as the history functions read it, written by editing a real Y.Doc. */
import type * as Y from "yjs";
import type { LoggedEdit } from "../../src/document/history-diff";

/** A log written by editing `doc`: every transaction one edit by its author, at a time in order. */
export function logOf(doc: Y.Doc) {
  const edits: LoggedEdit[] = [];
  let author: string | null = null;
  doc.on("update", (update: Uint8Array) => edits.push({ seq: edits.length + 1, update, author, at: 1000 * (edits.length + 1) }));
  const as = (who: string | null, change: () => void) => {
    author = who;
    doc.transact(change);
  };
  return { edits, as };
}
