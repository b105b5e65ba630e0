/**
 * The document's marks beyond CommonMark's: text colour and highlight (palette names, see
 * colors.ts), and links rendered only with a safe address.
 */
import { schema as markdownSchema } from "prosemirror-markdown";
import type { MarkSpec, TagParseRule } from "prosemirror-model";
import { type ColorKind, nearestPaletteColor, paletteName } from "./colors";
import { plainText, safeHref } from "./safe-attrs";

const link: MarkSpec = {
  ...markdownSchema.spec.marks.get("link"),
  // A pasted or imported link with another kind of address is its text only.
  parseDOM: [
    {
      tag: "a[href]",
      getAttrs: (dom) => {
        const href = safeHref(dom.getAttribute("href"));
        return href ? { href, title: plainText(dom.getAttribute("title")) || null } : false;
      },
    },
  ],
  toDOM(mark) {
    const href = safeHref(mark.attrs.href);
    return ["a", { ...(href ? { href } : {}), title: mark.attrs.title, rel: "noopener noreferrer nofollow", target: "_blank" }, 0];
  },
};

/**
 * A colour mark: stored as `{ color: name }`, shown with the class `${kind}-${name}`, read back
 * from that class (our own HTML, mammoth's reading of Word's highlights) or from the inline
 * style of another editor's span.
 */
function colorMark(kind: ColorKind, tag: "span" | "mark", style: string): MarkSpec {
  const className = new RegExp(`(?:^|\\s)${kind}-(\\w+)`);
  const declaration = new RegExp(`(?:^|;)\\s*${style}\\s*:\\s*([^;]+)`, "i");
  // The attribute's text, not the element's style: the pages' CSP (no inline styles) leaves
  // the style of an element parsed from a pasted or imported page empty.
  const styled: TagParseRule = {
    tag: tag === "span" ? "span[style]" : `span[style], ${tag}[style]`,
    // A span may carry a text colour and a highlight at once.
    consuming: false,
    getAttrs: (dom) => {
      const value = declaration.exec(dom.getAttribute("style") ?? "")?.[1];
      const color = value ? nearestPaletteColor(kind, value) : null;
      return color ? { color } : false;
    },
  };
  return {
    // One colour of a kind at a time: a new one replaces the old (a mark excludes its own type).
    attrs: { color: {} },
    parseDOM: [
      {
        tag: `${tag}[class]`,
        getAttrs: (dom) => {
          const color = paletteName(kind, className.exec(dom.className)?.[1]);
          return color ? { color } : false;
        },
      },
      styled,
      ...(tag === "mark" ? [{ tag: "mark", getAttrs: () => ({ color: "yellow" }) }] : []),
    ],
    toDOM(mark) {
      const name = paletteName(kind, mark.attrs.color);
      return [tag, name ? { class: `${kind}-${name}` } : {}, 0];
    },
  };
}

export const marks = markdownSchema.spec.marks
  .update("link", link)
  .append({ text_color: colorMark("text", "span", "color"), highlight: colorMark("highlight", "mark", "background-color") });
