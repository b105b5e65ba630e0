/**
 * The document schema: CommonMark's (prosemirror-markdown) with tables, task lists, text
 * colour, highlight and image widths (schema-nodes.ts, schema-marks.ts). The one home of the
 * schema: the editor, the history preview, every import and export use it. Attributes reach
 * the DOM only through safe-attrs.ts and colors.ts, since any collaborator (or a crafted Yjs
 * update) can store anything in them.
 */
import { Schema } from "prosemirror-model";
import { marks } from "./schema-marks";
import { nodes } from "./schema-nodes";

export type NodeName =
  | "doc"
  | "paragraph"
  | "blockquote"
  | "horizontal_rule"
  | "heading"
  | "code_block"
  | "ordered_list"
  | "bullet_list"
  | "task_list"
  | "task_item"
  | "list_item"
  | "text"
  | "image"
  | "hard_break"
  | "table"
  | "table_row"
  | "table_cell"
  | "table_header";
export type MarkName = "em" | "strong" | "link" | "code" | "text_color" | "highlight";

export const schema = new Schema<NodeName, MarkName>({ nodes, marks });

/** The Yjs root the editor binds to (y-prosemirror's default name). */
export const FRAGMENT = "prosemirror";
