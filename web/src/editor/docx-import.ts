/**
 * A Word file as a document: mammoth reads it into HTML (docx-mammoth.ts, which carries the
 * colours and rules mammoth skips), and the HTML goes through the schema like any imported page (html.ts),
 * so nothing of the file but what the schema knows survives. Paragraphs that start with a
 * ballot box become a task list. mammoth loads only when someone imports a Word file.
 * Images come out as `data:` URLs (with the file's description as alt text), which
 * import.ts uploads into the new room.
 */
import type { Node } from "prosemirror-model";
import { wordHtml } from "./docx-mammoth";
import { BOX_CHECKED, BOX_OPEN } from "./docx-words";
import { fromHtml } from "./html";

const BOXES = new RegExp(`^\\s*([${BOX_OPEN}${BOX_CHECKED}\u2612])\\s?`);

/** Gathers runs of paragraphs that start with a box into task lists (in place). */
export function boxesToTasks(body: HTMLElement): void {
  let list: HTMLUListElement | null = null;
  for (const p of [...body.children]) {
    const box = p.tagName === "P" ? BOXES.exec(p.textContent ?? "") : null;
    if (!box) {
      list = null;
      continue;
    }
    if (!list) {
      list = body.ownerDocument.createElement("ul");
      list.setAttribute("data-task-list", "");
      p.before(list);
    }
    const item = body.ownerDocument.createElement("li");
    item.setAttribute("data-checked", String(box[1] !== BOX_OPEN));
    // The box is in the paragraph's first text; take it off there, keeping the formatting.
    const walker = body.ownerDocument.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    const first = walker.nextNode();
    if (first) first.textContent = (first.textContent ?? "").replace(BOXES, "");
    item.append(p);
    list.append(item);
  }
}

export async function fromDocx(file: Blob): Promise<Node> {
  const page = new DOMParser().parseFromString(await wordHtml(await file.arrayBuffer()), "text/html");
  boxesToTasks(page.body);
  return fromHtml(page.body.innerHTML);
}
