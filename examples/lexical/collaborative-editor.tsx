/**
 * A Lexical rich-text editor bound to the room's document with @lexical/yjs, without
 * @lexical/react: what its CollaborationPlugin does, in one effect. The editor and the
 * binding live from the effect to its cleanup, so a remount (StrictMode) starts afresh and
 * leaves no listener behind. The binding exists before the room's first sync arrives (the
 * room opens in the render before this one), so the document's content reaches the editor
 * as changes.
 */
import type { Person } from "@edge-rooms/client";
import { useRoom } from "@edge-rooms/react";
import { HeadingNode, QuoteNode, registerRichText } from "@lexical/rich-text";
import { mergeRegister } from "@lexical/utils";
import {
  createBinding,
  initLocalState,
  type Provider,
  setLocalStateFocus,
  syncCursorPositions,
  syncLexicalUpdateToYjs,
  syncYjsChangesToLexical,
} from "@lexical/yjs";
import { $createParagraphNode, $getRoot, BLUR_COMMAND, COMMAND_PRIORITY_EDITOR, createEditor, FOCUS_COMMAND } from "lexical";
import { useEffect, useRef } from "react";
import type * as Y from "yjs";

const THEME = { collaboration: { cursor: "lexical-caret", cursorName: "lexical-caret-name" } };

export function CollaborativeEditor({ user }: { user: Person }) {
  const room = useRoom();
  const content = useRef<HTMLDivElement>(null);
  const caretLayer = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // @lexical/yjs's Provider type is y-websocket's provider, typed loosely.
    const provider = room.provider as unknown as Provider;
    const editor = createEditor({ namespace: `room-${room.id}`, nodes: [HeadingNode, QuoteNode], theme: THEME, onError: (err) => console.error(err) });
    editor.setRootElement(content.current);
    const binding = createBinding(editor, provider, room.id, room.doc, new Map([[room.id, room.doc]]));
    const layer = caretLayer.current;
    binding.cursorsContainer = layer;
    const shared = binding.root.getSharedType();

    // Lexical's presence lives at the top of the awareness state; `user` (avatars, others())
    // is set again beside it, since initLocalState replaces the whole state.
    initLocalState(provider, user.name, user.color, document.activeElement === content.current, {});
    room.presence.setUser(user);
    const focus = (focusing: boolean) => () => {
      setLocalStateFocus(provider, user.name, user.color, focusing, {});
      return false;
    };

    const fromYjs = (events: Array<Y.YEvent<Y.XmlText>>, transaction: Y.Transaction) => {
      if (transaction.origin !== binding) syncYjsChangesToLexical(binding, provider, events, false);
    };
    const drawCarets = () => syncCursorPositions(binding, provider);
    // An empty room gets its first paragraph from whoever synced first.
    const bootstrap = (synced: boolean) => {
      if (synced && binding.root.isEmpty() && shared.length === 0) editor.update(() => $getRoot().append($createParagraphNode()), { tag: "history-merge" });
    };
    shared.observeDeep(fromYjs);
    room.awareness.on("update", drawCarets);
    room.provider.on("sync", bootstrap);
    if (room.provider.synced) bootstrap(true);

    const stop = mergeRegister(
      registerRichText(editor),
      editor.registerCommand(FOCUS_COMMAND, focus(true), COMMAND_PRIORITY_EDITOR),
      editor.registerCommand(BLUR_COMMAND, focus(false), COMMAND_PRIORITY_EDITOR),
      editor.registerUpdateListener(({ prevEditorState, editorState, dirtyElements, dirtyLeaves, normalizedNodes, tags }) => {
        if (!tags.has("skip-collab"))
          syncLexicalUpdateToYjs(binding, provider, prevEditorState, editorState, dirtyElements, dirtyLeaves, normalizedNodes, tags);
      }),
    );
    return () => {
      stop();
      shared.unobserveDeep(fromYjs);
      room.awareness.off("update", drawCarets);
      room.provider.off("sync", bootstrap);
      editor.setRootElement(null);
      layer?.replaceChildren();
    };
  }, [room, user]);

  return (
    <div className="editor">
      {/* biome-ignore lint/a11y/useSemanticElements: rich text is a contenteditable element, which no textarea can be (Lexical's own ContentEditable is the same) */}
      <div ref={content} contentEditable role="textbox" tabIndex={0} aria-multiline aria-label="Document" />
      <div ref={caretLayer} />
    </div>
  );
}
