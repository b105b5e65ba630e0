/**
 * Who wrote each paragraph, in the document's left margin: beside each top-level block a bar
 * in its authors' colours (each author's share of its text, largest first), naming them on
 * hover or focus. It reads `GET /api/rooms/:id/authorship` (viewer+: what a viewer can
 * already read in the history's diffs), follows the live document while shown, and asks
 * again a moment after editing pauses.
 */
import type { EditorView } from "prosemirror-view";
import type * as Y from "yjs";
import { ApiError, client } from "../lib/api";
import { h, replaceChildren } from "../lib/dom";
import { distinctColors, UNKNOWN_AUTHOR_COLOR, writtenBy } from "../lib/people";
import type { Authorship } from "../lib/types";

/** Asks again this long after the last edit. */
const REFRESH_MS = 1500;

export interface AuthorMargin {
  readonly shown: boolean;
  show(on: boolean): void;
}

export function authorMargin(roomId: string, view: EditorView, doc: Y.Doc, failed: (message: string) => void): AuthorMargin {
  const page = view.dom.parentElement!;
  const margin = h("div", { class: "author-margin", "aria-label": "Who wrote each paragraph" });
  let authorship: Authorship | null = null;
  let shown = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asking = 0;

  /** Puts one mark beside each top-level block that the latest answer covers. */
  function place(): void {
    if (!shown || authorship === null) return;
    const colors = distinctColors(authorship.blocks.flatMap((b) => b.authors.flatMap((a) => (a.author ? [a.author.id] : []))));
    const top = margin.getBoundingClientRect().top;
    const marks: HTMLElement[] = [];
    view.state.doc.forEach((_node, offset, index) => {
      const block = authorship!.blocks[index];
      const dom = view.nodeDOM(offset);
      if (block === undefined || !(dom instanceof HTMLElement)) return;
      const rect = dom.getBoundingClientRect();
      const label = writtenBy(block);
      const mark = h("span", { class: "author-mark", role: "img", tabindex: 0, title: label, "aria-label": label });
      mark.style.top = `${rect.top - top}px`;
      mark.style.height = `${Math.max(rect.height, 4)}px`;
      for (const { author, chars } of block.authors) {
        const share = h("span", { class: "author-share" });
        share.style.background = author ? colors.get(author.id)! : UNKNOWN_AUTHOR_COLOR;
        share.style.flexGrow = String(Math.max(chars, 1));
        mark.append(share);
      }
      marks.push(mark);
    });
    replaceChildren(margin, ...marks);
  }

  async function ask(): Promise<void> {
    const mine = ++asking;
    try {
      const answer = await client.versions.authorship(roomId);
      if (mine !== asking || !shown) return;
      authorship = answer;
      place();
    } catch (err) {
      if (mine === asking) failed(err instanceof ApiError ? err.message : "Could not reach the server. Try again.");
    }
  }

  const edited = () => {
    requestAnimationFrame(place);
    clearTimeout(timer);
    timer = setTimeout(() => void ask(), REFRESH_MS);
  };
  const resized = new ResizeObserver(() => place());

  return {
    get shown() {
      return shown;
    },
    show(on) {
      if (on === shown) return;
      shown = on;
      if (on) {
        page.classList.add("with-authors");
        page.prepend(margin);
        doc.on("update", edited);
        resized.observe(view.dom);
        void ask();
        return;
      }
      clearTimeout(timer);
      doc.off("update", edited);
      resized.disconnect();
      margin.remove();
      replaceChildren(margin);
      page.classList.remove("with-authors");
      authorship = null;
    },
  };
}
