import type { Node } from "prosemirror-model";
import { type Command, EditorState, TextSelection } from "prosemirror-state";
import { describe, expect, it } from "vitest";
import { insertRule, insertTable, setColor, toggleCodeBlock, toggleList, toggleTask } from "../../web/src/editor/commands";
import { schema } from "../../web/src/editor/schema";

const { nodes, marks } = schema;

/** A state over `doc` with the selection from `from` to `to`. */
const stateOf = (doc: Node, from: number, to = from) => {
  const state = EditorState.create({ schema, doc });
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, from, to)));
};
/** The state after `command`, which must apply. */
function run(command: Command, state: EditorState): EditorState {
  let next: EditorState | undefined;
  expect(command(state, (tr) => void (next = state.apply(tr)))).toBe(true);
  return next!;
}
const para = (text: string) => nodes.paragraph.create(null, text ? schema.text(text) : null);

describe("the editor's commands", () => {
  it("inserts a table with a header row, its caret in the first cell, and a paragraph after it to go on typing", () => {
    const state = run(insertTable(2, 3), stateOf(nodes.doc.create(null, [para("Plan")]), 5));
    expect(state.doc.content.content.map((n) => n.type.name)).toEqual(["paragraph", "table", "paragraph"]);
    const table = state.doc.child(1);
    expect(table.content.content.map((row) => row.content.content.map((cell) => cell.type.name))).toEqual([
      ["table_header", "table_header", "table_header"],
      ["table_cell", "table_cell", "table_cell"],
    ]);
    expect(state.selection.$from.parent.type).toBe(nodes.table_header);
    // Not inside a table: a cell holds one line.
    expect(insertTable()(state)).toBe(false);
    expect(insertRule(state)).toBe(false);
  });

  it("inserts a rule and leaves the caret in the paragraph after it", () => {
    const state = run(insertRule, stateOf(nodes.doc.create(null, [para("Above")]), 6));
    expect(state.doc.content.content.map((n) => n.type.name)).toEqual(["paragraph", "horizontal_rule", "paragraph"]);
    expect(state.selection.from).toBe(state.doc.child(0).nodeSize + 2);
  });

  it("makes a task list, ticks and clears a task, and lifts out of the list again", () => {
    let state = run(toggleList(nodes.task_list), stateOf(nodes.doc.create(null, [para("Book the venue")]), 3));
    expect(state.doc.child(0).type).toBe(nodes.task_list);
    state = run(toggleTask, state);
    expect(state.doc.child(0).child(0).attrs.checked).toBe(true);
    state = run(toggleTask, state);
    expect(state.doc.child(0).child(0).attrs.checked).toBe(false);
    state = run(toggleList(nodes.task_list), state);
    expect(state.doc.child(0).type).toBe(nodes.paragraph);
    expect(toggleTask(state)).toBe(false);
  });

  it("turns a paragraph into a code block and back", () => {
    let state = run(toggleCodeBlock, stateOf(nodes.doc.create(null, [para("let a = 1;")]), 2));
    expect(state.doc.child(0).type).toBe(nodes.code_block);
    state = run(toggleCodeBlock, state);
    expect(state.doc.child(0).type).toBe(nodes.paragraph);
  });

  it("colours selected text with palette colours only, one at a time, and takes the colour away", () => {
    const doc = nodes.doc.create(null, [para("red and more")]);
    expect(setColor(marks.text_color, "red")(stateOf(doc, 1))).toBe(false);
    expect(setColor(marks.text_color, "red;x:y")(stateOf(doc, 1, 4))).toBe(false);
    let state = run(setColor(marks.text_color, "red"), stateOf(doc, 1, 4));
    state = run(setColor(marks.text_color, "blue"), state);
    state = run(setColor(marks.highlight, "yellow"), state);
    const word = state.doc.child(0).child(0);
    expect([word.text, word.marks.map((m) => [m.type.name, m.attrs.color])]).toEqual([
      "red",
      [
        ["text_color", "blue"],
        ["highlight", "yellow"],
      ],
    ]);
    state = run(setColor(marks.text_color, null), state);
    expect(
      state.doc
        .child(0)
        .child(0)
        .marks.map((m) => m.type.name),
    ).toEqual(["highlight"]);
  });
});
