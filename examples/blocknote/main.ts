/**
 * BlockNote (its core, without React) with its collaboration option on a room opened with
 * @edge-rooms/client: the blocks in an XML fragment of the room's document, the others'
 * carets from the provider's awareness.
 */
import "../shared/style.css";
import "@blocknote/core/style.css";
import { BlockNoteEditor } from "@blocknote/core";
import { openRoom } from "@edge-rooms/client";
import * as Y from "yjs";
import { start } from "../shared/start";
import { showStatus } from "../shared/status";

const { client, user, roomId } = await start();
const doc = new Y.Doc();
const room = openRoom(roomId, { doc, client });
showStatus(room, document.querySelector("#status")!);

// BlockNote announces `user` on the awareness itself: the whole person, so that avatars and
// `room.presence.others()` know them too.
const editor = BlockNoteEditor.create({
  collaboration: { provider: room.provider, fragment: doc.getXmlFragment("blocknote"), user, showCursorLabels: "always" },
});
editor.mount(document.querySelector<HTMLElement>("#editor")!);
