/**
 * Building DOM without innerHTML: every text a user or a collaborator typed goes in as a
 * text node, so no document title, name or email can become markup.
 */
type Child = Node | string | null | undefined | false;
type Props = Record<string, string | number | boolean | EventListener | undefined>;

/** An element with attributes (`on*` keys add listeners) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") el.addEventListener(key.slice(2).toLowerCase(), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

export function append(parent: Element, children: Child[]): void {
  for (const child of children) if (child !== null && child !== undefined && child !== false) parent.append(child);
}

/** Replaces all children of `el`. */
export function replaceChildren(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** Makes `el`'s children exactly `children`, moving only the nodes that are out of place. */
export function syncChildren(el: Element, ...children: Child[]): void {
  let at: ChildNode | null = el.firstChild;
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    const node = typeof child === "string" ? document.createTextNode(child) : child;
    if (node === at) at = at.nextSibling;
    else el.insertBefore(node, at);
  }
  while (at) {
    const next: ChildNode | null = at.nextSibling;
    at.remove();
    at = next;
  }
}

/**
 * Runs `redraw` and gives the focus and caret back to the box that had them, if the redraw
 * moved it: moving a node takes the focus out of it, so a reply being typed while a list is
 * redrawn would lose the keys that follow.
 */
export function keepingFocus(redraw: () => void): void {
  const focused = document.activeElement;
  const box = focused instanceof HTMLTextAreaElement || focused instanceof HTMLInputElement ? focused : null;
  const caret = box ? ([box.selectionStart, box.selectionEnd] as const) : null;
  redraw();
  if (!(focused instanceof HTMLElement) || focused === document.activeElement || !focused.isConnected) return;
  focused.focus({ preventScroll: true });
  if (box && caret) box.setSelectionRange(caret[0], caret[1]);
}

/** The element with this id, which the page's HTML must have. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`page is missing #${id}`);
  return el as T;
}

const SVG = "http://www.w3.org/2000/svg";

/** An SVG element with attributes. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
  ...children: SVGElement[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  el.append(...children);
  return el;
}
