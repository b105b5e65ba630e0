/**
 * Comment anchors in the editor: a ProseMirror selection to Yjs relative positions and back,
 * through y-prosemirror's mapping (docs/api.md, "Anchors").
 */
import type { EditorState } from "prosemirror-state";
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from "y-prosemirror";
import * as Y from "yjs";

export interface Anchor {
  start: string;
  end: string;
}

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));

function binding(state: EditorState) {
  const sync = ySyncPluginKey.getState(state) as { binding: { type: Y.XmlFragment; doc: Y.Doc; mapping: Map<Y.AbstractType<unknown>, unknown> } | null } | undefined;
  return sync?.binding ?? null;
}

/** The anchor of `[from, to)`: before its first character, after its last. */
export function anchorFor(state: EditorState, from: number, to: number): Anchor | null {
  const b = binding(state);
  if (b === null || to <= from) return null;
  const start = absolutePositionToRelativePosition(from, b.type, b.mapping as never);
  const last = absolutePositionToRelativePosition(to - 1, b.type, b.mapping as never);
  const end = Y.createRelativePositionFromJSON({ ...Y.relativePositionToJSON(last), assoc: -1 });
  return { start: toBase64(Y.encodeRelativePosition(start)), end: toBase64(Y.encodeRelativePosition(end)) };
}

/** Where an anchor is in the editor now; null when its text was deleted (detached). */
export function rangeOf(state: EditorState, anchor: Anchor): { from: number; to: number } | null {
  const b = binding(state);
  if (b === null) return null;
  try {
    const from = relativePositionToAbsolutePosition(b.doc, b.type, Y.decodeRelativePosition(fromBase64(anchor.start)), b.mapping as never);
    const to = relativePositionToAbsolutePosition(b.doc, b.type, Y.decodeRelativePosition(fromBase64(anchor.end)), b.mapping as never);
    if (from === null || to === null || to <= from || to > state.doc.content.size) return null;
    return { from, to };
  } catch {
    return null;
  }
}
