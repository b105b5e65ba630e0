/** The editor's toolbar: block type, marks, link, lists, quote, undo and redo, reflecting the selection. */
import { lift, setBlockType, toggleMark, wrapIn } from "prosemirror-commands";
import type { MarkType, NodeType } from "prosemirror-model";
import { liftListItem, wrapInList } from "prosemirror-schema-list";
import type { Command, EditorState } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";
import { redoCommand, undoCommand } from "y-prosemirror";
import { h } from "../lib/dom";
import { type IconName, icon } from "../lib/icons";
import { schema } from "./schema";

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

/** The innermost wrapping node of the selection's type, if any (list or quote). */
function insideOf(state: EditorState, type: NodeType): boolean {
  const { $from } = state.selection;
  for (let d = $from.depth; d > 0; d--) if ($from.node(d).type === type) return true;
  return false;
}

/** Wraps in a list of `type`, or lifts out of it when already inside one. */
const toggleList =
  (type: NodeType): Command =>
  (state, dispatch) =>
    insideOf(state, type) ? liftListItem(nodes.list_item)(state, dispatch) : wrapInList(type)(state, dispatch);
const toggleQuote: Command = (state, dispatch) => (insideOf(state, nodes.blockquote) ? lift(state, dispatch) : wrapIn(nodes.blockquote)(state, dispatch));

interface Tool {
  button: HTMLButtonElement;
  command: Command;
  active?: (state: EditorState) => boolean;
}

export interface Toolbar {
  el: HTMLElement;
  update(view: EditorView, editable: boolean): void;
}

/** `pickImage`: opens the file picker of images; without it (no uploads here) there is no image button. */
export function createToolbar(getView: () => EditorView, openLink: Command, pickImage?: Command): Toolbar {
  const tools: Tool[] = [];
  const tool = (name: IconName, label: string, command: Command, active?: (state: EditorState) => boolean) => {
    const button = h("button", { class: "tool", type: "button", title: label, "aria-label": label }, icon(name));
    // Keep the editor's selection: a mouse-down on a button would otherwise take focus.
    button.addEventListener("mousedown", (event) => event.preventDefault());
    button.addEventListener("click", () => {
      const view = getView();
      command(view.state, view.dispatch, view);
      view.focus();
    });
    tools.push({ button, command, active });
    return button;
  };

  const block = h("select", { class: "select block-select", "aria-label": "Text style" }, ...BLOCKS.map((b, i) => h("option", { value: i }, b.label)));
  block.addEventListener("change", () => {
    const chosen = BLOCKS[Number(block.value)]!;
    const view = getView();
    setBlockType(chosen.type, chosen.level ? { level: chosen.level } : null)(view.state, view.dispatch);
    view.focus();
  });

  const sep = () => h("span", { class: "tool-sep" });
  const el = h(
    "div",
    { class: "toolbar", role: "toolbar", "aria-label": "Formatting" },
    tool("undo", "Undo (Ctrl+Z)", undoCommand),
    tool("redo", "Redo (Ctrl+Shift+Z)", redoCommand),
    sep(),
    block,
    sep(),
    tool("bold", "Bold (Ctrl+B)", toggleMark(marks.strong), (s) => markActive(s, marks.strong)),
    tool("italic", "Italic (Ctrl+I)", toggleMark(marks.em), (s) => markActive(s, marks.em)),
    tool("link", "Link (Ctrl+K)", openLink, (s) => markActive(s, marks.link)),
    sep(),
    tool("bulletList", "Bulleted list", toggleList(nodes.bullet_list), (s) => insideOf(s, nodes.bullet_list)),
    tool("orderedList", "Numbered list", toggleList(nodes.ordered_list), (s) => insideOf(s, nodes.ordered_list)),
    tool("quote", "Quote", toggleQuote, (s) => insideOf(s, nodes.blockquote)),
    ...(pickImage ? [sep(), tool("image", "Insert image", pickImage)] : []),
  );

  return {
    el,
    update(view, editable) {
      const { state } = view;
      for (const t of tools) {
        t.button.disabled = !editable || !t.command(state);
        t.button.classList.toggle("active", t.active?.(state) ?? false);
      }
      const parent = state.selection.$from.parent;
      const index = BLOCKS.findIndex((b) => b.type === parent.type && (b.level === undefined || b.level === parent.attrs.level));
      block.value = String(Math.max(0, index));
      block.disabled = !editable;
    },
  };
}
