import type { Node } from "prosemirror-model";
import { EditorState, type Plugin, TextSelection, type Transaction } from "prosemirror-state";
import { addColumnAfter, addRowAfter, deleteColumn, tableEditing } from "prosemirror-tables";
import { describe, expect, it } from "vitest";
import { initProseMirrorDoc, prosemirrorToYXmlFragment, updateYFragment, ySyncPluginKey } from "y-prosemirror";
import * as Y from "yjs";
import { schema } from "../../web/src/editor/schema";
import { collaborativeTables, rowLength, withEvenTables } from "../../web/src/editor/table-shape";

const { nodes } = schema;
type Command = (state: EditorState, dispatch: (tr: Transaction) => void) => boolean;

/**
 * One person's editor as y-prosemirror runs it, without a view: a remote change replaces the
 * document and the plugins' appended fixes stay local until the person's next own edit, which
 * writes the whole document's difference to Yjs (the binding's mutex skips writing back while
 * it applies a remote change).
 */
class Peer {
  readonly doc = new Y.Doc();
  readonly fragment = this.doc.getXmlFragment("prosemirror");
  state: EditorState;
  meta: ReturnType<typeof initProseMirrorDoc>["meta"];

  constructor(
    start: Uint8Array,
    readonly plugins: Plugin[],
  ) {
    Y.applyUpdate(this.doc, start);
    const { doc, meta } = initProseMirrorDoc(this.fragment, schema);
    this.meta = meta;
    this.state = EditorState.create({ doc, plugins });
  }

  /** Runs `command` with the caret in cell (row, column) of the first table, and writes the result. */
  edit(command: Command, row = 1, column = 0): void {
    this.state = this.state.apply(this.state.tr.setSelection(TextSelection.create(this.state.doc, cellPos(this.state.doc, row, column))));
    expect(command(this.state, (tr) => (this.state = this.state.apply(tr)))).toBe(true);
    this.doc.transact(() => updateYFragment(this.doc, this.fragment, this.state.doc, this.meta), "local");
  }

  /** Types a letter at the end of the heading above the table (an edit away from it). */
  type(letter: string): void {
    this.edit((state, dispatch) => {
      dispatch(state.tr.insertText(letter, state.doc.firstChild!.nodeSize - 1));
      return true;
    });
  }

  receive(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update, "remote");
    const { doc, meta } = initProseMirrorDoc(this.fragment, schema);
    this.meta = meta;
    const tr = this.state.tr.replaceWith(0, this.state.doc.content.size, doc.content).setMeta(ySyncPluginKey, { isChangeOrigin: true });
    this.state = this.state.apply(tr);
  }
}

function cellPos(doc: Node, row: number, column: number): number {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found !== -1) return false;
    if (node.type === nodes.table) {
      let offset = pos + 1;
      for (let r = 0; r < row; r++) offset += node.child(r).nodeSize;
      const tr = node.child(row);
      offset += 1;
      for (let c = 0; c < column; c++) offset += tr.child(c).nodeSize;
      found = offset + 1;
    }
    return found === -1;
  });
  return found;
}

/** The first table's rows, as the texts of their cells. */
function rows(doc: Node): string[][] {
  let table: Node | undefined;
  doc.descendants((node) => {
    if (node.type === nodes.table && !table) table = node;
    return !table;
  });
  const out: string[][] = [];
  table!.forEach((row) => {
    const cells: string[] = [];
    row.forEach((cell) => cells.push(cell.textContent));
    out.push(cells);
  });
  return out;
}

function startingDoc(): Uint8Array {
  const cell = (type: typeof nodes.table_cell, text: string) => type.create(null, text ? schema.text(text) : null);
  const row = (type: typeof nodes.table_cell, texts: string[]) =>
    nodes.table_row.create(
      null,
      texts.map((t) => cell(type, t)),
    );
  const doc = nodes.doc.create(null, [
    nodes.heading.create({ level: 1 }, schema.text("Plan")),
    nodes.table.create(null, [
      row(nodes.table_header, ["Task", "Owner", "Due"]),
      row(nodes.table_cell, ["Venue", "Ada", "May"]),
      row(nodes.table_cell, ["Food", "", ""]),
    ]),
  ]);
  const ydoc = new Y.Doc();
  prosemirrorToYXmlFragment(doc, ydoc.getXmlFragment("prosemirror"));
  return Y.encodeStateAsUpdate(ydoc);
}

interface Pair {
  ada: Peer;
  bob: Peer;
  exchange(): void;
}

function pair(plugins: () => Plugin[]): Pair {
  const start = startingDoc();
  const [ada, bob] = [new Peer(start, plugins()), new Peer(start, plugins())];
  return {
    ada,
    bob,
    exchange() {
      const [fromAda, fromBob] = [Y.encodeStateAsUpdate(ada.doc, Y.encodeStateVector(bob.doc)), Y.encodeStateAsUpdate(bob.doc, Y.encodeStateVector(ada.doc))];
      ada.receive(fromBob);
      bob.receive(fromAda);
    },
  };
}

/** They exchange what they did, then both go on typing above the table (each edit writes what their editor fixed meanwhile) and exchange that, twice. */
function settle({ ada, bob, exchange }: Pair): void {
  exchange();
  for (const round of ["1", "2"]) {
    ada.type(round);
    bob.type(round);
    exchange();
  }
}

/** What Ada sees, after checking that Bob sees it too and the room's document holds it. */
function agreed({ ada, bob }: Pair): string[][] {
  const seen = rows(ada.state.doc);
  expect(rows(bob.state.doc)).toEqual(seen);
  expect(rows(initProseMirrorDoc(ada.fragment, schema).doc)).toEqual(seen);
  expect(rows(initProseMirrorDoc(bob.fragment, schema).doc)).toEqual(seen);
  return seen;
}

const typeInCell =
  (row: number, column: number, text: string): Command =>
  (state, dispatch) => {
    dispatch(state.tr.insertText(text, cellPos(state.doc, row, column)));
    return true;
  };

describe("two people changing a table's shape at once", () => {
  it("with prosemirror-tables alone, a column deleted while a row is added grows empty columns", () => {
    const both = pair(() => [tableEditing()]);
    both.ada.edit(deleteColumn, 1, 2);
    both.bob.edit(addRowAfter, 1, 0);
    settle(both);
    // Each editor pads the short rows and writes its padding; the room keeps both, round after
    // round: more columns than before the deletion.
    expect(rows(both.ada.state.doc)[0]!.length).toBeGreaterThan(3);
    expect(rows(both.bob.state.doc)[0]!.length).toBeGreaterThan(3);
  });

  it("a column deleted while a row is added: the new row loses the deleted column's cell", () => {
    const both = pair(collaborativeTables);
    both.ada.edit(deleteColumn, 1, 2);
    both.bob.edit(addRowAfter, 1, 0);
    settle(both);
    expect(agreed(both)).toEqual([
      ["Task", "Owner"],
      ["Venue", "Ada"],
      ["", ""],
      ["Food", ""],
    ]);
  });

  it("a column added while a row is added: the new row gets the new column's cell, once, when someone edits the table", () => {
    const both = pair(collaborativeTables);
    both.ada.edit(addColumnAfter, 1, 2);
    both.bob.edit(addRowAfter, 1, 0);
    settle(both);
    expect(agreed(both).map((row) => row.length)).toEqual([4, 4, 3, 4]);
    both.bob.edit(typeInCell(2, 0, "Drinks"), 2, 0);
    settle(both);
    expect(agreed(both)).toEqual([
      ["Task", "Owner", "Due", ""],
      ["Venue", "Ada", "May", ""],
      ["Drinks", "", "", ""],
      ["Food", "", "", ""],
    ]);
  });

  it("text written in a deleted column's cell of a new row is kept, and the table evened when someone edits it", () => {
    const both = pair(collaborativeTables);
    both.ada.edit(deleteColumn, 1, 2);
    both.bob.edit(addRowAfter, 1, 0);
    both.bob.edit(typeInCell(2, 2, "June"), 2, 2);
    settle(both);
    expect(agreed(both)).toEqual([
      ["Task", "Owner"],
      ["Venue", "Ada"],
      ["", "", "June"],
      ["Food", ""],
    ]);
    both.ada.edit(typeInCell(3, 1, "Bo"), 3, 1);
    settle(both);
    expect(agreed(both)).toEqual([
      ["Task", "Owner", ""],
      ["Venue", "Ada", ""],
      ["", "", "June"],
      ["Food", "Bo", ""],
    ]);
  });

  it("both editing such a table at once leaves it one empty column wider, no more", () => {
    const both = pair(collaborativeTables);
    both.ada.edit(deleteColumn, 1, 2);
    both.bob.edit(addRowAfter, 1, 0);
    both.bob.edit(typeInCell(2, 2, "June"), 2, 2);
    settle(both);
    both.ada.edit(typeInCell(3, 1, "Bo"), 3, 1);
    both.bob.edit(typeInCell(1, 1, "!"), 1, 1);
    settle(both);
    expect(agreed(both).map((row) => row.length)).toEqual([4, 4, 3, 4]);
    both.bob.edit(typeInCell(2, 0, "Cake"), 2, 0);
    settle(both);
    expect(agreed(both).map((row) => row.length)).toEqual([4, 4, 4, 4]);
  });

  it("both deleting columns, or both adding one, needs no evening out", () => {
    const deleting = pair(collaborativeTables);
    deleting.ada.edit(deleteColumn, 1, 2);
    deleting.bob.edit(deleteColumn, 1, 1);
    settle(deleting);
    expect(agreed(deleting)).toEqual([["Task"], ["Venue"], ["Food"]]);
    const adding = pair(collaborativeTables);
    adding.ada.edit(addColumnAfter, 1, 0);
    adding.bob.edit(addColumnAfter, 1, 2);
    settle(adding);
    expect(agreed(adding)).toEqual([
      ["Task", "", "Owner", "Due", ""],
      ["Venue", "", "Ada", "May", ""],
      ["Food", "", "", "", ""],
    ]);
  });
});

describe("an imported document's tables", () => {
  it("are filled out: a row short of a wide header gets empty cells", () => {
    const doc = nodes.doc.create(null, [
      nodes.table.create(null, [
        nodes.table_row.create(null, [nodes.table_header.create({ colspan: 3 }, schema.text("Wide"))]),
        nodes.table_row.create(null, [nodes.table_cell.create(null, schema.text("One"))]),
      ]),
    ]);
    expect(rows(withEvenTables(doc))).toEqual([["Wide"], ["One", "", ""]]);
    const even = nodes.doc.create(null, [nodes.paragraph.create(null, schema.text("No table"))]);
    expect(withEvenTables(even)).toBe(even);
  });
});

describe("a table's row length", () => {
  it("is the most common, the shorter on a tie, and never cuts off text", () => {
    expect(rowLength([2, 2, 3, 2], 2)).toBe(2);
    expect(rowLength([4, 4, 3, 4], 3)).toBe(4);
    expect(rowLength([2, 3, 3, 2], 1)).toBe(2);
    expect(rowLength([2, 2, 3], 3)).toBe(3);
  });
});
