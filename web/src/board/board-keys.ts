/**
 * The whiteboard's keyboard: a letter picks a tool, Ctrl/⌘+Z and Y undo and redo, Delete
 * removes the selection, ] and [ bring it to the front or send it to the back, Shift+R and
 * Shift+L turn it right or left by ROTATION_STEP, Escape clears it, I adds an image, and
 * Space held down pans. Keys typed into a text field are theirs.
 */
import type { Tool } from "./palette";
import { ROTATION_STEP } from "./rotation";

const TOOL_KEYS: Record<string, Tool> = {
  v: "select",
  p: "pen",
  e: "eraser",
  h: "hand",
  r: "rect",
  o: "ellipse",
  l: "line",
  a: "arrow",
  t: "text",
  n: "sticky",
};

export interface KeyActions {
  canEdit(): boolean;
  hasSelection(): boolean;
  undo(): void;
  redo(): void;
  remove(): void;
  restack(to: "front" | "back"): void;
  /** Turns the selection by this many degrees, clockwise. */
  turn(degrees: number): void;
  deselect(): void;
  pickImage(): void;
  setTool(tool: Tool): void;
}

/** Listens on the window until `destroy`; `spaceHeld` says whether Space is down (the pointer then pans). */
export function listenToKeys(a: KeyActions): { spaceHeld(): boolean; destroy(): void } {
  let spaceHeld = false;
  const onKey = (event: KeyboardEvent) => {
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
    if (event.type === "keyup") {
      if (event.code === "Space") spaceHeld = false;
      return;
    }
    const mod = event.ctrlKey || event.metaKey;
    const canEdit = a.canEdit();
    const selected = a.hasSelection() && canEdit && !mod;
    if (event.code === "Space") spaceHeld = true;
    else if (mod && event.key.toLowerCase() === "z" && canEdit) event.shiftKey ? a.redo() : a.undo(), event.preventDefault();
    else if (mod && event.key.toLowerCase() === "y" && canEdit) a.redo(), event.preventDefault();
    else if (selected && (event.key === "Delete" || event.key === "Backspace")) a.remove(), event.preventDefault();
    else if (selected && (event.key === "]" || event.key === "[")) a.restack(event.key === "]" ? "front" : "back");
    else if (selected && event.shiftKey && (event.key === "R" || event.key === "L")) a.turn(event.key === "R" ? ROTATION_STEP : -ROTATION_STEP);
    else if (event.key === "Escape") a.deselect();
    else if (!mod && canEdit && event.key === "i") a.pickImage();
    else if (!mod && canEdit && Object.hasOwn(TOOL_KEYS, event.key)) a.setTool(TOOL_KEYS[event.key]!);
  };
  addEventListener("keydown", onKey);
  addEventListener("keyup", onKey);
  return {
    spaceHeld: () => spaceHeld,
    destroy() {
      removeEventListener("keydown", onKey);
      removeEventListener("keyup", onKey);
    },
  };
}
