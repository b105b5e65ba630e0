/**
 * Keyboard shortcuts and Markdown-style input rules ("# " heading, "- " list, "[ ] " task,
 * "> " quote, "```" code block, "---" rule). In a table, Tab and Shift+Tab move between
 * cells; in a list, they indent and outdent.
 */
import { baseKeymap, chainCommands, setBlockType, toggleMark } from "prosemirror-commands";
import {
  ellipsis,
  emDash,
  type InputRule,
  inputRules,
  InputRule as Rule,
  smartQuotes,
  textblockTypeInputRule,
  wrappingInputRule,
} from "prosemirror-inputrules";
import { keymap } from "prosemirror-keymap";
import { liftListItem, sinkListItem, splitListItem } from "prosemirror-schema-list";
import { type Command, type Plugin, TextSelection } from "prosemirror-state";
import { goToNextCell } from "prosemirror-tables";
import { redo, undo } from "y-prosemirror";
import { hardBreak, toggleCodeBlock, toggleList, toggleTask } from "./commands";
import { schema } from "./schema";

const { nodes, marks } = schema;

/** "---" (or the em dash "--" becomes, then "-") alone in a paragraph: a rule, and the text goes on below it. */
const ruleInput = new Rule(/^(?:---|\u2014-)$/, (state, _match, start, end) => {
  const $start = state.doc.resolve(start);
  if ($start.parent.type !== nodes.paragraph || $start.parent.content.size !== end - start) return null;
  const from = $start.before();
  const tr = state.tr.replaceWith(from, $start.after(), [nodes.horizontal_rule.create(), nodes.paragraph.create()]);
  return tr.setSelection(TextSelection.create(tr.doc, from + 2));
});

export function editorKeys(openLink: Command): Plugin[] {
  const rules: InputRule[] = [
    ...smartQuotes,
    ellipsis,
    emDash,
    textblockTypeInputRule(/^(#{1,3})\s$/, nodes.heading, (match) => ({ level: match[1]!.length })),
    textblockTypeInputRule(/^```([\w+#.-]*)\s$/, nodes.code_block, (match) => ({ params: match[1] ?? "" })),
    wrappingInputRule(/^\s*>\s$/, nodes.blockquote),
    wrappingInputRule(/^\s*\[\s?\]\s$/, nodes.task_list),
    wrappingInputRule(/^\s*([-+*])\s$/, nodes.bullet_list),
    wrappingInputRule(
      /^(\d+)\.\s$/,
      nodes.ordered_list,
      (match) => ({ order: Number(match[1]) }),
      (match, node) => node.childCount + node.attrs.order === Number(match[1]),
    ),
    ruleInput,
  ];
  const inList = (command: (type: typeof nodes.list_item) => Command) => chainCommands(command(nodes.list_item), command(nodes.task_item));
  return [
    inputRules({ rules }),
    keymap({
      // y-prosemirror's undo manager tracks only this editor's own changes.
      "Mod-z": undo,
      "Mod-y": redo,
      "Mod-Shift-z": redo,
      "Mod-b": toggleMark(marks.strong),
      "Mod-i": toggleMark(marks.em),
      "Mod-e": toggleMark(marks.code),
      "Mod-k": openLink,
      "Mod-Alt-0": setBlockType(nodes.paragraph),
      "Mod-Alt-1": setBlockType(nodes.heading, { level: 1 }),
      "Mod-Alt-2": setBlockType(nodes.heading, { level: 2 }),
      "Mod-Alt-3": setBlockType(nodes.heading, { level: 3 }),
      "Mod-Alt-c": toggleCodeBlock,
      "Mod-Shift-7": toggleList(nodes.ordered_list),
      "Mod-Shift-8": toggleList(nodes.bullet_list),
      "Mod-Shift-9": toggleList(nodes.task_list),
      // A new task starts open.
      Enter: chainCommands(splitListItem(nodes.list_item), splitListItem(nodes.task_item, { checked: false })),
      Tab: chainCommands(goToNextCell(1), inList(sinkListItem)),
      "Shift-Tab": chainCommands(goToNextCell(-1), inList(liftListItem)),
      "Shift-Enter": hardBreak,
      // In a task, Ctrl+Enter ticks it (as in most task lists); elsewhere it breaks the line.
      "Mod-Enter": chainCommands(toggleTask, hardBreak),
    }),
    keymap(baseKeymap),
  ];
}
