/**
 * Downloads the whole board (see picture.ts): SVG as it is, PNG drawn from the same paths on a
 * canvas at twice the size, for sharp output.
 */
import { saveFile } from "../lib/save-file";
import { readStrokes } from "./model";
import { BACKGROUND, type Picture, pictureOf, toSvg } from "./picture";

const PNG_SCALE = 2;
/** Browsers refuse canvases much larger than this per side. */
const MAX_PNG_SIDE = 8192;

function toPng(p: Picture): Promise<Blob> {
  const scale = Math.min(PNG_SCALE, MAX_PNG_SIDE / p.width, MAX_PNG_SIDE / p.height);
  const canvas = document.createElement("canvas");
  canvas.width = Math.ceil(p.width * scale);
  canvas.height = Math.ceil(p.height * scale);
  const ctx = canvas.getContext("2d")!;
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.setTransform(scale, 0, 0, scale, -p.x * scale, -p.y * scale);
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  for (const s of p.strokes) {
    ctx.strokeStyle = s.color;
    ctx.lineWidth = s.width;
    ctx.stroke(new Path2D(s.d));
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the browser could not encode the PNG"))), "image/png"),
  );
}

export type BoardFormat = "svg" | "png";

/** Saves the board's well-formed strokes (see readStroke) in `format` through the browser's download. */
export async function downloadBoard(strokes: readonly unknown[], title: string, format: BoardFormat): Promise<void> {
  const picture = pictureOf(readStrokes(strokes));
  const blob = format === "svg" ? new Blob([toSvg(picture)], { type: "image/svg+xml" }) : await toPng(picture);
  saveFile(blob, title, format);
}
