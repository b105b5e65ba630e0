/**
 * Tables after a remote change. Two people changing a table's shape at once (one deletes a
 * column while the other adds a row) merge in Yjs into rows of different lengths.
 * prosemirror-tables' fixTables pads every short row up to the longest; run after a remote
 * change, every editor pads on its own and writes its padding to Yjs with its next edit:
 * insertions are never merged, so the table grows empty columns, round after round.
 *
 * So after a remote change an editor only deletes, and every editor decides alike from the
 * merged table: rows longer than the length most rows have (the shorter on a tie) lose their
 * trailing empty cells; deleting a cell twice is deleting it once. A row still shorter (one
 * added while someone added a column), or text in a deleted column's cell, is left as it is
 * until someone edits that table: prosemirror-tables pads it then, in that one editor. Two
 * people padding the same table at that moment may still leave it one empty column wider.
 * Tables with merged cells are not trimmed. An imported document is evened out once, by its
 * importer, before it goes into the room.
 */
import type { Node } from "prosemirror-model";
import { EditorState, Plugin, type Transaction } from "prosemirror-state";
import { fixTables, tableEditing } from "prosemirror-tables";
import { ySyncPluginKey } from "y-prosemirror";

/** How long a table's rows should be: the most common length (the shorter on a tie), and at least up to the last text. */
export function rowLength(lengths: readonly number[], textColumns: number): number {
  const counts = new Map<number, number>();
  for (const length of lengths) counts.set(length, (counts.get(length) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [length, count] of counts) if (count > bestCount || (count === bestCount && length < best)) [best, bestCount] = [length, count];
  return Math.max(best, textColumns);
}

const hasSpans = (table: Node) => {
  let spans = false;
  table.forEach((row) => row.forEach((cell) => (spans ||= cell.attrs.colspan !== 1 || cell.attrs.rowspan !== 1)));
  return spans;
};

/** Deletes, in `tr`, the trailing empty cells that make rows of the table at `pos` longer than most (positions before it untouched). */
function evenTable(tr: Transaction, table: Node, pos: number): void {
  const lengths: number[] = [];
  let textColumns = 0;
  table.forEach((row) => {
    lengths.push(row.childCount);
    row.forEach((cell, _offset, index) => {
      if (cell.content.size > 0) textColumns = Math.max(textColumns, index + 1);
    });
  });
  if (lengths.every((length) => length === lengths[0]) || hasSpans(table)) return;
  const length = rowLength(lengths, textColumns);
  // From the last row back, so each row's position still holds when it is reached.
  const starts: number[] = [];
  table.forEach((_row, offset) => starts.push(pos + 1 + offset));
  for (let index = table.childCount - 1; index >= 0; index--) {
    const row = table.child(index);
    const end = starts[index]! + row.nodeSize - 1;
    let from = end;
    for (let cell = row.childCount - 1; cell >= length; cell--) from -= row.child(cell).nodeSize;
    if (from < end) tr.delete(from, end);
  }
}

/** A transaction evening out every uneven table of `state`, or null when all are even. */
export function evenTables(state: EditorState): Transaction | null {
  const tables: Array<{ table: Node; pos: number }> = [];
  state.doc.descendants((node, pos) => {
    if (node.type.spec.tableRole === "table") tables.push({ table: node, pos });
    return !node.isTextblock && node.type.spec.tableRole !== "table";
  });
  const tr = state.tr;
  // From the last table back, so the earlier ones' positions still hold.
  for (const { table, pos } of tables.reverse()) evenTable(tr, table, pos);
  return tr.docChanged ? tr : null;
}

/**
 * An imported document with its tables filled out (a row short of a wide header gets empty
 * cells), as prosemirror-tables' fixTables does in an editor: written so into the new room by
 * its one importer, rather than padded by every editor that opens the room.
 */
export function withEvenTables(doc: Node): Node {
  return fixTables(EditorState.create({ doc }))?.doc ?? doc;
}

const isRemote = (tr: Transaction) => (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true;

/**
 * prosemirror-tables' editing (cell selection, keys, paste) with its fixTables only after this
 * editor's own changes, and the trimming above after remote ones.
 */
export function collaborativeTables(): Plugin[] {
  const editing = tableEditing();
  const fixAfterOwn = editing.spec.appendTransaction;
  return [
    new Plugin({
      appendTransaction: (transactions, _oldState, state) => (transactions.some((tr) => tr.docChanged && isRemote(tr)) ? evenTables(state) : null),
    }),
    new Plugin({
      ...editing.spec,
      appendTransaction: (transactions, oldState, state) => (transactions.some(isRemote) ? null : (fixAfterOwn?.(transactions, oldState, state) ?? null)),
    }),
  ];
}
