/**
 * Remote carets for y-prosemirror's cursor plugin. Its default builder sets colours with
 * setAttribute("style"), which the pages' CSP (style-src 'self') refuses; the CSSOM is allowed.
 * Only states that pass `drawsCaret` (@edge-rooms/client, presence-shape.ts) reach it, so the person is whole.
 */
import type { Person } from "@edge-rooms/client";

export function caret(user: Person): HTMLElement {
  const el = document.createElement("span");
  el.className = "ProseMirror-yjs-cursor";
  el.style.borderColor = user.color;
  const label = document.createElement("span");
  label.className = "caret-label";
  label.style.backgroundColor = user.color;
  label.textContent = user.name;
  // Word joiners keep the caret from breaking the line around it (as y-prosemirror's default does).
  el.append("\u2060", label, "\u2060");
  return el;
}
