/**
 * The room's title in the header and the browser tab. Owners and editors rename it in place
 * (PATCH /api/rooms/:id); everyone sees a rename by someone else within about 20 seconds, or
 * as soon as they come back to the tab. The title lives in D1, not in the document, so the
 * page asks for the room's metadata again rather than hearing it on the socket: the answer
 * carries an ETag and `Cache-Control: no-cache`, so the browser revalidates with
 * If-None-Match and an unchanged room costs a bodiless 304.
 */
import { client } from "../lib/api";
import type { Room } from "../lib/types";

/** How often a visible page asks whether the title changed. */
export const TITLE_REFRESH_MS = 20_000;

const tabTitle = (title: string) => `${title} · edge-rooms`;

export function showTitle(input: HTMLInputElement, room: Room, editable: boolean, toast: (message: string) => void): void {
  const show = (title: string) => {
    room.title = title;
    document.title = tabTitle(title);
    // Never overwrite what the person is typing into the field.
    if (document.activeElement !== input) input.value = title;
  };
  show(room.title);
  input.readOnly = !editable;
  input.addEventListener("keydown", (event) => event.key === "Enter" && input.blur());
  // A rename that arrived while the field had focus shows once it is left unedited.
  let atFocus = "";
  input.addEventListener("focus", () => (atFocus = input.value));
  input.addEventListener("blur", () => input.value === atFocus && (input.value = room.title));
  input.addEventListener("change", async () => {
    const title = input.value.trim();
    if (title === "" || title === room.title) return void (input.value = room.title);
    try {
      show((await client.rooms.update(room.id, { title })).title);
    } catch {
      input.value = room.title;
      toast("Could not rename the room.");
    }
  });

  const refresh = () => {
    if (document.visibilityState !== "visible") return;
    // A failure (offline, say) is already shown by the connection indicator; try next time.
    client.rooms.get(room.id).then(
      (latest) => latest.title !== room.title && show(latest.title),
      () => {},
    );
  };
  setInterval(refresh, TITLE_REFRESH_MS);
  addEventListener("focus", refresh);
  document.addEventListener("visibilitychange", refresh);
}
