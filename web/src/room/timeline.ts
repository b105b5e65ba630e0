/**
 * The edits part of the history panel: the room's timeline (sessions of editing, newest
 * first, with their authors), what a session changed or what changed between two picked
 * sessions, highlighted in each author's colour (deletions struck through), and "Restore this
 * point". The server computes the changes from the document's states (docs/api.md, "History").
 */
import { client } from "../lib/api";
import { h, replaceChildren } from "../lib/dom";
import { authorName, colorFor, distinctColors, UNKNOWN_AUTHOR_COLOR } from "../lib/people";
import { relativeTime } from "../lib/time";
import type { Change, HistoryEntry } from "../lib/types";
import { renderBoardChanges } from "./board-changes";
import type { RoomKind } from "./kind";

export interface TimelineContext {
  roomId: string;
  kind: RoomKind;
  canEdit: boolean;
  /** The size a board view fits into. */
  size(): { width: number; height: number };
  /**
   * Shows a view over the room. An editor may restore the document as it was right after
   * edit `after` ("Restore this point") or right before the first edit shown (`before`).
   */
  show(title: string, body: HTMLElement, points: { after: number | null; before: number | null }): void;
  fail(err: unknown): void;
}

const PAGE = 20;

const when = (iso: string | null) =>
  iso === null ? "before times were recorded" : new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/** The changes as flowing text: insertions marked, deletions struck through, each in its author's colour. */
export function renderChanges(changes: readonly Change[]): HTMLElement {
  if (changes.length === 0) return h("p", { class: "muted changes-empty" }, "No changes to the text between these points.");
  const authors = new Map<string, string>();
  const colors = distinctColors(changes.flatMap((change) => (change.author ? [change.author.id] : [])));
  const parts = changes.map((change) => {
    const color = change.author ? colors.get(change.author.id)! : UNKNOWN_AUTHOR_COLOR;
    if (change.author) authors.set(change.author.id, authorName(change.author));
    const title = `${change.op === "insert" ? "Added" : "Deleted"} by ${authorName(change.author)} · ${when(change.at)}`;
    const el = h(change.op === "insert" ? "ins" : "del", { class: `change change-${change.op}`, title }, change.text);
    el.style.setProperty("--author", color);
    return el;
  });
  const legend = [...authors].map(([id, name]) => {
    const item = h("span", { class: "legend-item" }, name);
    item.style.setProperty("--author", colors.get(id)!);
    return item;
  });
  return h(
    "div",
    { class: "doc-scroll" },
    h("div", { class: "doc-page changes" }, h("p", { class: "changes-legend" }, ...legend), h("div", { class: "changes-body" }, ...parts)),
  );
}

export function showTimeline(container: HTMLElement, ctx: TimelineContext): void {
  const list = h("ul", { class: "versions timeline", "aria-label": "Edits" });
  const more = h("button", { class: "btn btn-ghost", type: "button", hidden: true }, "Older edits");
  const compare = h("button", { class: "btn", type: "button", disabled: true }, "Compare selected");
  const picked = new Map<HTMLInputElement, HistoryEntry>();
  let next: number | null = null;

  async function open(title: string, from: number, to: number): Promise<void> {
    ctx.show(title, await changesView(from, to), { after: to, before: from });
  }

  /** A document's changes as text; a board's as its objects, added and removed, on the board. */
  async function changesView(from: number, to: number | "current"): Promise<HTMLElement> {
    if (ctx.kind !== "whiteboard") return renderChanges((await client.versions.diff(ctx.roomId, from, to)).changes);
    const [diff, before, after] = await Promise.all([
      client.versions.diff(ctx.roomId, from, to, "objects"),
      from === 0 ? null : client.versions.get(ctx.roomId, from),
      to === "current" ? client.content.get(ctx.roomId) : client.versions.get(ctx.roomId, to),
    ]);
    return renderBoardChanges(before, after, diff.changes, ctx.size());
  }

  /** Who wrote the document as it is now: everything since the empty document, by author. */
  const whoWrote = h("button", { class: "btn btn-ghost", type: "button" }, "Who wrote what");
  whoWrote.addEventListener("click", async () => {
    try {
      ctx.show("Who wrote what", await changesView(0, "current"), { after: null, before: null });
    } catch (err) {
      ctx.fail(err);
    }
  });

  function row(entry: HistoryEntry): HTMLElement {
    const names = entry.authors.length > 0 ? entry.authors.map(authorName).join(", ") : "Unknown";
    const dots = entry.authors.map((a) => {
      const dot = h("span", { class: "author-dot", "aria-hidden": "true" });
      dot.style.background = colorFor(a.id);
      return dot;
    });
    const pick = h("input", { type: "checkbox", "aria-label": `Compare edits ${entry.fromSeq}–${entry.toSeq}` });
    pick.addEventListener("change", () => {
      if (pick.checked) picked.set(pick, entry);
      else picked.delete(pick);
      compare.disabled = picked.size !== 2;
    });
    const time = entry.endedAt === null ? "before times were recorded" : relativeTime(entry.endedAt);
    const open_ = h(
      "button",
      { class: "version", type: "button" },
      h("span", { class: "version-title" }, ...dots, names),
      h("span", { class: "muted version-meta" }, `${time} · ${entry.edits} ${entry.edits === 1 ? "edit" : "edits"}`),
    );
    open_.addEventListener("click", () => open(`Edits by ${names} · ${when(entry.startedAt)}`, entry.fromSeq - 1, entry.toSeq).catch(ctx.fail));
    return h("li", { class: "timeline-entry" }, pick, open_);
  }

  async function load(before?: number): Promise<void> {
    const page = await client.versions.history(ctx.roomId, { before, limit: PAGE });
    next = page.next;
    more.hidden = next === null;
    const rows = page.entries.map(row);
    if (before === undefined) {
      picked.clear();
      compare.disabled = true;
      replaceChildren(list, ...(rows.length > 0 ? rows : [h("li", { class: "muted versions-empty" }, "No edits yet.")]));
    } else list.append(...rows);
  }

  more.addEventListener("click", () => load(next ?? undefined).catch(ctx.fail));
  compare.addEventListener("click", () => {
    const [a, b] = [...picked.values()].sort((x, y) => x.fromSeq - y.fromSeq);
    if (!a || !b) return;
    open(`Changes from ${when(a.startedAt)} to ${when(b.endedAt)}`, a.fromSeq - 1, b.toSeq).catch(ctx.fail);
  });
  replaceChildren(
    container,
    h("div", { class: "timeline-head" }, h("h3", {}, "Edits"), h("span", { class: "timeline-actions" }, whoWrote, compare)),
    list,
    more,
  );
  load().catch(ctx.fail);
}
