/**
 * The editor's tool buttons: each runs a command on the editor and, on every update, is
 * enabled when its command applies to the selection and pressed when its `active` says so.
 */
import type { Command, EditorState } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";
import { h } from "../lib/dom";
import { type IconName, icon } from "../lib/icons";

interface Tool {
  button: HTMLButtonElement;
  command: Command;
  active?: (state: EditorState) => boolean;
}

export class ToolButtons {
  private readonly tools: Tool[] = [];

  constructor(private readonly getView: () => EditorView) {}

  /** A button labelled `label` (its tooltip and accessible name; shortcuts go in the label). */
  add(name: IconName, label: string, command: Command, active?: (state: EditorState) => boolean): HTMLButtonElement {
    const button = h("button", { class: "tool", type: "button", title: label, "aria-label": label }, icon(name));
    // Keep the editor's selection: a mouse-down on a button would otherwise take focus.
    button.addEventListener("mousedown", (event) => event.preventDefault());
    button.addEventListener("click", () => {
      const view = this.getView();
      command(view.state, view.dispatch, view);
      view.focus();
    });
    if (active) button.setAttribute("aria-pressed", "false");
    this.tools.push({ button, command, active });
    return button;
  }

  update(state: EditorState, editable: boolean): void {
    for (const t of this.tools) {
      t.button.disabled = !editable || !t.command(state);
      if (!t.active) continue;
      const on = t.active(state);
      t.button.classList.toggle("active", on);
      t.button.setAttribute("aria-pressed", String(on));
    }
  }
}
