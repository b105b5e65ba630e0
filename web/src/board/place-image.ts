/** Putting an image file on the board: into the room's files first, then placed at its own proportions. */
import { fitWithin } from "./object-geometry";
import { uploadFile } from "./room-files";

/** A new image is at most this many board units on its longer side. */
const MAX_SIDE = 480;

/** The image's size in pixels, once the browser has loaded it. */
async function naturalSize(url: string): Promise<{ width: number; height: number }> {
  const image = new Image();
  image.src = url;
  await image.decode();
  return { width: image.naturalWidth, height: image.naturalHeight };
}

/** Uploads `file` and answers where the image goes: centred on `center`, with the room URL to store whole. */
export async function placeImage(roomId: string, file: File, center: { x: number; y: number }) {
  const stored = await uploadFile(roomId, file);
  if (!stored.contentType.startsWith("image/")) throw new Error(`${stored.contentType} is not an image`);
  const { w, h } = fitWithin(await naturalSize(stored.url), MAX_SIDE);
  return { src: stored.url, x: Math.round(center.x - w / 2), y: Math.round(center.y - h / 2), w, h };
}
