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
import { popoverForm } from "./popover-form";
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
  const apply = () => {
    const view = getView();
    const selected = selectedImage(view.state.selection);
    if (selected) {
      const { tr } = view.state;
      tr.setNodeAttribute(selected.from, "alt", plainText(alt.value) || null).setNodeAttribute(selected.from, "width", imageWidth(width.value));
      view.dispatch(tr);
    }
    form.close();
  };
  const form = popoverForm(getView, {
    class: "link-form image-form",
    fields: [alt, width],
    content: [alt, width, h("span", { class: "muted" }, "px")],
    apply,
  });
  const open: Command = (state, dispatch) => {
    const selected = selectedImage(state.selection);
    if (!selected) return false;
    if (!dispatch) return true;
    alt.value = plainText(selected.node.attrs.alt);
    width.value = String(imageWidth(selected.node.attrs.width) ?? "");
    form.show(alt);
    return true;
  };
  return { el: form.el, open };
}
