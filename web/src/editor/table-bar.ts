/**
 * The row of table actions under the toolbar, shown to editors while the selection is in a table: rows
 * and columns added on either side or deleted, the header row switched, the table deleted.
 */
import type { EditorState } from "prosemirror-state";
import {
  addColumnAfter,
  addColumnBefore,
  addRowAfter,
  addRowBefore,
  deleteColumn,
  deleteRow,
  deleteTable,
  isInTable,
  toggleHeaderRow,
} from "prosemirror-tables";
import { h } from "../lib/dom";
import type { ToolButtons } from "./tool-buttons";

export interface TableBar {
  el: HTMLElement;
  update(state: EditorState, editable: boolean): void;
}

export function createTableBar(tools: ToolButtons): TableBar {
  const el = h(
    "div",
    { class: "table-bar", role: "toolbar", "aria-label": "Table", hidden: true },
    h("span", { class: "table-bar-label" }, "Table"),
    tools.add("rowAbove", "Add row above", addRowBefore),
    tools.add("rowBelow", "Add row below", addRowAfter),
    tools.add("colLeft", "Add column left", addColumnBefore),
    tools.add("colRight", "Add column right", addColumnAfter),
    h("span", { class: "tool-sep" }),
    tools.add("deleteRow", "Delete row", deleteRow),
    tools.add("deleteCol", "Delete column", deleteColumn),
    tools.add("headerRow", "Header row", toggleHeaderRow),
    tools.add("trash", "Delete table", deleteTable),
  );
  return {
    el,
    update(state, editable) {
      el.hidden = !editable || !isInTable(state);
    },
  };
}
