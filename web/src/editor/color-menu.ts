/**
 * The toolbar's text colour and highlight menus: a button that opens the palette's swatches
 * for the selected text, and "None" to take the colour away. Swatches are buttons with the
 * colour's name as their label, drawn with the same classes as coloured text (editor.css).
 */
import type { MarkType } from "prosemirror-model";
import type { Command } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";
import { h } from "../lib/dom";
import type { IconName } from "../lib/icons";
import { type ColorKind, PALETTE } from "./colors";
import { setColor } from "./commands";
import type { ToolButtons } from "./tool-buttons";

const capital = (name: string) => name[0]!.toUpperCase() + name.slice(1);

export function colorMenu(tools: ToolButtons, getView: () => EditorView, kind: ColorKind, type: MarkType, label: string, iconName: IconName): HTMLElement {
  const choose = (name: string | null) => () => {
    menu.hidden = true;
    const view = getView();
    setColor(type, name)(view.state, view.dispatch);
    view.focus();
  };
  const swatch = (name: string) =>
    h(
      "button",
      { class: `swatch ${kind}-swatch ${kind}-${name}`, type: "button", role: "menuitem", title: capital(name), "aria-label": `${label}: ${capital(name)}` },
      kind === "text" ? "A" : "",
    );
  const menu = h(
    "div",
    { class: "menu swatches", role: "menu", "aria-label": label, hidden: true },
    ...Object.keys(PALETTE[kind]).map((name) => {
      const button = swatch(name);
      button.addEventListener("mousedown", (event) => event.preventDefault());
      button.addEventListener("click", choose(name));
      return button;
    }),
    h("button", { class: "menu-item swatch-none", type: "button", role: "menuitem", onclick: choose(null) }, "None"),
  );
  // Opening the menu applies when a colour could: the selection holds text.
  const open: Command = (state, dispatch) => {
    if (!setColor(type, null)(state)) return false;
    if (dispatch) menu.hidden = !menu.hidden;
    return true;
  };
  const button = tools.add(iconName, label, open);
  button.setAttribute("aria-haspopup", "menu");
  document.addEventListener("click", (event) => {
    if (!button.contains(event.target as Node) && !menu.contains(event.target as Node)) menu.hidden = true;
  });
  return h("div", { class: "menu-wrap" }, button, menu);
}
