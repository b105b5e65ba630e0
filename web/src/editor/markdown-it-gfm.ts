/**
 * The GitHub-flavoured parts of Markdown the editor reads beyond CommonMark: tables
 * (markdown-it's own rule) and task lists ("- [ ] a", "- [x] b"), which markdown-it leaves
 * to plugins. A bullet list becomes a task list when every one of its items starts with a
 * box; its tokens are renamed task_list/task_item so the ProseMirror parser maps them.
 */
import MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";

const BOX = /^\[([ xX])\](?:\s+|$)/;

/** The indexes of the tokens that open the items of the list opened at `open`, and its close. */
function itemsOf(tokens: Token[], open: number): { items: number[]; close: number } {
  const level = tokens[open]!.level;
  const items: number[] = [];
  let i = open + 1;
  for (; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.level === level) break;
    if (token.level === level + 1 && token.type === "list_item_open") items.push(i);
  }
  return { items, close: i };
}

/** The inline token of the item's first paragraph, if the item starts with one. */
function firstInline(tokens: Token[], item: number): Token | undefined {
  const paragraph = tokens[item + 1];
  const inline = tokens[item + 2];
  return paragraph?.type === "paragraph_open" && inline?.type === "inline" ? inline : undefined;
}

function taskLists(state: { tokens: Token[] }): void {
  const { tokens } = state;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.type !== "bullet_list_open") continue;
    const { items, close } = itemsOf(tokens, i);
    const boxes = items.map((item) => firstInline(tokens, item)).map((inline) => (inline ? BOX.exec(inline.content) : null));
    if (items.length === 0 || boxes.some((box) => box === null)) continue;
    tokens[i]!.type = "task_list_open";
    tokens[close]!.type = "task_list_close";
    items.forEach((item, n) => {
      const box = boxes[n]!;
      tokens[item]!.type = "task_item_open";
      tokens[item]!.attrSet("checked", String(box[1] !== " "));
      const inline = firstInline(tokens, item)!;
      inline.content = inline.content.slice(box[0].length);
      // The item's close is the next list_item_close at the item's level.
      for (let j = item + 1; j < close; j++) {
        if (tokens[j]!.type === "list_item_close" && tokens[j]!.level === tokens[item]!.level) {
          tokens[j]!.type = "task_item_close";
          break;
        }
      }
    });
  }
}

/** CommonMark without raw HTML (imported text never becomes markup), plus tables and task lists. */
export function gfmTokenizer(): MarkdownIt {
  const md = MarkdownIt("commonmark", { html: false }).enable("table");
  // Before inline parsing, so the box is gone from the text the item's inline tokens are made of.
  md.core.ruler.before("inline", "task_lists", taskLists);
  return md;
}
