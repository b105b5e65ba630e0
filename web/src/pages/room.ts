/**
 * A room's page at /rooms/:id: the document editor or the whiteboard, with who is here,
 * connection and save status, sharing, history and export. Edits are kept in IndexedDB
 * (y-indexeddb) so offline work survives a reload, and merge when the socket is back.
 */
import "../styles/base.css";
import "../styles/room.css";
import "../styles/editor.css";
import "../styles/blocks.css";
import "../styles/board.css";
import "../styles/comments.css";
import "../styles/inbox.css";
import { CLOSE, openRoom } from "@edge-rooms/client";
import { IndexeddbPersistence } from "y-indexeddb";
import * as Y from "yjs";
import { canComment, canEdit } from "../../../src/domain/rooms";
import { mountBoard } from "../board/board";
import { mountObjectComments } from "../board/object-comments";
import { mountComments } from "../comments/comments";
import { createInbox } from "../comments/inbox";
import { mountEditor } from "../editor/editor";
import { FRAGMENT } from "../editor/schema";
import { ApiError, client } from "../lib/api";
import { byId, h, replaceChildren } from "../lib/dom";
import { icon } from "../lib/icons";
import { localDocName } from "../lib/local-data";
import { goToSignIn } from "../lib/session";
import type { Room, User } from "../lib/types";
import { authorMargin } from "../room/author-margin";
import { boardExports, documentExports, exportMenu } from "../room/export-menu";
import { showHistory } from "../room/history";
import { kindOf, type RoomKind } from "../room/kind";
import { announce, showAvatars } from "../room/presence";
import { openShare } from "../room/share";
import { endingText, showStatus } from "../room/status";
import { showTitle } from "../room/title";

const roomId = decodeURIComponent(location.pathname.split("/")[2] ?? "");
const surface = byId("surface");
const notice = byId("notice");

function showNotice(message: string): void {
  notice.textContent = message;
  notice.hidden = false;
}

function toast(message: string): void {
  const el = h("div", { class: "toast", role: "status" }, message);
  document.body.append(el);
  setTimeout(() => el.remove(), 3000);
}

/** The room, or a full-page explanation when it cannot be opened. */
async function loadRoom(): Promise<Room | null> {
  try {
    return await client.rooms.get(roomId);
  } catch (err) {
    const text =
      err instanceof ApiError && (err.status === 404 || err.status === 400)
        ? "This room does not exist, or it was deleted."
        : err instanceof ApiError && err.code === "forbidden"
          ? "You do not have access to this room. Ask its owner to share it with you."
          : "Could not reach the server. Check your connection and reload.";
    replaceChildren(
      surface,
      h(
        "div",
        { class: "empty-state" },
        h("h1", {}, "Cannot open this room"),
        h("p", { class: "muted" }, text),
        h("a", { class: "btn", href: "/" }, "All rooms"),
      ),
    );
    return null;
  }
}

/** The kind once known: from this browser's copy, or else from the room once synced. */
function kindWhenKnown(doc: Y.Doc, local: IndexeddbPersistence, synced: () => boolean, onSync: (f: () => void) => void): Promise<RoomKind> {
  return new Promise((resolve) => {
    const check = () => {
      const kind = kindOf(doc);
      if (kind) resolve(kind);
      else if (synced()) resolve("document");
    };
    void local.whenSynced.then(check);
    onSync(check);
    doc.getMap("meta").observe(check);
  });
}

async function main(): Promise<void> {
  byId("back").append(icon("back"));
  const [user, room]: [User, Room | null] = await Promise.all([client.auth.me(), loadRoom()]);
  if (room === null) return;
  let editable = canEdit(room.role);
  showTitle(byId<HTMLInputElement>("title"), room, editable, toast);

  const doc = new Y.Doc();
  const local = new IndexeddbPersistence(localDocName(user.id, room), doc);
  // A room deleted or closed to me takes this browser's copy with it: nothing of it is kept
  // for a room created later under the same id.
  const connection = openRoom(roomId, { doc, client, incarnation: room.incarnation, connect: navigator.onLine });
  connection.on("ended", (ending) => {
    if (ending.code === CLOSE.accessRevoked.code || ending.code === CLOSE.roomDeleted.code) void local.clearData();
    if (ending.code === CLOSE.sessionExpired.code) return goToSignIn();
    showNotice(endingText(ending));
  });
  const { awareness } = connection;
  const me = announce(connection.presence, user);
  showAvatars(byId("avatars"), connection.presence, me);

  const kind = await kindWhenKnown(
    doc,
    local,
    () => connection.provider.synced,
    (f) => connection.provider.on("sync", f),
  );
  byId("loading").remove();
  const kindBadge = byId("kind");
  kindBadge.textContent = kind === "document" ? "Document" : "Whiteboard";
  kindBadge.hidden = false;
  document.body.dataset.kind = kind;

  const commentsOptions = { roomId, role: room.role, meId: user.id, room: connection, container: surface.parentElement!, toast };
  const comments = kind === "document" ? mountComments(commentsOptions) : null;
  const images = { upload: async (file: File) => (await client.files.upload(roomId, file)).url, failed: toast };
  const editor = kind === "document" ? mountEditor(surface, doc.getXmlFragment(FRAGMENT), awareness, editable, comments!.plugins, images) : null;
  if (editor) comments!.attach(editor.view);
  const board = editor ? null : mountBoard(surface, doc, awareness, me, editable, { roomId, toast });
  const commentsButton = board ? mountObjectComments(board.pinned, commentsOptions).button : comments!.button;
  const view = editor ?? board!;
  showStatus(
    byId("status"),
    connection,
    (save) => {
      // The room refused an edit as read-only: my role changed to viewer while I was here.
      if (save === "read-only" && editable) {
        editable = false;
        view.setEditable(false);
        showNotice("You can now only view this room.");
      }
    },
    canComment(room.role) && !canEdit(room.role) ? "Can comment" : undefined,
  );

  byId("actions").after(createInbox());
  const history = byId("history");
  const authors = editor ? authorMargin(roomId, editor.view, doc, toast) : null;
  replaceChildren(
    byId("actions"),
    commentsButton,
    exportMenu(
      editor
        ? documentExports(
            () => editor.view.state.doc,
            () => room.title,
          )
        : boardExports(doc, () => room.title),
      toast,
    ),
    h(
      "button",
      {
        class: "btn btn-ghost",
        type: "button",
        onclick: () => (history.hidden ? showHistory(history, { roomId, kind, canEdit: editable, surface, authors, toast }) : (history.hidden = true)),
      },
      icon("history"),
      "History",
    ),
    h(
      "button",
      { class: "btn btn-primary", type: "button", onclick: () => openShare(byId<HTMLDialogElement>("share-dialog"), room, user.id) },
      icon("share"),
      "Share",
    ),
  );
}

await main();
