/** Keyboard shortcuts and Markdown-style input rules ("# " heading, "- " list, "> " quote). */
import { baseKeymap, chainCommands, exitCode, setBlockType, toggleMark } from "prosemirror-commands";
import { ellipsis, emDash, type InputRule, inputRules, smartQuotes, textblockTypeInputRule, wrappingInputRule } from "prosemirror-inputrules";
import { keymap } from "prosemirror-keymap";
import { liftListItem, sinkListItem, splitListItem } from "prosemirror-schema-list";
import type { Command, Plugin } from "prosemirror-state";
import { redo, undo } from "y-prosemirror";
import { schema } from "./schema";

const { nodes, marks } = schema;

const hardBreak: Command = chainCommands(exitCode, (state, dispatch) => {
  dispatch?.(state.tr.replaceSelectionWith(nodes.hard_break.create()).scrollIntoView());
  return true;
});

export function editorKeys(openLink: Command): Plugin[] {
  const rules: InputRule[] = [
    ...smartQuotes,
    ellipsis,
    emDash,
    textblockTypeInputRule(/^(#{1,3})\s$/, nodes.heading, (match) => ({ level: match[1]!.length })),
    wrappingInputRule(/^\s*>\s$/, nodes.blockquote),
    wrappingInputRule(/^\s*([-+*])\s$/, nodes.bullet_list),
    wrappingInputRule(
      /^(\d+)\.\s$/,
      nodes.ordered_list,
      (match) => ({ order: Number(match[1]) }),
      (match, node) => node.childCount + node.attrs.order === Number(match[1]),
    ),
  ];
  return [
    inputRules({ rules }),
    keymap({
      // y-prosemirror's undo manager tracks only this editor's own changes.
      "Mod-z": undo,
      "Mod-y": redo,
      "Mod-Shift-z": redo,
      "Mod-b": toggleMark(marks.strong),
      "Mod-i": toggleMark(marks.em),
      "Mod-k": openLink,
      "Mod-Alt-0": setBlockType(nodes.paragraph),
      "Mod-Alt-1": setBlockType(nodes.heading, { level: 1 }),
      "Mod-Alt-2": setBlockType(nodes.heading, { level: 2 }),
      "Mod-Alt-3": setBlockType(nodes.heading, { level: 3 }),
      Enter: splitListItem(nodes.list_item),
      Tab: sinkListItem(nodes.list_item),
      "Shift-Tab": liftListItem(nodes.list_item),
      "Shift-Enter": hardBreak,
      "Mod-Enter": hardBreak,
    }),
    keymap(baseKeymap),
  ];
}
