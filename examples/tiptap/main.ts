/**
 * Tiptap with Collaboration (the document) and CollaborationCaret (the others' carets) on a
 * room opened with @edge-rooms/client: the stock provider underneath, "Saved" from the room.
 */
import "../shared/style.css";
import { openRoom } from "@edge-rooms/client";
import { Editor } from "@tiptap/core";
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import StarterKit from "@tiptap/starter-kit";
import * as Y from "yjs";
import { start } from "../shared/start";
import { showStatus } from "../shared/status";

const { client, user, roomId } = await start();
const doc = new Y.Doc();
const room = openRoom(roomId, { doc, client });
room.presence.setUser(user);
showStatus(room, document.querySelector("#status")!);

new Editor({
  element: document.querySelector<HTMLElement>("#editor")!,
  extensions: [
    StarterKit.configure({ undoRedo: false }), // Yjs keeps the history
    Collaboration.configure({ document: doc, field: "tiptap" }),
    CollaborationCaret.configure({ provider: room.provider, user }),
  ],
});
