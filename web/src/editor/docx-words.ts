/**
 * What a Word file from docx-export.ts says in Word's terms, which docx-mammoth.ts reads back:
 * the code paragraph style, the ballot boxes of task items, and the highlight colours (Word
 * has a fixed set of its own).
 */

/** The paragraph style of code blocks. */
export const CODE_STYLE = "Code";

/** The box that starts an open or a done task item. */
export const BOX_OPEN = "\u2610";
export const BOX_CHECKED = "\u2611";

/** Word's highlight for each of the palette's (colors.ts). */
export const WORD_HIGHLIGHT: Readonly<Record<string, "yellow" | "green" | "cyan" | "magenta" | "darkYellow">> = {
  yellow: "yellow",
  green: "green",
  blue: "cyan",
  pink: "magenta",
  orange: "darkYellow",
};
