/**
 * Files in rooms: what a file is from its bytes, which kinds a browser may show inline, and
 * where a room's file lives. A file is named by the SHA-256 of its bytes, so the same image
 * pasted twice is stored once and its URL never points at other bytes. The type is decided
 * here from the bytes, never taken from the uploader's Content-Type or file name: an HTML
 * page renamed `.png` is HTML.
 */

/** The types a room accepts unless FILE_TYPES says otherwise (docs/operations.md). */
export const DEFAULT_FILE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "application/pdf", "text/plain"] as const;

/** Shown inline (in an `<img>`); every other type is only ever a download. SVG is not among them: it can carry script. */
const INLINE_IMAGES: ReadonlySet<string> = new Set(["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"]);

export const isInlineImage = (contentType: string) => INLINE_IMAGES.has(contentType);

/** A file id: the hex SHA-256 of its bytes. */
export const FILE_ID = /^[0-9a-f]{64}$/;

/** Where a room's file is served (docs/api.md); documents and boards refer to files by it. */
export const filePath = (room: string, id: string) => `/api/rooms/${encodeURIComponent(room)}/files/${id}`;

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) => prefix.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((ch) => ch.charCodeAt(0));

/** Binary formats by their signature. */
const SIGNATURES: ReadonlyArray<{ type: string; test: (b: Uint8Array) => boolean }> = [
  { type: "image/png", test: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: "image/jpeg", test: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  { type: "image/gif", test: (b) => startsWith(b, ascii("GIF87a")) || startsWith(b, ascii("GIF89a")) },
  { type: "image/webp", test: (b) => startsWith(b, ascii("RIFF")) && startsWith(b, ascii("WEBP"), 8) },
  { type: "image/avif", test: (b) => startsWith(b, ascii("ftyp"), 4) && (startsWith(b, ascii("avif"), 8) || startsWith(b, ascii("avis"), 8)) },
  { type: "application/pdf", test: (b) => startsWith(b, ascii("%PDF-")) },
  { type: "application/zip", test: (b) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]) },
];

/** How much of a file is read to tell text from binary and markup from prose. */
const SNIFF_BYTES = 64 * 1024;

/**
 * The type of a file from its bytes: a known binary signature; otherwise text (UTF-8 without
 * control characters), where anything a browser would take for markup is HTML or SVG; else
 * `application/octet-stream`.
 */
export function sniffContentType(bytes: Uint8Array): string {
  for (const { type, test } of SIGNATURES) if (test(bytes)) return type;
  const text = utf8Prefix(bytes.subarray(0, SNIFF_BYTES));
  if (text === null) return "application/octet-stream";
  const start = text
    .replace(/^\uFEFF/, "")
    .trimStart()
    .slice(0, 512)
    .toLowerCase();
  if (start.startsWith("<")) {
    // A browser that ignored our type would sniff any of these as active content.
    if (/<svg[\s>]/.test(start) || /<svg[\s>]/.test(text.slice(0, 4096).toLowerCase())) return "image/svg+xml";
    return "text/html";
  }
  return "text/plain";
}

/** The bytes as UTF-8 text (a character cut at the end allowed), or null if they are not text. */
function utf8Prefix(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes, { stream: true });
  } catch {
    return null;
  }
  for (let i = 0; i < text.length; i++) if (!isTextChar(text.charCodeAt(i))) return null;
  return text;
}

/** Tab, line feed, form feed and carriage return are text; other control characters are not. */
const isTextChar = (code: number) => (code >= 0x20 && code !== 0x7f) || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
