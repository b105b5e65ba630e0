/**
 * A small form under the toolbar (a link's address, an image's description and width): Enter
 * in a field applies, Escape or Cancel closes, and closing gives the editor its focus back.
 */
import type { EditorView } from "prosemirror-view";
import { h } from "../lib/dom";

export interface PopoverForm {
  el: HTMLElement;
  /** Shows the form with `field` focused and its text selected. */
  show(field: HTMLInputElement): void;
  close(): void;
}

interface Options {
  class: string;
  /** The inputs, which take Enter and Escape. */
  fields: HTMLInputElement[];
  /** What the form shows before its buttons. */
  content: Node[];
  apply(): void;
  /** Another action, between Apply and Cancel. */
  action?: HTMLElement;
  /** A line after the buttons (an error). */
  after?: HTMLElement;
}

export function popoverForm(getView: () => EditorView, options: Options): PopoverForm {
  const close = () => {
    el.hidden = true;
    getView().focus();
  };
  for (const field of options.fields) {
    field.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        options.apply();
      } else if (event.key === "Escape") close();
    });
  }
  const el = h(
    "div",
    { class: options.class, hidden: true },
    ...options.content,
    h("button", { class: "btn btn-primary", type: "button", onclick: options.apply }, "Apply"),
    options.action,
    h("button", { class: "btn btn-ghost", type: "button", onclick: close }, "Cancel"),
    options.after,
  );
  return {
    el,
    show(field) {
      el.hidden = false;
      field.focus();
      field.select();
    },
    close,
  };
}
