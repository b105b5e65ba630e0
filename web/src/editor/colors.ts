/**
 * The colours a person can give text and its highlight. A document stores a palette name,
 * never a CSS value: the pages' CSP forbids inline styles, so the editor shows a colour
 * through a class (editor.css), and a name outside the palette, whatever a crafted update
 * holds, is simply no colour. Exports write the hex value.
 */

export type ColorKind = "text" | "highlight";

export const PALETTE: Record<ColorKind, Readonly<Record<string, string>>> = {
  text: {
    gray: "#6b7280",
    red: "#dc2626",
    orange: "#ea580c",
    green: "#16a34a",
    blue: "#2563eb",
    purple: "#9333ea",
  },
  highlight: {
    yellow: "#fef08a",
    green: "#bbf7d0",
    blue: "#bfdbfe",
    pink: "#fbcfe8",
    orange: "#fed7aa",
  },
};

/** The palette name if `raw` is one; null otherwise. */
export function paletteName(kind: ColorKind, raw: unknown): string | null {
  return typeof raw === "string" && Object.hasOwn(PALETTE[kind], raw) ? raw : null;
}

/** The hex value of a stored colour, or null when it is not one of the palette's. */
export function paletteHex(kind: ColorKind, raw: unknown): string | null {
  const name = paletteName(kind, raw);
  return name === null ? null : PALETTE[kind][name]!;
}

/** A CSS colour as #rrggbb, from "#rgb", "#rrggbb" or "rgb(r, g, b)"; null for anything else. */
export function cssHex(css: string): string | null {
  const value = css.trim().toLowerCase();
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(value);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`;
  if (/^#[0-9a-f]{6}$/.test(value)) return value;
  const rgb = /^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(,\s*[\d.]+\s*)?\)$/.exec(value);
  if (!rgb) return null;
  const channels = rgb.slice(1, 4).map(Number);
  if (channels.some((c) => c > 255)) return null;
  return `#${channels.map((c) => c.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * The palette colour of an imported CSS value (pasted from another editor, an HTML or DOCX
 * file): a palette name as such, otherwise the palette colour near the CSS value, or null
 * when none is near (plain black text pasted from another editor stays uncoloured), it is a
 * white background, or it is not a colour.
 */
/** How far (squared distance in RGB) an imported text colour may be from the palette's. */
const NEAR = 12_000;

export function nearestPaletteColor(kind: ColorKind, css: string): string | null {
  const named = paletteName(kind, css.trim().toLowerCase());
  if (named) return named;
  const hex = cssHex(css);
  if (hex === null) return null;
  const rgb = (h: string) => [1, 3, 5].map((i) => Number.parseInt(h.slice(i, i + 2), 16));
  const [r, g, b] = rgb(hex) as [number, number, number];
  // A highlight is pale, another editor's is often saturated (Word's yellow): any colour but
  // a white background finds its nearest; text colours must be near one of the palette's.
  if (kind === "highlight" && Math.min(r, g, b) >= 235) return null;
  let best: string | null = null;
  let bestDistance = kind === "text" ? NEAR : Number.POSITIVE_INFINITY;
  for (const [name, value] of Object.entries(PALETTE[kind])) {
    const [pr, pg, pb] = rgb(value) as [number, number, number];
    const distance = (r - pr) ** 2 + (g - pg) ** 2 + (b - pb) ** 2;
    if (distance < bestDistance) [best, bestDistance] = [name, distance];
  }
  return best;
}
