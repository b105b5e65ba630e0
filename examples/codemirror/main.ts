/**
 * CodeMirror 6 with y-codemirror.next (the text, the others' carets and selections, undo of
 * one's own edits) on a room opened with @edge-rooms/client.
 */
import "../shared/style.css";
import { openRoom } from "@edge-rooms/client";
import { basicSetup, EditorView } from "codemirror";
import { yCollab } from "y-codemirror.next";
import * as Y from "yjs";
import { start } from "../shared/start";
import { showStatus } from "../shared/status";

const { client, user, roomId } = await start();
const doc = new Y.Doc();
const room = openRoom(roomId, { doc, client });
// y-codemirror.next draws selections in `colorLight`; the rest is the shape every client reads.
room.presence.setField("user", { ...user, colorLight: `${user.color}33` });
showStatus(room, document.querySelector("#status")!);

const text = doc.getText("codemirror");
new EditorView({
  parent: document.querySelector("#editor")!,
  extensions: [basicSetup, EditorView.lineWrapping, yCollab(text, room.awareness, { undoManager: new Y.UndoManager(text) })],
});
