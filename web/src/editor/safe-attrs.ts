/**
 * What a document's attributes may be, checked wherever they leave the document: rendered in
 * an editor (toDOM), read from pasted or imported HTML (parseDOM), or written to an export.
 * Any collaborator, or a crafted Yjs update, can store any value in any attribute; these
 * functions answer a safe value or null, never throw, and touch no DOM.
 */

/** The href if it is a web, mail or same-site address; null otherwise. */
export function safeHref(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const href = raw.trim();
  if (/^(https?:|mailto:)/i.test(href) || /^[/#]/.test(href)) return href;
  // A bare domain ("example.com/page") is a web address a person typed without the scheme.
  if (/^[\w-]+(\.[\w-]+)+([/?#].*)?$/.test(href)) return `https://${href}`;
  return null;
}

/**
 * The src if it is one of this site's files or an inline picture; null otherwise. The page's
 * CSP loads no other image anyway; this keeps a crafted update's `javascript:` or tracking
 * URL out of the DOM altogether.
 */
export function safeImageSrc(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  return /^\/(?!\/)/.test(raw) || /^data:image\/(png|jpeg|gif|webp|avif);/.test(raw) ? raw : null;
}

/** An image's width in CSS pixels, as a person may set it by resizing. */
export const IMAGE_WIDTH = { min: 48, max: 1600 } as const;

/** A whole number of pixels within IMAGE_WIDTH, or null (the image's own size). */
export function imageWidth(raw: unknown): number | null {
  const n = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
  if (typeof n !== "number" || !Number.isFinite(n) || n <= 0) return null;
  return Math.round(Math.min(IMAGE_WIDTH.max, Math.max(IMAGE_WIDTH.min, n)));
}

/** A heading's level, 1 to 6 (an element named from a crafted level could not be created). */
export function headingLevel(raw: unknown): number {
  return typeof raw === "number" && Number.isInteger(raw) && raw >= 1 && raw <= 6 ? raw : 1;
}

/** Alt text and titles: plain text of a sane length. */
export function plainText(raw: unknown, max = 1000): string {
  return typeof raw === "string" ? raw.slice(0, max) : "";
}

/** A code block's language: a word such as "ts" or "c++", nothing that could be markup. */
export function codeLanguage(raw: unknown): string {
  return typeof raw === "string" && /^[\w+#.-]{1,32}$/.test(raw.trim()) ? raw.trim() : "";
}

/**
 * The most rows or columns one table cell may span. prosemirror-tables allocates a map of
 * every row times every column, so a crafted span of a billion would stop the editor.
 */
export const MAX_CELL_SPAN = 100;

/** A cell's colspan or rowspan from imported HTML, clamped into 1…MAX_CELL_SPAN. */
export function cellSpan(raw: unknown): number {
  const n = Math.trunc(Number(raw));
  return Number.isFinite(n) && n >= 1 ? Math.min(n, MAX_CELL_SPAN) : 1;
}

/** Throws unless `value` is a span the tables plugin can map (the schema's validate hook). */
export function checkCellSpan(value: unknown): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_CELL_SPAN) {
    throw new RangeError(`A cell spans 1 to ${MAX_CELL_SPAN} rows or columns, not ${String(value)}`);
  }
}

/** Throws unless `value` is null or a short list of column widths in pixels. */
export function checkColumnWidths(value: unknown): void {
  if (value === null) return;
  const ok = Array.isArray(value) && value.length <= MAX_CELL_SPAN && value.every((w) => typeof w === "number" && Number.isFinite(w) && w >= 0 && w <= 10_000);
  if (!ok) throw new RangeError("Column widths are null or a list of up to 100 pixel widths");
}
