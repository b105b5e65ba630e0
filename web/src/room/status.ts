/**
 * The header's connection and save indicator. "Saved" comes from src/client/save-status.ts:
 * only once the room has acknowledged that every edit of mine is durably stored.
 */
import { type SaveState, trackSaves } from "../../../src/client/save-status";
import { h, replaceChildren } from "../lib/dom";
import type { Connection, ConnectionState } from "./connection";

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

/**
 * Mounts the indicator in `el`; calls `onSave` with every save state (read-only switches the
 * UI). `readOnlyText` says what a read-only person can still do (commenters comment).
 */
export function showStatus(el: HTMLElement, connection: Connection, onSave: (state: SaveState) => void, readOnlyText = SAVE_TEXT["read-only"]): void {
  const dot = h("span", { class: "status-dot" });
  const connectionText = h("span", { class: "status-connection" });
  const saveText = h("span", { class: "status-save" });
  replaceChildren(el, dot, connectionText, h("span", { class: "status-sep" }, "·"), saveText);
  let save: SaveState = "saved";

  const render = (state: ConnectionState) => {
    el.dataset.connection = state;
    el.dataset.save = save;
    connectionText.textContent = CONNECTION_TEXT[state];
    saveText.textContent = save === "read-only" ? readOnlyText : SAVE_TEXT[save];
    saveText.title = SAVE_TITLE[save];
  };
  trackSaves(connection.provider, (state) => {
    save = state;
    render(connection.state);
    onSave(state);
  });
  connection.onChange((state) => render(state));
  render(connection.state);
}
