/**
 * A Lexical rich-text editor as Lexical's documentation writes one (LexicalComposer, its
 * rich-text plugin, CollaborationPlugin), on the room of the nearest RoomProvider: the
 * plugin's `providerFactory` puts the room's document in Lexical's document map and hands
 * over the room (lexical-provider.ts). The room is opened disconnected and the plugin
 * connects it once its binding observes the document, so the stored content arrives as
 * changes the editor sees. An empty room gets its first paragraph from whoever synced first.
 */
import type { Person } from "@edge-rooms/client";
import { useRoom } from "@edge-rooms/react";
import { LexicalCollaboration } from "@lexical/react/LexicalCollaborationContext";
import { CollaborationPlugin } from "@lexical/react/LexicalCollaborationPlugin";
import { LexicalComposer } from "@lexical/react/LexicalComposer";
import { ContentEditable } from "@lexical/react/LexicalContentEditable";
import { LexicalErrorBoundary } from "@lexical/react/LexicalErrorBoundary";
import { RichTextPlugin } from "@lexical/react/LexicalRichTextPlugin";
import { HeadingNode, QuoteNode } from "@lexical/rich-text";
import { useCallback, useRef } from "react";
import type * as Y from "yjs";
import { lexicalProvider } from "./lexical-provider";

const THEME = { collaboration: { cursor: "lexical-caret", cursorName: "lexical-caret-name" } };

export function CollaborativeEditor({ user }: { user: Person }) {
  const room = useRoom();
  const carets = useRef<HTMLDivElement>(null);
  const providerFactory = useCallback(
    (id: string, docs: Map<string, Y.Doc>) => {
      docs.set(id, room.doc);
      return lexicalProvider(room);
    },
    [room],
  );
  // editorState null: the document comes from the room, not from the editor's first state.
  const config = {
    namespace: `room-${room.id}`,
    nodes: [HeadingNode, QuoteNode],
    theme: THEME,
    editorState: null,
    onError: (err: Error) => console.error(err),
  };

  return (
    <LexicalCollaboration>
      <LexicalComposer initialConfig={config}>
        <div className="editor">
          <RichTextPlugin contentEditable={<ContentEditable aria-label="Document" />} ErrorBoundary={LexicalErrorBoundary} />
          <CollaborationPlugin
            id={room.id}
            providerFactory={providerFactory}
            shouldBootstrap
            username={user.name}
            cursorColor={user.color}
            cursorsContainerRef={carets}
          />
          <div ref={carets} />
        </div>
      </LexicalComposer>
    </LexicalCollaboration>
  );
}
