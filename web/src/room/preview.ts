/** A read-only rendering of a document or whiteboard version, from its Yjs state. */
import { DOMSerializer } from "prosemirror-model";
import { yXmlFragmentToProseMirrorRootNode } from "y-prosemirror";
import * as Y from "yjs";
import { readStrokes, strokesOf } from "../board/model";
import { contentBounds } from "../board/object-geometry";
import { objectsOf, readObjects } from "../board/objects";
import { objectElement, strokeElement } from "../board/render";
import { fitTo } from "../board/viewport";
import { FRAGMENT, schema } from "../editor/schema";
import { h, svg } from "../lib/dom";
import type { RoomKind } from "./kind";

export function renderVersion(state: Uint8Array, kind: RoomKind, size: { width: number; height: number }): HTMLElement {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  try {
    if (kind === "document") {
      const node = yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(FRAGMENT), schema);
      const body = h("div", { class: "doc-body preview-body" });
      body.append(DOMSerializer.fromSchema(schema).serializeFragment(node.content));
      return h("div", { class: "doc-scroll" }, h("div", { class: "doc-page" }, body));
    }
    const strokes = readStrokes(strokesOf(doc).toArray());
    const objects = readObjects(objectsOf(doc));
    const view = fitTo(contentBounds(strokes, objects), size.width, size.height);
    const world = svg("g", { transform: `translate(${view.x} ${view.y}) scale(${view.scale})` }, ...objects.map(objectElement), ...strokes.map(strokeElement));
    return h("div", { class: "board preview-board" }, svg("svg", { class: "board-surface", role: "img", "aria-label": "Whiteboard version" }, world));
  } finally {
    doc.destroy();
  }
}
