/** The rooms list: mine and shared with me; new document, new whiteboard, import. */
import "../styles/base.css";
import "../styles/list.css";
import "../styles/inbox.css";
import { createInbox } from "../comments/inbox";
import { ApiError, client } from "../lib/api";
import { avatar } from "../lib/avatar";
import { createRoom, roomPath } from "../lib/create-room";
import { byId, h, replaceChildren } from "../lib/dom";
import { icon } from "../lib/icons";
import { forgetLocalData } from "../lib/local-data";
import { colorFor } from "../lib/people";
import { roomRow } from "../lib/room-row";
import type { Room, User } from "../lib/types";

const error = byId("error");

function fail(err: unknown): void {
  error.textContent = err instanceof ApiError ? err.message : "Could not reach the server. Check your connection and try again.";
  error.hidden = false;
}

/** Runs a button's action once at a time, showing failures above the list. */
function action(run: () => Promise<void>): (event: Event) => void {
  return async (event) => {
    const button = event.currentTarget as HTMLButtonElement;
    button.disabled = true;
    error.hidden = true;
    try {
      await run();
    } catch (err) {
      fail(err);
    } finally {
      button.disabled = false;
    }
  };
}

function fillList(list: HTMLElement, rooms: Room[], empty: string, onDelete: (room: Room) => void): void {
  replaceChildren(list, ...(rooms.length > 0 ? rooms.map((r) => roomRow(r, onDelete)) : [h("li", { class: "room-empty muted" }, empty)]));
}

async function showRooms(): Promise<void> {
  const rooms: Room[] = await client.rooms.list();
  const remove = async (room: Room) => {
    if (!confirm(`Delete "${room.title}" for everyone? This cannot be undone.`)) return;
    await client.rooms.delete(room.id).catch(fail);
    await showRooms().catch(fail);
  };
  fillList(
    byId("mine"),
    rooms.filter((r) => r.role === "owner"),
    "Nothing here yet: start a document or a whiteboard.",
    remove,
  );
  fillList(
    byId("shared"),
    rooms.filter((r) => r.role !== "owner"),
    "When someone shares a room with you, it shows up here.",
    remove,
  );
}

function showAccount(user: User): void {
  const signOut = action(async () => {
    await client.auth.logout();
    await forgetLocalData(user.id);
    location.assign("/signin");
  });
  replaceChildren(
    byId("account"),
    h(
      "a",
      { class: "account", href: "/account", title: "Your account" },
      avatar(user.name, colorFor(user.id)),
      h("span", { class: "account-name" }, user.name),
    ),
    h("button", { class: "btn btn-ghost", onclick: signOut }, "Sign out"),
  );
}

function showActions(): void {
  const file = h("input", {
    type: "file",
    accept: ".md,.markdown,.html,.htm,.docx,.txt,text/markdown,text/html,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    hidden: true,
    "aria-label": "Import a Markdown, HTML, Word or text file",
  });
  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    file.value = "";
    if (!chosen) return;
    error.hidden = true;
    try {
      // The parsers and the editor schema load only when someone imports (mammoth only for Word).
      const { importFile } = await import("../editor/import");
      location.assign(roomPath((await importFile(chosen)).id));
    } catch (err) {
      fail(err);
    }
  });
  replaceChildren(
    byId("actions"),
    h("button", { class: "btn", onclick: () => file.click() }, icon("upload"), "Import"),
    h(
      "button",
      { class: "btn", onclick: action(async () => location.assign(roomPath((await createRoom("whiteboard", "Untitled whiteboard")).id))) },
      icon("board"),
      "New whiteboard",
    ),
    h(
      "button",
      { class: "btn btn-primary", onclick: action(async () => location.assign(roomPath((await createRoom("document", "Untitled document")).id))) },
      icon("doc"),
      "New document",
    ),
    file,
  );
}

const user: User = await client.auth.me();
showAccount(user);
byId("account").prepend(createInbox());
showActions();
await showRooms().catch(fail);
