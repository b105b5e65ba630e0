/** A person's avatar: their initials on their colour. */
import { h } from "./dom";

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
