/**
 * The status line of the plain (non-React) examples: the connection, the save status ("Saved"
 * only once the room durably stored every edit) and who else is here, kept current until the
 * returned function is called.
 */
import type { Room } from "@edge-rooms/client";

const SAVE_TEXT = { saved: "Saved", saving: "Saving…", unsaved: "Not saved yet (offline)", "read-only": "Read only" } as const;

export function showStatus(room: Room, element: HTMLElement): () => void {
  element.innerHTML = '<span class="connection"></span> · <span class="save"></span> · <span class="others"></span>';
  const [connection, save, others] = ["connection", "save", "others"].map((name) => element.querySelector<HTMLElement>(`.${name}`)!) as [
    HTMLElement,
    HTMLElement,
    HTMLElement,
  ];
  const render = () => {
    connection.textContent = room.connection;
    save.textContent = SAVE_TEXT[room.save];
    save.dataset.state = room.save;
    const people = room.presence.others();
    others.textContent = people.length === 0 ? "nobody else here" : `with ${people.map((p) => p.name).join(", ")}`;
  };
  render();
  const stops = [room.on("connection", render), room.on("save", render), room.presence.onChange(render)];
  return () => {
    for (const stop of stops) stop();
  };
}
