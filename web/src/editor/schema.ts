/**
 * The document schema: CommonMark's (prosemirror-markdown), so every document exports to
 * Markdown and back without loss. Links are rendered only with web or mail addresses, and
 * images only from this site: a collaborator (or a crafted Yjs update) could store
 * `javascript:` in a link's href or any address in an image's src.
 */

import { defaultMarkdownParser, MarkdownParser, schema as markdownSchema } from "prosemirror-markdown";
import { type MarkSpec, type NodeSpec, Schema } from "prosemirror-model";

/** The href if it is a web, mail or same-site address; null otherwise. */
export function safeHref(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const href = raw.trim();
  if (/^(https?:|mailto:)/i.test(href) || /^[/#]/.test(href)) return href;
  // A bare domain ("example.com/page") is a web address a person typed without the scheme.
  if (/^[\w-]+(\.[\w-]+)+([/?#].*)?$/.test(href)) return `https://${href}`;
  return null;
}

const link: MarkSpec = {
  ...markdownSchema.spec.marks.get("link"),
  toDOM(mark) {
    const href = safeHref(mark.attrs.href);
    return ["a", { ...(href ? { href } : {}), title: mark.attrs.title, rel: "noopener noreferrer nofollow", target: "_blank" }, 0];
  },
};

/**
 * The src if it is one of this site's files or an inline picture; null otherwise. The page's
 * CSP loads no other image anyway; this keeps a crafted update's `javascript:` or tracking
 * URL out of the DOM altogether.
 */
export function safeImageSrc(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  return /^\/(?!\/)/.test(raw) || /^data:image\/(png|jpeg|gif|webp|avif);/.test(raw) ? raw : null;
}

const image: NodeSpec = {
  ...markdownSchema.spec.nodes.get("image"),
  toDOM(node) {
    const src = safeImageSrc(node.attrs.src);
    return ["img", { ...(src ? { src } : {}), alt: node.attrs.alt ?? "", title: node.attrs.title, loading: "lazy" }];
  },
};

type NodeName = typeof markdownSchema extends Schema<infer N, string> ? N : never;
type MarkName = typeof markdownSchema extends Schema<string, infer M> ? M : never;

export const schema = new Schema<NodeName, MarkName>({
  nodes: markdownSchema.spec.nodes.update("image", image),
  marks: markdownSchema.spec.marks.update("link", link),
});

export const markdownParser = new MarkdownParser(schema, defaultMarkdownParser.tokenizer, defaultMarkdownParser.tokens);

/** The Yjs root the editor binds to (y-prosemirror's default name). */
export const FRAGMENT = "prosemirror";
