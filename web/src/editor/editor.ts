/**
 * The collaborative rich-text editor: ProseMirror bound to the room's Yjs XML fragment with
 * y-prosemirror: sync, everyone's carets and selections (awareness), undo of my own edits only;
 * tables (prosemirror-tables, kept even after remote changes: table-shape.ts), task items with their checkbox, images with their resize handle.
 */

import { drawsCaret } from "@edge-rooms/client";
import { type Command, EditorState, Plugin } from "prosemirror-state";
import { EditorView } from "prosemirror-view";
import { yCursorPlugin, ySyncPlugin, yUndoPlugin } from "y-prosemirror";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { h } from "../lib/dom";
import { caret } from "./carets";
import { pastedHtml } from "./html";
import { createImageForm } from "./image-form";
import { imageView } from "./image-view";
import { type ImageOptions, imageDropAndPaste, pickImages } from "./images";
import { editorKeys } from "./keys";
import { createLinkForm } from "./link";
import { PendingSelection } from "./pending-selection";
import { schema } from "./schema";
import { collaborativeTables } from "./table-shape";
import { taskItemView } from "./task-view";
import { createToolbar } from "./toolbar";

export interface Editor {
  view: EditorView;
  setEditable(editable: boolean): void;
  destroy(): void;
}

/** `extra`: plugins of other features (comments); `images`: where pasted, dropped and picked images go. */
export function mountEditor(
  parent: HTMLElement,
  fragment: Y.XmlFragment,
  awareness: Awareness,
  editable: boolean,
  extra: Plugin[] = [],
  images?: ImageOptions,
): Editor {
  let canEdit = editable;
  let view: EditorView | undefined;
  const getView = () => view!;
  const linkForm = createLinkForm(getView);
  // A command (so the toolbar enables it like the others) that opens the picker when run.
  const pickImage: Command | undefined =
    images &&
    ((_state, dispatch, view) => {
      if (dispatch && view) pickImages(view, images);
      return true;
    });
  const imageForm = createImageForm(getView);
  const toolbar = createToolbar(getView, linkForm.open, pickImage, imageForm.open);
  const toolbarSync = new Plugin({ view: () => ({ update: (v) => toolbar.update(v, canEdit) }) });
  // y-prosemirror reads every awareness state itself and throws on one of the wrong shape,
  // which would stop remote edits from applying here: only well-formed carets reach it.
  const root = Y.findRootTypeKey(fragment);
  const awarenessStateFilter = (mine: number, theirs: number, state: unknown) => mine !== theirs && drawsCaret(state, root);

  const page = h("div", { class: "doc-page" });
  parent.append(h("div", { class: "toolbar-wrap" }, toolbar.el, linkForm.el, imageForm.el), h("div", { class: "doc-scroll" }, page));
  const pending = new PendingSelection(page, fragment.doc!, () => view);
  view = new EditorView(page, {
    state: EditorState.create({
      schema,
      plugins: [
        ySyncPlugin(fragment),
        yCursorPlugin(awareness, { cursorBuilder: caret, awarenessStateFilter }),
        yUndoPlugin(),
        // Before the keys: its arrow keys and cell selection come first in a table.
        ...collaborativeTables(),
        ...editorKeys(linkForm.open),
        toolbarSync,
        ...(images ? [imageDropAndPaste(images)] : []),
        ...extra,
      ],
    }),
    editable: () => canEdit,
    nodeViews: { task_item: taskItemView, image: imageView },
    transformPastedHTML: pastedHtml,
    // Called with the view as `this`, also while it is being built (y-prosemirror's first render).
    dispatchTransaction(this: EditorView, tr) {
      this.updateState(this.state.apply(pending.carry(this, tr)));
    },
    attributes: { class: "doc-body", "aria-label": "Document", spellcheck: "true" },
  });
  toolbar.update(view, canEdit);

  return {
    view,
    setEditable(next) {
      canEdit = next;
      // Re-applying the state makes the view ask `editable` again.
      view!.setProps({});
      toolbar.update(view!, canEdit);
    },
    destroy() {
      pending.destroy();
      view!.destroy();
    },
  };
}
