/**
 * The ways an image file reaches the board: the Image button (a file picker), pasting, and
 * dropping files on the board. Each hands the file to `place` with where it should go (the
 * drop point in screen pixels of the board, or null for the middle of the view).
 */
import { h } from "../lib/dom";

export interface ImageInput {
  pick(): void;
  destroy(): void;
}

const imageIn = (files: FileList | null | undefined) => [...(files ?? [])].find((f) => f.type.startsWith("image/"));

export function attachImageInput(root: HTMLElement, canEdit: () => boolean, place: (file: File, at: { sx: number; sy: number } | null) => void): ImageInput {
  const picker = h("input", { type: "file", accept: "image/*", hidden: true });
  picker.addEventListener("change", () => {
    const file = imageIn(picker.files);
    if (file) place(file, null);
    picker.value = "";
  });
  root.append(picker);
  const onPaste = (event: ClipboardEvent) => {
    const file = imageIn(event.clipboardData?.files);
    if (file && canEdit()) place(file, null), event.preventDefault();
  };
  addEventListener("paste", onPaste);
  root.addEventListener("dragover", (event) => {
    if (canEdit() && event.dataTransfer?.types.includes("Files")) event.preventDefault();
  });
  root.addEventListener("drop", (event) => {
    const file = imageIn(event.dataTransfer?.files);
    if (!file || !canEdit()) return;
    event.preventDefault();
    const box = root.getBoundingClientRect();
    place(file, { sx: event.clientX - box.left, sy: event.clientY - box.top });
  });
  return {
    pick: () => canEdit() && picker.click(),
    destroy: () => removeEventListener("paste", onPaste),
  };
}
