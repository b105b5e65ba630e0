/** The header's Export menu: the formats a document or a whiteboard can be downloaded in. */
import type { Node as PMNode } from "prosemirror-model";
import type * as Y from "yjs";
import { type BoardFormat, downloadBoard } from "../board/export";
import { strokesOf } from "../board/model";
import { objectsOf, readObjects } from "../board/objects";
import { download, type ExportFormat } from "../editor/export";
import { h } from "../lib/dom";
import { icon } from "../lib/icons";

type Item = [label: string, run: () => void | Promise<void>];

const DOCUMENT_FORMATS: Array<[ExportFormat, string]> = [
  ["markdown", "Markdown (.md)"],
  ["html", "Web page (.html)"],
  ["docx", "Word (.docx)"],
  ["text", "Plain text (.txt)"],
];

const BOARD_FORMATS: Array<[BoardFormat, string]> = [
  ["png", "Image (.png)"],
  ["svg", "Vector image (.svg)"],
];

export const documentExports = (getDoc: () => PMNode, title: () => string): Item[] =>
  DOCUMENT_FORMATS.map(([format, label]) => [label, () => download(getDoc(), title(), format)]);

export const boardExports = (doc: Y.Doc, title: () => string): Item[] =>
  BOARD_FORMATS.map(([format, label]) => [label, () => downloadBoard(strokesOf(doc).toArray(), readObjects(objectsOf(doc)), title(), format)]);

export function exportMenu(items: Item[], onError: (message: string) => void): HTMLElement {
  const choose = (run: Item[1]) => async () => {
    menu.hidden = true;
    try {
      await run();
    } catch {
      onError("Could not export this room.");
    }
  };
  const menu = h(
    "div",
    { class: "menu", role: "menu", hidden: true },
    ...items.map(([label, run]) => h("button", { class: "menu-item", type: "button", role: "menuitem", onclick: choose(run) }, label)),
  );
  const toggle = h(
    "button",
    { class: "btn btn-ghost", type: "button", "aria-haspopup": "menu", onclick: () => (menu.hidden = !menu.hidden) },
    icon("download"),
    "Export",
  );
  document.addEventListener("click", (event) => {
    if (!toggle.contains(event.target as Node) && !menu.contains(event.target as Node)) menu.hidden = true;
  });
  return h("div", { class: "menu-wrap" }, toggle, menu);
}
