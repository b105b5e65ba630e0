/**
 * Remote carets for y-prosemirror's cursor plugin. Its default builder sets colours with
 * setAttribute("style"), which the pages' CSP (style-src 'self') refuses; the CSSOM is allowed.
 */
export function caret(user: { name?: string; color?: string }): HTMLElement {
  const color = user.color ?? "#888888";
  const el = document.createElement("span");
  el.className = "ProseMirror-yjs-cursor";
  el.style.borderColor = color;
  const label = document.createElement("span");
  label.className = "caret-label";
  label.style.backgroundColor = color;
  label.textContent = user.name ?? "Someone";
  // Word joiners keep the caret from breaking the line around it (as y-prosemirror's default does).
  el.append("\u2060", label, "\u2060");
  return el;
}
