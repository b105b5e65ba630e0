/**
 * An image's description (its alt text, read aloud by screen readers and kept in every
 * export) and its width: a small form under the toolbar, opened with the toolbar's button
 * while an image is selected. The width is the keyboard's way to resize (image-view.ts has
 * the handle); an empty width shows the image at its own size.
 */

import type { Command } from "prosemirror-state";
import { NodeSelection } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";
import { h } from "../lib/dom";
import { IMAGE_WIDTH, imageWidth, plainText } from "./safe-attrs";
import { schema } from "./schema";

export interface ImageForm {
  el: HTMLElement;
  /** The command that opens the form for the selected image. */
  open: Command;
}

const selectedImage = (selection: unknown) => (selection instanceof NodeSelection && selection.node.type === schema.nodes.image ? selection : null);

export function createImageForm(getView: () => EditorView): ImageForm {
  const alt = h("input", { class: "input", type: "text", placeholder: "Describe the image", "aria-label": "Image description" });
  const width = h("input", {
    class: "input image-width",
    type: "number",
    min: IMAGE_WIDTH.min,
    max: IMAGE_WIDTH.max,
    step: 10,
    placeholder: "Auto",
    "aria-label": "Image width in pixels",
  });
  const close = () => {
    el.hidden = true;
    getView().focus();
  };
  const apply = () => {
    const view = getView();
    const selected = selectedImage(view.state.selection);
    if (selected) {
      const { tr } = view.state;
      tr.setNodeAttribute(selected.from, "alt", plainText(alt.value) || null).setNodeAttribute(selected.from, "width", imageWidth(width.value));
      view.dispatch(tr);
    }
    close();
  };
  for (const input of [alt, width]) {
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        apply();
      } else if (event.key === "Escape") close();
    });
  }
  const el = h(
    "div",
    { class: "link-form image-form", hidden: true },
    alt,
    width,
    h("span", { class: "muted" }, "px"),
    h("button", { class: "btn btn-primary", type: "button", onclick: apply }, "Apply"),
    h("button", { class: "btn btn-ghost", type: "button", onclick: close }, "Cancel"),
  );
  const open: Command = (state, dispatch) => {
    const selected = selectedImage(state.selection);
    if (!selected) return false;
    if (!dispatch) return true;
    alt.value = plainText(selected.node.attrs.alt);
    width.value = String(imageWidth(selected.node.attrs.width) ?? "");
    el.hidden = false;
    alt.focus();
    alt.select();
    return true;
  };
  return { el, open };
}
