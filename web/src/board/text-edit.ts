/**
 * Typing into a text or a sticky note: a textarea laid over the object at the current zoom;
 * leaving it (click elsewhere, Escape, Ctrl+Enter) saves the text in one change.
 */
import { h } from "../lib/dom";
import { MAX_TEXT, type ObjectData } from "./objects";
import { FONT, LINE_HEIGHT, STICKY_PADDING, STICKY_TEXT_SIZE, TEXT_SIZE } from "./shapes";
import { toScreen, type Viewport } from "./viewport";

/** Opens the editor over `o` inside `parent` (the board's root); `save` gets the final text. */
export function editText(parent: HTMLElement, o: Extract<ObjectData, { kind: "text" | "sticky" }>, viewport: Viewport, save: (text: string) => void): void {
  const at = toScreen(viewport, o.x, o.y);
  const sticky = o.kind === "sticky";
  const size = (sticky ? STICKY_TEXT_SIZE : TEXT_SIZE) * viewport.scale;
  const area = h("textarea", { class: "board-text-edit", "aria-label": sticky ? "Sticky note text" : "Text", maxlength: MAX_TEXT, spellcheck: "true" });
  area.value = o.text;
  Object.assign(area.style, {
    left: `${at.x}px`,
    top: `${at.y}px`,
    width: `${o.w * viewport.scale}px`,
    height: `${Math.max(o.h, TEXT_SIZE * LINE_HEIGHT + 8) * viewport.scale}px`,
    padding: sticky ? `${(STICKY_PADDING / 2) * viewport.scale}px ${STICKY_PADDING * viewport.scale}px` : "0",
    font: `${size}px/${LINE_HEIGHT} ${FONT}`,
    color: sticky ? "#1f2430" : o.color,
    background: sticky ? o.fill : "#ffffff",
    // Turned as the object is, about its centre.
    transform: o.rotation ? `rotate(${o.rotation}deg)` : "",
  });
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    area.remove();
    save(area.value);
  };
  area.addEventListener("blur", close);
  area.addEventListener("keydown", (event) => {
    event.stopPropagation();
    if (event.key === "Escape" || (event.key === "Enter" && (event.ctrlKey || event.metaKey))) close();
  });
  parent.append(area);
  area.focus();
}
