/**
 * The editor's commands that the toolbar and the keyboard share: lists, quotes, task lists,
 * code blocks, rules, colours and tables. Each is a ProseMirror command, so the toolbar asks
 * it (without dispatch) whether it applies to the selection.
 */
import { chainCommands, exitCode, lift, setBlockType, wrapIn } from "prosemirror-commands";
import type { MarkType, Node, NodeType } from "prosemirror-model";
import { liftListItem, wrapInList } from "prosemirror-schema-list";
import { type Command, type EditorState, Selection } from "prosemirror-state";
import { isInTable } from "prosemirror-tables";
import { paletteName } from "./colors";
import { schema } from "./schema";

const { nodes, marks } = schema;

/** Whether the selection is inside a node of `type` (list, quote, task list). */
export function insideOf(state: EditorState, type: NodeType): boolean {
  const { $from } = state.selection;
  for (let d = $from.depth; d > 0; d--) if ($from.node(d).type === type) return true;
  return false;
}

const ITEM: Map<NodeType, NodeType> = new Map([
  [nodes.bullet_list, nodes.list_item],
  [nodes.ordered_list, nodes.list_item],
  [nodes.task_list, nodes.task_item],
]);

/** Wraps in a list of `type`, or lifts out of it when already inside one. */
export const toggleList =
  (type: NodeType): Command =>
  (state, dispatch) =>
    insideOf(state, type) ? liftListItem(ITEM.get(type)!)(state, dispatch) : wrapInList(type)(state, dispatch);

export const toggleQuote: Command = (state, dispatch) =>
  insideOf(state, nodes.blockquote) ? lift(state, dispatch) : wrapIn(nodes.blockquote)(state, dispatch);

/** Turns the text block into a code block, or a code block back into a paragraph. */
export const toggleCodeBlock: Command = (state, dispatch) =>
  state.selection.$from.parent.type === nodes.code_block ? setBlockType(nodes.paragraph)(state, dispatch) : setBlockType(nodes.code_block)(state, dispatch);

/** Ticks or clears the task item around the selection. */
export const toggleTask: Command = (state, dispatch) => {
  const { $from } = state.selection;
  for (let d = $from.depth; d > 0; d--) {
    const node = $from.node(d);
    if (node.type !== nodes.task_item) continue;
    dispatch?.(state.tr.setNodeAttribute($from.before(d), "checked", node.attrs.checked !== true));
    return true;
  }
  return false;
};

/**
 * A block (rule, table) in place of the selection, anywhere but in a table cell (which holds
 * one line), with a paragraph after it when nothing follows, so the text can go on; the
 * caret goes into the block's first text position, or after it.
 */
const insertBlock =
  (create: () => Node): Command =>
  (state, dispatch) => {
    if (isInTable(state)) return false;
    if (!dispatch) return true;
    const block = create();
    const tr = state.tr.replaceSelectionWith(block);
    let start = -1;
    // The document holds the very node inserted (nodes are immutable and shared).
    tr.doc.descendants((node, pos) => {
      if (node === block) start = pos;
      return start === -1;
    });
    if (start === -1) return false;
    const end = start + block.nodeSize;
    const $end = tr.doc.resolve(end);
    if (!$end.nodeAfter && $end.parent.canReplaceWith($end.index(), $end.index(), nodes.paragraph)) tr.insert(end, nodes.paragraph.create());
    const inside = block.isLeaf ? null : Selection.findFrom(tr.doc.resolve(start + 1), 1, true);
    dispatch(tr.setSelection(inside ?? Selection.near(tr.doc.resolve(end))).scrollIntoView());
    return true;
  };

export const insertRule: Command = insertBlock(() => nodes.horizontal_rule.create());

/** A table of `rows` × `cols` whose first row is the header. */
export const insertTable = (rows = 3, cols = 3): Command =>
  insertBlock(() => {
    const row = (type: NodeType) =>
      nodes.table_row.create(
        null,
        Array.from({ length: cols }, () => type.create()),
      );
    return nodes.table.create(null, [row(nodes.table_header), ...Array.from({ length: rows - 1 }, () => row(nodes.table_cell))]);
  });

/** Gives the selected text a palette colour of `type`, or takes it away (`name` null). */
export const setColor =
  (type: MarkType, name: string | null): Command =>
  (state, dispatch) => {
    const kind = type === marks.highlight ? "highlight" : "text";
    if (name !== null && paletteName(kind, name) === null) return false;
    const { from, to, empty } = state.selection;
    if (empty) return false;
    if (dispatch) {
      const tr = state.tr.removeMark(from, to, type);
      dispatch((name === null ? tr : tr.addMark(from, to, type.create({ color: name }))).scrollIntoView());
    }
    return true;
  };

/** Shift+Enter: a line break in the block, or out of a code block. */
export const hardBreak: Command = chainCommands(exitCode, (state, dispatch) => {
  dispatch?.(state.tr.replaceSelectionWith(nodes.hard_break.create()).scrollIntoView());
  return true;
});
