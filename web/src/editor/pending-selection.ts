/**
 * Keeps a selection the person just made with a key from being undone by a remote change.
 *
 * The browser moves the DOM selection as a key lands (Shift+Ctrl+Arrow, Ctrl+End) and tells
 * ProseMirror a task later, with "selectionchange". A collaborator's edit, caret or comment
 * arriving in between is drawn from the editor's state, which still holds the old selection,
 * and ProseMirror then writes that old selection back into the page: the word just selected, or
 * the caret just moved, is lost. (ProseMirror guards the same window for mouse selections.)
 * y-prosemirror also saves the selection it restores after a remote edit from that stale state.
 * So in that window the selection waiting in the DOM is read first, and so it is before a key.
 */
import { type Selection, TextSelection, type Transaction } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";
import type * as Y from "yjs";

/** The DOM selection as a selection of the view's state, when it differs and can be one. */
function domSelection(view: EditorView): Selection | null {
  if (view.isDestroyed || view.composing || !view.hasFocus()) return null;
  const current = view.state.selection;
  // Node, cell and whole-document selections are ProseMirror's own, drawn from the state.
  if (!(current instanceof TextSelection)) return null;
  const dom = (view.root as Document).getSelection();
  if (!dom?.anchorNode || !dom.focusNode || !view.dom.contains(dom.anchorNode) || !view.dom.contains(dom.focusNode)) return null;
  let anchor: number;
  let head: number;
  try {
    anchor = view.posAtDOM(dom.anchorNode, dom.anchorOffset);
    head = view.posAtDOM(dom.focusNode, dom.focusOffset);
  } catch {
    return null; // a DOM position with no document position: left to ProseMirror
  }
  if (anchor === current.anchor && head === current.head) return null;
  const { doc } = view.state;
  if (!doc.resolve(anchor).parent.inlineContent || !doc.resolve(head).parent.inlineContent) return null;
  return TextSelection.create(doc, anchor, head);
}

export class PendingSelection {
  /** A key went down in the editor and the browser has not yet said where the selection went. */
  #unread = false;
  readonly #dispose: () => void;

  /** Subscribe before the view's plugins do (before `new EditorView`), so this runs first. */
  constructor(parent: HTMLElement, doc: Y.Doc, getView: () => EditorView | undefined) {
    // Before ProseMirror acts on a key (it runs first, capturing): the key acts where the
    // caret shows, even when the browser has not yet reported a move made a moment before.
    const keyDown = () => {
      const view = getView();
      const read = view ? domSelection(view) : null;
      if (view && read) view.dispatch(view.state.tr.setSelection(read));
      this.#unread = true;
    };
    const selectionChange = () => {
      this.#unread = false;
    };
    // A remote edit (or undo): y-prosemirror saves the selection to restore as it begins.
    const beforeYjs = () => {
      const view = getView();
      const read = this.#unread && view ? domSelection(view) : null;
      if (view && read) view.dispatch(view.state.tr.setSelection(read));
    };
    parent.addEventListener("keydown", keyDown, true);
    parent.ownerDocument.addEventListener("selectionchange", selectionChange);
    doc.on("beforeAllTransactions", beforeYjs);
    this.#dispose = () => {
      parent.removeEventListener("keydown", keyDown, true);
      parent.ownerDocument.removeEventListener("selectionchange", selectionChange);
      doc.off("beforeAllTransactions", beforeYjs);
    };
  }

  /**
   * For the view's `dispatchTransaction`: a transaction that leaves the document and the
   * selection alone (remote carets, comment highlights) takes the pending DOM selection along.
   */
  carry(view: EditorView, tr: Transaction): Transaction {
    if (!this.#unread || tr.docChanged || tr.selectionSet) return tr;
    const read = domSelection(view);
    return read ? tr.setSelection(read) : tr;
  }

  destroy(): void {
    this.#dispose();
  }
}
