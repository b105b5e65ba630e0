/**
 * The document's images for a Word file: fetched from the room's files (the reader may
 * read the room, so may fetch them), measured, and sized as the document shows them.
 * Word takes PNG, JPEG, GIF and BMP; an image of another type, or one that cannot be
 * fetched, is null and the export writes its alt text instead.
 */
import type { Node } from "prosemirror-model";
import type { Picture } from "./docx-export";
import { imageWidth, plainText, safeImageSrc } from "./safe-attrs";

const TYPES: Record<string, Picture["type"]> = { "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/bmp": "bmp" };

/** The widest a picture is on a Word page (A4 or Letter with default margins), in pixels. */
const PAGE_WIDTH = 600;

async function picture(src: string, alt: string, width: number | null): Promise<Picture | null> {
  try {
    const response = await fetch(src);
    const type = TYPES[(response.headers.get("content-type") ?? "").split(";")[0]!.trim()];
    if (!response.ok || !type) return null;
    const blob = await response.blob();
    const bitmap = await createImageBitmap(blob);
    const scale = Math.min(1, (width ?? bitmap.width) / bitmap.width, PAGE_WIDTH / bitmap.width);
    const size = { width: Math.round(bitmap.width * scale), height: Math.round(bitmap.height * scale) };
    bitmap.close();
    return { type, data: await blob.arrayBuffer(), transformation: size, altText: { name: alt || "Image", description: alt, title: alt } };
  } catch {
    return null;
  }
}

/** Every distinct image of `doc`, by its src. */
export async function pictures(doc: Node): Promise<Map<string, Picture | null>> {
  const found = new Map<string, { alt: string; width: number | null }>();
  doc.descendants((node) => {
    const src = safeImageSrc(node.attrs.src);
    if (node.type.name === "image" && src && !found.has(src)) found.set(src, { alt: plainText(node.attrs.alt), width: imageWidth(node.attrs.width) });
  });
  const entries = await Promise.all([...found].map(async ([src, { alt, width }]) => [src, await picture(src, alt, width)] as const));
  return new Map(entries);
}
