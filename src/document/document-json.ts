/**
 * A document's root types as JSON, for export: text → a string, a map → an object, XML
 * (ProseMirror, Tiptap) → a ProseMirror-style node tree, other sequences → an array. A
 * root whose content is all deleted has no kind to tell by (see root-types.ts) and is
 * null. Pure: no I/O.
 */
import * as Y from "yjs";
import { rootKind, typedRoot } from "./root-types";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function documentJson(state: Uint8Array): Record<string, Json> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const out: Record<string, Json> = {};
  for (const name of [...doc.share.keys()].sort()) {
    const kind = rootKind(doc.share.get(name));
    if (kind === null) {
      out[name] = null;
      continue;
    }
    const root = typedRoot(doc, name, kind);
    out[name] = root instanceof Y.XmlFragment ? root.toArray().map(xmlNode) : root instanceof Y.Text ? root.toString() : (root.toJSON() as Json);
  }
  doc.destroy();
  return out;
}

function xmlNode(node: Y.XmlElement | Y.XmlText | Y.XmlHook): Json {
  if (node instanceof Y.XmlText) {
    return (node.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>).map(({ insert, attributes }) => ({
      type: "text",
      text: typeof insert === "string" ? insert : "",
      // y-prosemirror stores a mark as an attribute: its value is the mark's attrs, or true.
      ...(attributes ? { marks: Object.entries(attributes).map(([type, attrs]) => markJson(type, attrs)) } : {}),
    }));
  }
  if (node instanceof Y.XmlHook) return { type: node.hookName, attrs: node.toJSON() as Json };
  const content = node.toArray().flatMap((child) => {
    const json = xmlNode(child as Y.XmlElement | Y.XmlText);
    return Array.isArray(json) ? json : [json];
  });
  return { type: node.nodeName, attrs: node.getAttributes() as Json, ...(content.length > 0 ? { content } : {}) };
}

function markJson(type: string, attrs: unknown): Json {
  return typeof attrs === "object" && attrs !== null ? { type, attrs: attrs as Json } : { type };
}
