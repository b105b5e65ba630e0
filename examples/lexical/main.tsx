/**
 * Lexical in React through @edge-rooms/react: `RoomProvider` opens the room (disconnected:
 * Lexical's CollaborationPlugin connects it), the status line reads the hooks (connection,
 * save status, others, comment threads), and the editor is Lexical's own, with its
 * CollaborationPlugin on the room.
 * StrictMode on purpose: it mounts everything twice, and one socket must remain.
 */
import "../shared/style.css";
import { RoomProvider, useConnection, useOthers, useSaveStatus, useThreads } from "@edge-rooms/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { start } from "../shared/start";
import { CollaborativeEditor } from "./collaborative-editor";

const SAVE_TEXT = { saved: "Saved", saving: "Saving…", unsaved: "Not saved yet (offline)", "read-only": "Read only" } as const;

function Status() {
  const connection = useConnection();
  const save = useSaveStatus();
  const others = useOthers();
  const threads = useThreads();
  return (
    <p className="status" id="status">
      <span className="connection">{connection}</span> ·{" "}
      <span className="save" data-state={save}>
        {SAVE_TEXT[save]}
      </span>{" "}
      · <span className="others">{others.length === 0 ? "nobody else here" : `with ${others.map((p) => p.name).join(", ")}`}</span> ·{" "}
      <span className="threads">{threads === null ? "" : `${threads.length} comment ${threads.length === 1 ? "thread" : "threads"}`}</span>
    </p>
  );
}

const { client, user, roomId } = await start();
createRoot(document.querySelector("#app")!).render(
  <StrictMode>
    <RoomProvider id={roomId} client={client} user={user} connect={false} fallback={<p className="status">Opening the room…</p>}>
      <Status />
      <CollaborativeEditor user={user} />
    </RoomProvider>
  </StrictMode>,
);
