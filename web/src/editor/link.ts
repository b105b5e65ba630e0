/** Adding, changing and removing links: a small form under the toolbar (Ctrl+K or the link button). */
import type { Command } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";
import { h } from "../lib/dom";
import { popoverForm } from "./popover-form";
import { safeHref } from "./safe-attrs";
import { schema } from "./schema";

const { link } = schema.marks;

export interface LinkForm {
  el: HTMLElement;
  /** The command that opens the form for the selection. */
  open: Command;
}

/** The [from, to) range of the link around the cursor, if it is in one. */
function linkRange(view: EditorView): { from: number; to: number; href: string } | null {
  const { $from } = view.state.selection;
  const mark = link.isInSet($from.marks());
  if (!mark) return null;
  const parent = $from.parent;
  const start = $from.start();
  let from = -1;
  let to = -1;
  parent.forEach((child, offset) => {
    const inside = link.isInSet(child.marks) === mark;
    if (inside && from === -1) from = start + offset;
    if (inside) to = start + offset + child.nodeSize;
    else if (from !== -1 && start + offset < $from.pos) from = to = -1;
  });
  return from === -1 ? null : { from, to, href: String(mark.attrs.href) };
}

export function createLinkForm(getView: () => EditorView): LinkForm {
  const input = h("input", { class: "input", type: "text", placeholder: "Paste or type a link", "aria-label": "Link address" });
  const error = h("span", { class: "error-text" });
  const apply = () => {
    const view = getView();
    const href = safeHref(input.value);
    if (href === null) {
      error.textContent = "Use a web or email address.";
      return;
    }
    const { state } = view;
    const existing = state.selection.empty ? linkRange(view) : null;
    const { from, to } = existing ?? state.selection;
    const tr =
      from === to
        ? state.tr.insertText(href, from).addMark(from, from + href.length, link.create({ href }))
        : state.tr.removeMark(from, to, link).addMark(from, to, link.create({ href }));
    view.dispatch(tr.scrollIntoView());
    form.close();
  };
  const remove = () => {
    const view = getView();
    const range = view.state.selection.empty ? linkRange(view) : view.state.selection;
    if (range) view.dispatch(view.state.tr.removeMark(range.from, range.to, link));
    form.close();
  };
  const form = popoverForm(getView, {
    class: "link-form",
    fields: [input],
    content: [input],
    apply,
    action: h("button", { class: "btn btn-ghost", type: "button", onclick: remove }, "Remove"),
    after: error,
  });
  const open: Command = (state, dispatch) => {
    if (!dispatch) return true;
    const view = getView();
    input.value = state.selection.empty ? (linkRange(view)?.href ?? "") : (link.isInSet(state.selection.$from.marks())?.attrs.href ?? "");
    error.textContent = "";
    form.show(input);
    return true;
  };
  return { el: form.el, open };
}
