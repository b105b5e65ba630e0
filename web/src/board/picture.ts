/**
 * The whole board as a picture, pure (tested in test/unit): objects back to front, then every
 * stroke as one path over them, the frame fitted around everything with a margin, on a white
 * background (the dot grid is an editing aid and stays out).
 */
import { strokePath } from "./geometry";
import type { StrokeStyle } from "./model";
import { contentBounds } from "./object-geometry";
import type { ObjectData } from "./objects";
import { type Attrs, objectParts, type Part } from "./shapes";

const MARGIN = 32;
const BACKGROUND = "#ffffff";
/** An empty board exports as a blank page of this size. */
const EMPTY = { width: 800, height: 600 };
/** Shown where an image could not be embedded (deleted, or not an image any more). */
const MISSING_IMAGE = "#e8eaee";
/** An image embedded in the file: only base64 of the raster types the files API serves inline. */
const DATA_URL = /^data:image\/(?:png|jpeg|gif|webp|avif);base64,[A-Za-z0-9+/]*={0,2}$/;

export interface Picture {
  /** The board coordinates of the top left corner. */
  x: number;
  y: number;
  width: number;
  height: number;
  strokes: Array<StrokeStyle & { d: string }>;
  /** The objects' SVG elements, back to front. */
  objects: Part[];
}

/** What to draw and where; `objects` back to front, as readObjects gives them. */
export function pictureOf(strokes: ReadonlyArray<StrokeStyle & { points: readonly number[] }>, objects: readonly ObjectData[] = []): Picture {
  const box = contentBounds(strokes, objects);
  const pad = MARGIN + Math.max(0, ...strokes.map((s) => s.width), ...objects.map((o) => ("width" in o ? o.width : 0))) / 2;
  const frame = box
    ? { x: box.minX - pad, y: box.minY - pad, width: box.maxX - box.minX + 2 * pad, height: box.maxY - box.minY + 2 * pad }
    : { x: 0, y: 0, ...EMPTY };
  return {
    ...frame,
    strokes: strokes.filter((s) => s.points.length >= 2).map((s) => ({ color: s.color, width: s.width, d: strokePath(s.points) })),
    objects: objects.flatMap(objectParts),
  };
}

/** Text for XML: the five special characters escaped, the characters XML cannot hold left out. */
export function escapeXml(value: string | number): string {
  return Array.from(String(value), (c) => (isXmlChar(c) ? (/[&<>"']/.test(c) ? `&#${c.charCodeAt(0)};` : c) : "")).join("");
}

/** XML 1.0 holds tab, newline and carriage return of the control characters, and neither U+FFFE nor U+FFFF. */
function isXmlChar(c: string): boolean {
  const code = c.charCodeAt(0);
  return code >= 0x20 ? code !== 0xfffe && code !== 0xffff : code === 0x09 || code === 0x0a || code === 0x0d;
}

const attributes = (attrs: Attrs) =>
  Object.entries(attrs)
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join("");

/** One part as markup; an image's room URL is swapped for its embedded copy from `images`, or a grey box. */
function partMarkup(part: Part, images: ReadonlyMap<string, string>): string {
  if (part.tag === "text") {
    const lines = part.lines.map((l) => `<tspan x="${escapeXml(l.x)}" y="${escapeXml(l.y)}">${escapeXml(l.text)}</tspan>`).join("");
    return `<text${attributes(part.attrs)} xml:space="preserve">${lines}</text>`;
  }
  if (part.tag === "image") {
    const embedded = images.get(String(part.attrs.href));
    const { href: _, ...image } = part.attrs;
    const { preserveAspectRatio: _fit, ...place } = image;
    if (embedded === undefined || !DATA_URL.test(embedded)) return `<rect${attributes({ ...place, fill: MISSING_IMAGE })}/>`;
    return `<image${attributes({ ...image, href: embedded })}/>`;
  }
  return `<${part.tag}${attributes(part.attrs)}/>`;
}

/**
 * A standalone SVG file. Everything in it comes through readStroke and readObject (palette
 * colours, finite numbers, room file URLs) and every value and text is escaped besides, so no
 * markup can get in. `images` maps an image's room URL to a `data:` URL of its bytes.
 */
export function toSvg(p: Picture, images: ReadonlyMap<string, string> = new Map()): string {
  const paths = p.strokes.map(
    (s) => `<path d="${s.d}" fill="none" stroke="${s.color}" stroke-width="${s.width}" stroke-linecap="round" stroke-linejoin="round"/>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(p.width)}" height="${Math.ceil(p.height)}" viewBox="${p.x} ${p.y} ${p.width} ${p.height}">`,
    `<rect x="${p.x}" y="${p.y}" width="${p.width}" height="${p.height}" fill="${BACKGROUND}"/>`,
    ...p.objects.map((part) => partMarkup(part, images)),
    ...paths,
    "</svg>",
    "",
  ].join("\n");
}
