/**
 * A task item in the editor: a real checkbox beside the item's text. Ticking it sets the
 * item's `checked` attribute, which y-prosemirror shares like any edit; a reader's box is
 * disabled. The box sits outside the editable content, so the text can be edited as usual.
 */
import type { Node } from "prosemirror-model";
import type { EditorView, NodeView, ViewMutationRecord } from "prosemirror-view";
import { h } from "../lib/dom";

export function taskItemView(node: Node, view: EditorView, getPos: () => number | undefined): NodeView {
  const box = h("input", { type: "checkbox", class: "task-box", "aria-label": "Done" });
  const content = h("div", { class: "task-content" });
  const dom = h("li", { class: "task-item" }, h("span", { class: "task-check", contenteditable: "false" }, box), content);
  const show = (n: Node) => {
    box.checked = n.attrs.checked === true;
    dom.dataset.checked = String(box.checked);
    box.disabled = !view.editable;
  };
  show(node);
  box.addEventListener("change", () => {
    const pos = getPos();
    if (!view.editable || pos === undefined) {
      box.checked = !box.checked;
      return;
    }
    view.dispatch(view.state.tr.setNodeAttribute(pos, "checked", box.checked));
  });
  return {
    dom,
    contentDOM: content,
    update(next) {
      if (next.type !== node.type) return false;
      show(next);
      return true;
    },
    // The box handles its own clicks and keys; its changes are not the document's.
    stopEvent: (event) => event.target === box,
    ignoreMutation: (mutation: ViewMutationRecord) => mutation.type !== "selection" && !content.contains(mutation.target),
  };
}
