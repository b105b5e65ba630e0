/**
 * The pictures an imported file carries inside it (a Word file's images, `data:` images in
 * HTML) moved into the new room's files, as a pasted image is (images.ts): a document's
 * image points at a room file, so the document stays small and file collection sees the
 * image in use. A picture that cannot be uploaded (too large, over the room's quota, not an
 * image after all) is left out of the document.
 */
import type { Node } from "prosemirror-model";
import { EditorState } from "prosemirror-state";

/** Uploads one picture into the room and answers its URL. */
export type UploadPicture = (picture: Blob) => Promise<string>;

const DATA_URL = /^data:(image\/[\w.+-]+);base64,([A-Za-z0-9+/=\s]*)$/;

/** The bytes of a base64 `data:` URL of an image, or null for any other src. */
export function pictureOf(src: unknown): Blob | null {
  const match = typeof src === "string" ? DATA_URL.exec(src) : null;
  if (!match) return null;
  const binary = atob(match[2]!.replace(/\s/g, ""));
  const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  return new Blob([bytes], { type: match[1] });
}

/** `doc` with each inline picture uploaded and pointing at its room file, or left out. */
export async function uploadPictures(doc: Node, upload: UploadPicture): Promise<Node> {
  const found: Array<{ pos: number; node: Node; picture: Blob }> = [];
  doc.descendants((node, pos) => {
    const picture = node.type.name === "image" ? pictureOf(node.attrs.src) : null;
    if (picture) found.push({ pos, node, picture });
  });
  const urls = await Promise.all(found.map(({ picture }) => upload(picture).catch(() => null)));
  const { tr } = EditorState.create({ doc });
  // From the end, so a deletion does not move the positions still to come.
  for (let i = found.length - 1; i >= 0; i--) {
    const { pos, node } = found[i]!;
    const url = urls[i];
    if (url) tr.setNodeMarkup(pos, null, { ...node.attrs, src: url });
    else tr.delete(pos, pos + node.nodeSize);
  }
  return tr.doc;
}
