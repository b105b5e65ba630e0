/**
 * Comment anchors in the editor: a ProseMirror selection to Yjs relative positions and back,
 * through y-prosemirror's mapping (docs/api.md, "Anchors").
 */
import type { EditorState } from "prosemirror-state";
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from "y-prosemirror";
import * as Y from "yjs";
import { type Anchor, decodePosition, encodePosition, isObjectAnchor, type TextAnchor } from "../../../src/document/anchor";

function binding(state: EditorState) {
  const sync = ySyncPluginKey.getState(state) as
    | { binding: { type: Y.XmlFragment; doc: Y.Doc; mapping: Map<Y.AbstractType<unknown>, unknown> } | null }
    | undefined;
  return sync?.binding ?? null;
}

/** The anchor of `[from, to)`: before its first character, after its last. */
export function anchorFor(state: EditorState, from: number, to: number): TextAnchor | null {
  const b = binding(state);
  if (b === null || to <= from) return null;
  const start = absolutePositionToRelativePosition(from, b.type, b.mapping as never);
  const last = absolutePositionToRelativePosition(to - 1, b.type, b.mapping as never);
  const end = Y.createRelativePositionFromJSON({ ...Y.relativePositionToJSON(last), assoc: -1 });
  return { start: encodePosition(start), end: encodePosition(end) };
}

/** Where an anchor is in the editor now; null when its text was deleted (detached), or it is pinned on a board's object. */
export function rangeOf(state: EditorState, anchor: Anchor): { from: number; to: number } | null {
  const b = binding(state);
  if (b === null || isObjectAnchor(anchor)) return null;
  try {
    const from = relativePositionToAbsolutePosition(b.doc, b.type, decodePosition(anchor.start), b.mapping as never);
    const to = relativePositionToAbsolutePosition(b.doc, b.type, decodePosition(anchor.end), b.mapping as never);
    if (from === null || to === null || to <= from || to > state.doc.content.size) return null;
    return { from, to };
  } catch {
    return null;
  }
}
