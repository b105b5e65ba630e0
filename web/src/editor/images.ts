/**
 * Images in a document: pasted, dropped or picked with the toolbar's button, each uploaded
 * into the room's files (docs/api.md, "Files") and inserted as an image node pointing at its
 * URL. The upload happens first, so everyone else receives a node whose file is already
 * there; a failed upload inserts nothing and says why.
 */
import type { Node as PmNode } from "prosemirror-model";
import { Plugin } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";
import { schema } from "./schema";

/** Uploads one file and answers its URL. */
export type UploadImage = (file: File) => Promise<string>;

export interface ImageOptions {
  upload: UploadImage;
  /** Tells the person an upload failed. */
  failed: (message: string) => void;
}

const imagesOf = (files: FileList | null | undefined) => [...(files ?? [])].filter((f) => f.type.startsWith("image/"));

/** The alt text an image starts with: its file name without the extension (a person can change it). */
export const altFromName = (name: string) =>
  name
    .replace(/\.[^.]*$/, "")
    .replace(/[-_]+/g, " ")
    .trim();

/**
 * Uploads `files` one after another and inserts each image where the selection is (or at
 * `pos`) once its upload is done.
 */
export async function insertImages(view: EditorView, files: File[], { upload, failed }: ImageOptions, pos?: number): Promise<void> {
  for (const file of files) {
    let url: string;
    try {
      url = await upload(file);
    } catch (err) {
      failed(`${file.name || "The image"} could not be uploaded: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    if (view.isDestroyed) return;
    const node: PmNode = schema.nodes.image.create({ src: url, alt: altFromName(file.name), title: null });
    const at = pos !== undefined && pos <= view.state.doc.content.size ? pos : view.state.selection.from;
    const tr = pos === undefined ? view.state.tr.replaceSelectionWith(node) : view.state.tr.insert(at, node);
    view.dispatch(tr.scrollIntoView());
    if (pos !== undefined) pos = Math.min(pos + node.nodeSize, view.state.doc.content.size);
  }
}

/** Takes images pasted or dropped into the editor (other content is left to the editor). */
export function imageDropAndPaste(options: ImageOptions): Plugin {
  return new Plugin({
    props: {
      handlePaste(view, event) {
        const files = imagesOf(event.clipboardData?.files);
        if (files.length === 0 || !view.editable) return false;
        void insertImages(view, files, options);
        return true;
      },
      handleDrop(view, event) {
        const files = imagesOf(event.dataTransfer?.files);
        if (files.length === 0 || !view.editable) return false;
        event.preventDefault();
        const pos = view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos;
        void insertImages(view, files, options, pos);
        return true;
      },
    },
  });
}

/** A hidden file picker for the toolbar's image button. */
export function pickImages(view: EditorView, options: ImageOptions): void {
  const input = document.createElement("input");
  input.type = "file";
  input.accept = "image/png,image/jpeg,image/gif,image/webp,image/avif";
  input.multiple = true;
  input.hidden = true;
  input.addEventListener("change", () => {
    void insertImages(view, imagesOf(input.files), options);
    input.remove();
  });
  document.body.append(input);
  input.click();
}
