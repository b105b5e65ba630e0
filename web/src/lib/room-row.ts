/**
 * One room in the rooms list: an icon for its kind, its title, when it was last edited and my
 * role in it. The list arrives most recently edited first (docs/api.md).
 */
import "../styles/room-row.css";
import { atLeast } from "../../../src/domain/rooms";
import { roomPath } from "./create-room";
import { h } from "./dom";
import { icon } from "./icons";
import { relativeTime } from "./time";
import type { Room } from "./types";

/** A room without a kind (created by another Yjs app) opens as a document, so it shows as one. */
const KINDS = {
  document: { icon: "doc", label: "Document" },
  whiteboard: { icon: "board", label: "Whiteboard" },
} as const;

const ROLE_BADGE = { owner: "Owner", editor: "Can edit", commenter: "Can comment", viewer: "Can view" } as const;

const kindOf = (room: Room) => (room.kind === "whiteboard" ? KINDS.whiteboard : KINDS.document);

/** "Edited 5 minutes ago", or when it was created if nobody has edited it yet. */
export function editedText(room: Room, now = Date.now()): string {
  return room.editedAt ? `Edited ${relativeTime(room.editedAt, now)}` : `Created ${relativeTime(room.createdAt, now)}`;
}

export function roomRow(room: Room, onDelete: (room: Room) => void): HTMLElement {
  const kind = kindOf(room);
  return h(
    "li",
    { class: "room-row", "data-kind": room.kind === "whiteboard" ? "whiteboard" : "document" },
    h(
      "a",
      { class: "room-link", href: roomPath(room.id) },
      h("span", { class: "room-icon", title: kind.label }, icon(kind.icon)),
      h(
        "span",
        { class: "room-text" },
        h("span", { class: "room-title" }, room.title),
        h("span", { class: "muted room-meta" }, `${kind.label} · ${editedText(room)}`),
      ),
      room.role !== "owner" && h("span", { class: "badge" }, ROLE_BADGE[room.role]),
    ),
    // Deleting a room needs the owner's role, as DELETE /api/rooms/:id does.
    atLeast(room.role, "owner") &&
      h(
        "button",
        { class: "btn btn-ghost icon-btn room-delete", title: `Delete ${room.title}`, "aria-label": `Delete ${room.title}`, onclick: () => onDelete(room) },
        icon("trash"),
      ),
  );
}
