/** How a person looks on screen: a stable colour from their id, and initials for avatars. */
import { h } from "./dom";

const PALETTE = ["#e5484d", "#f76b15", "#d6a000", "#30a46c", "#12a594", "#0090ff", "#3e63dd", "#8e4ec6", "#d6409f", "#7c6f64"];

/** The same colour for the same person on every screen. */
export function colorFor(id: string): string {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (Math.imul(hash, 31) + id.charCodeAt(i)) | 0;
  return PALETTE[Math.abs(hash) % PALETTE.length]!;
}

/**
 * Colours for people shown side by side: each keeps their own colour where it is free, else
 * takes the next free one, so no two share a colour (up to the palette's size).
 */
export function distinctColors(ids: Iterable<string>): Map<string, string> {
  const colors = new Map<string, string>();
  const taken = new Set<string>();
  for (const id of ids) {
    if (colors.has(id)) continue;
    const own = PALETTE.indexOf(colorFor(id));
    const free = PALETTE.map((_, i) => PALETTE[(own + i) % PALETTE.length]!).find((color) => !taken.has(color)) ?? colorFor(id);
    colors.set(id, free);
    taken.add(free);
  }
  return colors;
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]![0], words[words.length - 1]![0]] : [[...(words[0] ?? "?")][0]];
  return letters.join("").toUpperCase();
}

export function avatar(name: string, color: string, label = name): HTMLElement {
  const el = h("span", { class: "avatar", title: label, "aria-label": label }, initials(name));
  el.style.background = color;
  return el;
}
