/**
 * Downloads the whole board (see picture.ts) with its images embedded: SVG as it is, PNG drawn
 * from that same SVG on a canvas at twice the size, for sharp output.
 */
import { saveFile } from "../lib/save-file";
import { readStrokes } from "./model";
import type { ObjectData } from "./objects";
import { type Picture, pictureOf, toSvg } from "./picture";
import { fileAsDataUrl } from "./room-files";

const PNG_SCALE = 2;
/** Browsers refuse canvases much larger than this per side. */
const MAX_PNG_SIDE = 8192;

async function toPng(p: Picture, svgText: string): Promise<Blob> {
  const scale = Math.min(PNG_SCALE, MAX_PNG_SIDE / p.width, MAX_PNG_SIDE / p.height);
  const canvas = document.createElement("canvas");
  canvas.width = Math.ceil(p.width * scale);
  canvas.height = Math.ceil(p.height * scale);
  const url = URL.createObjectURL(new Blob([svgText], { type: "image/svg+xml" }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    canvas.getContext("2d")!.drawImage(image, 0, 0, canvas.width, canvas.height);
  } finally {
    URL.revokeObjectURL(url);
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the browser could not encode the PNG"))), "image/png"),
  );
}

/** Each image's bytes as a data: URL, fetched once per file. */
async function embeddedImages(objects: readonly ObjectData[]): Promise<Map<string, string>> {
  const urls = new Set(objects.flatMap((o) => (o.kind === "image" ? [o.src] : [])));
  const fetched = await Promise.all([...urls].map(async (url) => [url, await fileAsDataUrl(url)] as const));
  return new Map(fetched.flatMap(([url, data]) => (data === null ? [] : [[url, data] as [string, string]])));
}

export type BoardFormat = "svg" | "png";

/** Saves the board's well-formed strokes (readStroke) and objects (readObjects) in `format` through the browser's download. */
export async function downloadBoard(strokes: readonly unknown[], objects: readonly ObjectData[], title: string, format: BoardFormat): Promise<void> {
  const picture = pictureOf(readStrokes(strokes), objects);
  const svgText = toSvg(picture, await embeddedImages(objects));
  const blob = format === "svg" ? new Blob([svgText], { type: "image/svg+xml" }) : await toPng(picture, svgText);
  saveFile(blob, title, format);
}
