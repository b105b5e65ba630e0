/**
 * The anchored ranges of open threads, highlighted in the editor; the active thread's
 * stronger. Recomputed from the anchors when the Yjs document changes (remote edits) or the
 * threads do, and mapped through local transactions in between, as y-prosemirror does for
 * carets.
 */
import { type EditorState, Plugin, PluginKey } from "prosemirror-state";
import { Decoration, DecorationSet, type EditorView } from "prosemirror-view";
import { ySyncPluginKey } from "y-prosemirror";
import { rangeOf } from "./anchors";
import type { Thread } from "./apply-event";

const key = new PluginKey<DecorationSet>("comment-highlights");

export interface HighlightSource {
  threads(): Thread[];
  active(): string | null;
  /** A highlight was clicked. */
  select(threadId: string): void;
}

function build(state: EditorState, source: HighlightSource): DecorationSet {
  const active = source.active();
  const decorations = source
    .threads()
    .filter((t) => !t.resolved)
    .flatMap((t) => {
      const range = rangeOf(state, t.anchor);
      const cls = t.id === active ? "comment-mark comment-mark-active" : "comment-mark";
      return range ? [Decoration.inline(range.from, range.to, { class: cls, "data-thread": t.id }, { thread: t.id })] : [];
    });
  return DecorationSet.create(state.doc, decorations);
}

export function commentHighlights(source: HighlightSource): Plugin {
  return new Plugin({
    key,
    state: {
      init: (_config, state) => build(state, source),
      apply(tr, old, _oldState, state) {
        const remote = (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin;
        return tr.getMeta(key) || remote ? build(state, source) : old.map(tr.mapping, tr.doc);
      },
    },
    props: {
      decorations: (state) => key.getState(state),
      handleClick(view, pos) {
        const found = key.getState(view.state)?.find(pos, pos, (spec) => typeof spec.thread === "string");
        const hit = found?.at(-1);
        if (hit) source.select(hit.spec.thread as string);
        return false;
      },
    },
  });
}

/** Recomputes the highlights (the threads or the active one changed). */
export function refreshHighlights(view: EditorView): void {
  view.dispatch(view.state.tr.setMeta(key, true).setMeta("addToHistory", false));
}
