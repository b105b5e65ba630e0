/**
 * A Word file as HTML, read by mammoth, with what mammoth 1.13 leaves out carried through it:
 * a run's text colour (`w:color`), its shading as a highlight (`w:shd`, how Google Docs writes
 * one) and horizontal rules (an empty paragraph with a border, as docx-export.ts and Word's
 * "---" write one, or the line Word inserts, a VML rect with `o:hr`).
 *
 * mammoth's document model has no place for a colour or a border; the one run property it
 * reads as free text is the highlight's name, which its style map can match. So before mammoth
 * reads the file, each run's colours become one such name made of the classes our marks parse
 * ("highlight-yellow text-red"), which the style map turns into `<mark>` and `<span>`; and a
 * rule's paragraph gets a paragraph style the style map turns into `<hr>`. The rewriting is
 * string work over the main part's XML (no DOM, so it runs in the Workers tests too).
 */
import JSZip from "jszip";
import mammoth from "mammoth";
import { nearestPaletteColor, PALETTE } from "./colors";
import { CODE_STYLE, WORD_HIGHLIGHT } from "./docx-words";

/** Where a Word file keeps its text (Word, LibreOffice, Google Docs and the docx library agree). */
const DOCUMENT_PART = "word/document.xml";

/** The paragraph style a horizontal rule's paragraph gets for the style map. */
const RULE_STYLE = "EdgeRoomsRule";

/** Word's own highlight colours, for the ones our export does not write (docx-words.ts). */
const WORD_HIGHLIGHT_HEX: Readonly<Record<string, string>> = {
  black: "#000000",
  blue: "#0000ff",
  cyan: "#00ffff",
  green: "#00ff00",
  magenta: "#ff00ff",
  red: "#ff0000",
  yellow: "#ffff00",
  white: "#ffffff",
  darkBlue: "#000080",
  darkCyan: "#008080",
  darkGreen: "#008000",
  darkMagenta: "#800080",
  darkRed: "#800000",
  darkYellow: "#808000",
  darkGray: "#808080",
  lightGray: "#c0c0c0",
};

const PALETTE_OF_WORD = new Map(Object.entries(WORD_HIGHLIGHT).map(([name, word]) => [word as string, name]));

/** The palette highlight of one of Word's highlight names: the one our export wrote it for, else the nearest. */
export function paletteHighlight(word: string): string | null {
  const hex = WORD_HIGHLIGHT_HEX[word];
  return PALETTE_OF_WORD.get(word) ?? (hex ? nearestPaletteColor("highlight", hex) : null);
}

/** The value of `name` on the first `<tag …>` in `xml`. */
function attribute(xml: string, tag: string, name: string): string | undefined {
  return new RegExp(`<${tag}\\b[^>]*?\\s${name}=(["'])(.*?)\\1`).exec(xml)?.[2];
}

/** A Word colour value ("dc2626", "auto") as CSS, or "" when it names no colour. */
const wordHex = (value: string | undefined) => (value && /^[0-9a-f]{6}$/i.test(value) ? `#${value}` : "");

/** The carried colours of a run's properties (the inside of its `w:rPr`): "highlight-x text-y", or "". */
export function carriedColors(properties: string): string {
  const word = attribute(properties, "w:highlight", "w:val");
  const highlight = word ? paletteHighlight(word) : nearestPaletteColor("highlight", wordHex(attribute(properties, "w:shd", "w:fill")));
  const text = nearestPaletteColor("text", wordHex(attribute(properties, "w:color", "w:val")));
  return [highlight && `highlight-${highlight}`, text && `text-${text}`].filter(Boolean).join(" ");
}

/**
 * Whether a paragraph's inside (without paragraphs nested in it) is a horizontal rule and
 * nothing else: no text or picture, and a line above or below it but not at its sides (an
 * empty line in a boxed passage has all four), or Word's inserted line.
 */
function isRule(inside: string): boolean {
  if (/<w:t[\s>]|<w:drawing\b/.test(inside)) return false;
  const borders = /<w:pBdr\b[^>]*>([\s\S]*?)<\/w:pBdr>/.exec(inside)?.[1] ?? "";
  return (/<w:(?:bottom|top)\b/.test(borders) && !/<w:(?:left|right|start|end)\b/.test(borders)) || /\so:hr=(["'])(?:t|true)\1/.test(inside);
}

/** The main part's XML with the colours and rules mammoth skips put where it reads them. */
export function carryForMammoth(xml: string): string {
  return (
    xml
      // A tracked formatting change holds the run's old properties in a w:rPr of its own; mammoth ignores it.
      .replace(/<w:rPrChange\b[\s\S]*?<\/w:rPrChange>/g, "")
      .replace(/<w:rPr>([\s\S]*?)<\/w:rPr>/g, (_, properties: string) => {
        const colors = carriedColors(properties);
        const rest = properties.replace(/<w:highlight\b[^>]*\/>/g, "");
        return `<w:rPr>${rest}${colors ? `<w:highlight w:val="${colors}"/>` : ""}</w:rPr>`;
      })
      .replace(/<w:p(\s[^>]*)?(?<!\/)>((?:(?!<w:p[\s>])[\s\S])*?)<\/w:p>/g, (paragraph, attributes: string | undefined, inside: string) => {
        if (!isRule(inside)) return paragraph;
        const style = `<w:pStyle w:val="${RULE_STYLE}"/>`;
        const styled = inside.includes("<w:pPr>")
          ? inside.replace(/<w:pStyle\b[^>]*\/>/, "").replace("<w:pPr>", `<w:pPr>${style}`)
          : `<w:pPr>${style}</w:pPr>${inside}`;
        return `<w:p${attributes ?? ""}>${styled}</w:p>`;
      })
  );
}

/** Every pairing of a highlight and a text colour, as carriedColors names it and as our marks' HTML. */
function colorStyles(): string[] {
  const highlights = [null, ...Object.keys(PALETTE.highlight)];
  const texts = [null, ...Object.keys(PALETTE.text)];
  return highlights.flatMap((highlight) =>
    texts
      .filter((text) => highlight !== null || text !== null)
      .map((text) => {
        const classes = [highlight && `highlight-${highlight}`, text && `text-${text}`].filter(Boolean);
        const path = [highlight && `mark.highlight-${highlight}`, text && `span.text-${text}`].filter(Boolean).join(" > ");
        return `highlight[color='${classes.join(" ")}'] => ${path}`;
      }),
  );
}

/** mammoth's style map: our code style, the rules' paragraphs and the carried colours back to the schema's HTML. */
export const MAMMOTH_STYLE_MAP = [`p[style-name='${CODE_STYLE}'] => pre:separator('\\n')`, `p.${RULE_STYLE} => hr:fresh`, ...colorStyles()];

/** The Word file's content as HTML, for html.ts to read through the schema. */
export async function wordHtml(file: ArrayBuffer): Promise<string> {
  const zip = await JSZip.loadAsync(file);
  const part = zip.file(DOCUMENT_PART);
  // Without the part this is no Word file we know; mammoth says what is wrong with it.
  if (part) zip.file(DOCUMENT_PART, carryForMammoth(await part.async("string")));
  const arrayBuffer = part ? await zip.generateAsync({ type: "arraybuffer" }) : file;
  const { value } = await mammoth.convertToHtml({ arrayBuffer }, { styleMap: MAMMOTH_STYLE_MAP });
  return value;
}
