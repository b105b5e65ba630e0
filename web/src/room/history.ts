/**
 * The history panel: the room's edits by session (timeline.ts), its versions (automatic,
 * named, restores), naming the current state, and a preview of any version or session that
 * an editor can restore, and, for a document, who wrote each paragraph in its margin
 * (author-margin.ts). A restore is one edit on the server, so everyone in the room sees it
 * live.
 */
import { ApiError, client } from "../lib/api";
import { h, replaceChildren } from "../lib/dom";
import { icon } from "../lib/icons";
import { relativeTime } from "../lib/time";
import type { Version } from "../lib/types";
import type { AuthorMargin } from "./author-margin";
import type { RoomKind } from "./kind";
import { renderVersion } from "./preview";
import { showTimeline } from "./timeline";

export interface HistoryContext {
  roomId: string;
  kind: RoomKind;
  canEdit: boolean;
  /** Where previews cover the live room. */
  surface: HTMLElement;
  /** The document's margin of authors (a board has none). */
  authors: AuthorMargin | null;
  toast(message: string): void;
}

const KIND_TEXT: Record<Version["kind"], string> = { auto: "Autosave", named: "Named version", restore: "Restored" };

const when = (v: Version) => new Date(v.createdAt).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

export function showHistory(panel: HTMLElement, ctx: HistoryContext): void {
  const list = h("ul", { class: "versions", "aria-label": "Versions" });
  const error = h("p", { class: "error-text", role: "alert" });
  let overlay: HTMLElement | null = null;
  const closePreview = () => {
    overlay?.remove();
    overlay = null;
    list.querySelector(".selected")?.classList.remove("selected");
  };
  const fail = (err: unknown) => (error.textContent = err instanceof ApiError ? err.message : "Could not reach the server. Try again.");

  /** A button that makes the document what it was right after edit `seq`, for everyone. */
  function restoreButton(label: string, seq: number, done: string): HTMLButtonElement {
    const button = h("button", { class: "btn btn-primary", type: "button" }, label);
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        await client.versions.restore(ctx.roomId, seq);
        closePreview();
        ctx.toast(done);
        await refresh();
      } catch (err) {
        fail(err);
        button.disabled = false;
      }
    });
    return button;
  }

  /** Covers the room with `body` and, for an editor, the restores offered. */
  function show(title: Node | string, body: HTMLElement, restores: HTMLButtonElement[]): void {
    closePreview();
    overlay = h(
      "div",
      { class: "preview" },
      h(
        "div",
        { class: "preview-bar" },
        h("span", {}, title),
        h(
          "span",
          { class: "preview-actions" },
          h("button", { class: "btn", type: "button", onclick: closePreview }, "Back to live"),
          ...(ctx.canEdit ? restores : []),
        ),
      ),
      body,
    );
    ctx.surface.append(overlay);
  }

  async function preview(version: Version, row: HTMLElement): Promise<void> {
    const state = await client.versions.get(ctx.roomId, version.seq);
    const title = h("span", {}, h("strong", {}, version.label ?? KIND_TEXT[version.kind]), h("span", { class: "muted" }, ` · ${when(version)}`));
    const body = renderVersion(state, ctx.kind, { width: ctx.surface.clientWidth, height: ctx.surface.clientHeight - 56 });
    show(title, body, [restoreButton("Restore this version", version.seq, "Version restored for everyone")]);
    row.classList.add("selected");
  }

  async function refresh(): Promise<void> {
    const versions: Version[] = await client.versions.list(ctx.roomId);
    const rows = versions.map((v) => {
      const row = h(
        "li",
        {},
        h(
          "button",
          { class: "version", type: "button" },
          h("span", { class: "version-title" }, v.label ?? KIND_TEXT[v.kind]),
          h("span", { class: "muted version-meta" }, `${relativeTime(v.createdAt)} · ${when(v)}`),
        ),
      );
      row.firstElementChild!.addEventListener("click", () => preview(v, row).catch(fail));
      return row;
    });
    replaceChildren(
      list,
      ...(rows.length > 0 ? rows : [h("li", { class: "muted versions-empty" }, "No versions yet: one is saved shortly after editing pauses.")]),
    );
  }

  const label = h("input", { class: "input", placeholder: "Name this version", "aria-label": "Version name", maxlength: 200 });
  const name = h("form", { class: "name-version" }, label, h("button", { class: "btn", type: "submit" }, "Save"));
  name.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (label.value.trim() === "") return;
    try {
      await client.versions.create(ctx.roomId, { label: label.value.trim() });
      label.value = "";
      await refresh();
    } catch (err) {
      fail(err);
    }
  });

  /** Everyone who may read the history may see who wrote what, so the margin is offered to viewers too. */
  function marginToggle(authors: AuthorMargin): HTMLElement {
    const box = h("input", { type: "checkbox" });
    box.checked = authors.shown;
    box.addEventListener("change", () => authors.show(box.checked));
    return h("label", { class: "margin-toggle" }, box, "Show who wrote each paragraph");
  }

  const edits = h("section", { class: "timeline-section" });
  showTimeline(edits, {
    roomId: ctx.roomId,
    kind: ctx.kind,
    canEdit: ctx.canEdit,
    size: () => ({ width: ctx.surface.clientWidth, height: ctx.surface.clientHeight - 56 }),
    show: (title, body, { after, before }) =>
      show(h("strong", {}, title), body, [
        ...(before === null ? [] : [restoreButton("Restore before these edits", before, "Restored for everyone")]),
        ...(after === null ? [] : [restoreButton("Restore this point", after, "Restored for everyone")]),
      ]),
    fail,
  });

  const close = () => {
    closePreview();
    panel.hidden = true;
  };
  replaceChildren(
    panel,
    h(
      "div",
      { class: "panel-head" },
      h("h2", {}, "Version history"),
      h("button", { class: "btn btn-ghost icon-btn", type: "button", "aria-label": "Close history", onclick: close }, icon("close")),
    ),
    ctx.canEdit && name,
    ctx.authors && marginToggle(ctx.authors),
    error,
    edits,
    h("h3", {}, "Versions"),
    list,
  );
  panel.hidden = false;
  refresh().catch(fail);
}
