/**
 * The editor's toolbar: undo and redo, block type, marks and colours, link, lists, task
 * list, quote, code block, rule, table and image, reflecting the selection; and the table
 * actions under it while the selection is in a table.
 */
import { setBlockType, toggleMark } from "prosemirror-commands";
import type { MarkType, NodeType } from "prosemirror-model";
import type { Command, EditorState } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";
import { redoCommand, undoCommand } from "y-prosemirror";
import { h } from "../lib/dom";
import { colorMenu } from "./color-menu";
import { insertRule, insertTable, insideOf, toggleCodeBlock, toggleList, toggleQuote } from "./commands";
import { schema } from "./schema";
import { createTableBar } from "./table-bar";
import { ToolButtons } from "./tool-buttons";

const { nodes, marks } = schema;

/** The text styles of the style menu; a heading's level is its attribute. */
const BLOCKS: Array<{ label: string; type: NodeType; level?: number }> = [
  { label: "Paragraph", type: nodes.paragraph },
  { label: "Heading 1", type: nodes.heading, level: 1 },
  { label: "Heading 2", type: nodes.heading, level: 2 },
  { label: "Heading 3", type: nodes.heading, level: 3 },
];

function markActive(state: EditorState, type: MarkType): boolean {
  const { from, $from, to, empty } = state.selection;
  return empty ? type.isInSet(state.storedMarks ?? $from.marks()) !== undefined : state.doc.rangeHasMark(from, to, type);
}

export interface Toolbar {
  el: HTMLElement;
  update(view: EditorView, editable: boolean): void;
}

/** `pickImage`: opens the file picker of images; without it (no uploads here) there is no image button. */
export function createToolbar(getView: () => EditorView, openLink: Command, pickImage?: Command, editImage?: Command): Toolbar {
  const tools = new ToolButtons(getView);
  const block = h("select", { class: "select block-select", "aria-label": "Text style" }, ...BLOCKS.map((b, i) => h("option", { value: i }, b.label)));
  block.addEventListener("change", () => {
    const chosen = BLOCKS[Number(block.value)]!;
    const view = getView();
    setBlockType(chosen.type, chosen.level ? { level: chosen.level } : null)(view.state, view.dispatch);
    view.focus();
  });

  const sep = () => h("span", { class: "tool-sep" });
  const tableBar = createTableBar(tools);
  const main = h(
    "div",
    { class: "toolbar", role: "toolbar", "aria-label": "Formatting" },
    tools.add("undo", "Undo (Ctrl+Z)", undoCommand),
    tools.add("redo", "Redo (Ctrl+Shift+Z)", redoCommand),
    sep(),
    block,
    sep(),
    tools.add("bold", "Bold (Ctrl+B)", toggleMark(marks.strong), (s) => markActive(s, marks.strong)),
    tools.add("italic", "Italic (Ctrl+I)", toggleMark(marks.em), (s) => markActive(s, marks.em)),
    tools.add("code", "Inline code (Ctrl+E)", toggleMark(marks.code), (s) => markActive(s, marks.code)),
    colorMenu(tools, getView, "text", marks.text_color, "Text colour", "textColor"),
    colorMenu(tools, getView, "highlight", marks.highlight, "Highlight", "highlight"),
    tools.add("link", "Link (Ctrl+K)", openLink, (s) => markActive(s, marks.link)),
    sep(),
    tools.add("bulletList", "Bulleted list (Ctrl+Shift+8)", toggleList(nodes.bullet_list), (s) => insideOf(s, nodes.bullet_list)),
    tools.add("orderedList", "Numbered list (Ctrl+Shift+7)", toggleList(nodes.ordered_list), (s) => insideOf(s, nodes.ordered_list)),
    tools.add("taskList", "Task list (Ctrl+Shift+9)", toggleList(nodes.task_list), (s) => insideOf(s, nodes.task_list)),
    tools.add("quote", "Quote", toggleQuote, (s) => insideOf(s, nodes.blockquote)),
    tools.add("codeBlock", "Code block (Ctrl+Alt+C)", toggleCodeBlock, (s) => s.selection.$from.parent.type === nodes.code_block),
    sep(),
    tools.add("rule", "Horizontal rule", insertRule),
    tools.add("table", "Insert table", insertTable()),
    ...(pickImage ? [tools.add("image", "Insert image", pickImage)] : []),
    ...(editImage ? [tools.add("imageSettings", "Image description and size", editImage)] : []),
  );
  const el = h("div", { class: "toolbars" }, main, tableBar.el);

  return {
    el,
    update(view, editable) {
      const { state } = view;
      tools.update(state, editable);
      tableBar.update(state, editable);
      const parent = state.selection.$from.parent;
      const index = BLOCKS.findIndex((b) => b.type === parent.type && (b.level === undefined || b.level === parent.attrs.level));
      block.value = String(Math.max(0, index));
      block.disabled = !editable;
    },
  };
}
