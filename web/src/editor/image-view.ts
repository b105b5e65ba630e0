/**
 * An image in the editor: the schema's own rendering (safe src, alt and width) in a frame
 * with a handle at its lower right corner. Dragging the handle resizes the image live for
 * the person dragging; letting go stores the width in the document, which y-prosemirror
 * shares. The keyboard way is the image form (image-form.ts).
 */
import { DOMSerializer, type Node } from "prosemirror-model";
import type { EditorView, NodeView } from "prosemirror-view";
import { h } from "../lib/dom";
import { imageWidth } from "./safe-attrs";

function render(node: Node): HTMLImageElement {
  return DOMSerializer.renderSpec(document, node.type.spec.toDOM!(node)).dom as HTMLImageElement;
}

export function imageView(node: Node, view: EditorView, getPos: () => number | undefined): NodeView {
  let img = render(node);
  const handle = h("span", { class: "image-handle", "aria-hidden": "true" });
  const dom = h("span", { class: "image-frame" }, img, handle);

  handle.addEventListener("pointerdown", (down) => {
    if (!view.editable) return;
    down.preventDefault();
    handle.setPointerCapture(down.pointerId);
    const startWidth = img.getBoundingClientRect().width;
    let width = imageWidth(startWidth);
    const move = (event: PointerEvent) => {
      width = imageWidth(startWidth + event.clientX - down.clientX);
      if (width !== null) img.width = width;
    };
    const up = () => {
      handle.removeEventListener("pointermove", move);
      const pos = getPos();
      if (pos !== undefined && width !== null) view.dispatch(view.state.tr.setNodeAttribute(pos, "width", width));
    };
    handle.addEventListener("pointermove", move);
    handle.addEventListener("pointerup", up, { once: true });
  });

  return {
    dom,
    update(next) {
      if (next.type !== node.type) return false;
      const fresh = render(next);
      img.replaceWith(fresh);
      img = fresh;
      return true;
    },
    selectNode: () => dom.classList.add("ProseMirror-selectednode"),
    deselectNode: () => dom.classList.remove("ProseMirror-selectednode"),
    stopEvent: (event) => event.target === handle,
    ignoreMutation: () => true,
  };
}
