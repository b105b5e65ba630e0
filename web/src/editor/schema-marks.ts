/**
 * The document's marks beyond CommonMark's: text colour and highlight (palette names, see
 * colors.ts), and links rendered only with a safe address.
 */
import { schema as markdownSchema } from "prosemirror-markdown";
import type { MarkSpec } from "prosemirror-model";
import { type ColorKind, nearestPaletteColor, paletteName } from "./colors";
import { safeHref } from "./safe-attrs";

const link: MarkSpec = {
  ...markdownSchema.spec.marks.get("link"),
  toDOM(mark) {
    const href = safeHref(mark.attrs.href);
    return ["a", { ...(href ? { href } : {}), title: mark.attrs.title, rel: "noopener noreferrer nofollow", target: "_blank" }, 0];
  },
};

/**
 * A colour mark: stored as `{ color: name }`, shown with the class `${kind}-${name}`, read back
 * from that class (our own HTML, mammoth's reading of Word's highlights) or from another
 * editor's inline style.
 */
function colorMark(kind: ColorKind, tag: "span" | "mark", style: string): MarkSpec {
  const className = new RegExp(`(?:^|\\s)${kind}-(\\w+)`);
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
      {
        style,
        getAttrs: (value) => {
          const color = nearestPaletteColor(kind, value);
          return color ? { color } : false;
        },
      },
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
