/**
 * The header's connection and save indicator, and what the page says when the room ends. "Saved"
 * comes from the client package: only once the room has acknowledged that every edit of mine
 * is durably stored.
 */
import { CLOSE, type ConnectionState, type Room, type RoomEnding, type SaveState } from "@edge-rooms/client";
import { h, replaceChildren } from "../lib/dom";

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  offline: "Offline",
  ended: "Disconnected",
};

const SAVE_TEXT: Record<SaveState, string> = {
  saved: "Saved",
  saving: "Saving…",
  unsaved: "Unsaved changes",
  "read-only": "View only",
};

const SAVE_TITLE: Record<SaveState, string> = {
  saved: "Everything you changed is stored on the server.",
  saving: "Sending your latest changes.",
  unsaved: "Kept on this device; saved as soon as you are back online.",
  "read-only": "You can view this room but not change it.",
};

/** Why the room ended, as people should read it (docs/client.md, close codes). */
const ENDINGS: Record<number, string> = {
  [CLOSE.invalidMessage.code]: "The connection was refused because of an invalid message. Reload the page.",
  [CLOSE.accessRevoked.code]: "Your access to this room was removed.",
  [CLOSE.roomDeleted.code]: "This room was deleted.",
  [CLOSE.documentTooLarge.code]: "This room has reached its size limit: new content cannot be saved.",
  [CLOSE.messageTooLarge.code]: "That change was too large to send. Reload the page.",
  [CLOSE.unsupportedData.code]: "The connection was refused. Reload the page.",
};

export const endingText = (ending: RoomEnding): string => ENDINGS[ending.code] ?? `The connection was closed (${ending.code}). Reload the page.`;

/**
 * Mounts the indicator in `el`; calls `onSave` with every save state (read-only switches the
 * UI). `readOnlyText` says what a read-only person can still do (commenters comment).
 */
export function showStatus(el: HTMLElement, room: Room, onSave: (state: SaveState) => void, readOnlyText = SAVE_TEXT["read-only"]): void {
  const dot = h("span", { class: "status-dot" });
  const connectionText = h("span", { class: "status-connection" });
  const saveText = h("span", { class: "status-save" });
  replaceChildren(el, dot, connectionText, h("span", { class: "status-sep" }, "·"), saveText);
  let save: SaveState = room.save;

  const render = (state: ConnectionState) => {
    el.dataset.connection = state;
    el.dataset.save = save;
    connectionText.textContent = CONNECTION_TEXT[state];
    saveText.textContent = save === "read-only" ? readOnlyText : SAVE_TEXT[save];
    saveText.title = SAVE_TITLE[save];
  };
  room.on("save", (state) => {
    save = state;
    render(room.connection);
    onSave(state);
  });
  room.on("connection", render);
  render(room.connection);
}
