/** What the comment tests share: a room with a person in each role, and threads started on it. */

import { expect } from "vitest";
import * as Y from "yjs";
import { encodePosition } from "../../src/document/anchor";
import { type Browser, createRoom, signUp } from "./browser";

/** A room with its owner and one person in each other role. */
export async function team() {
  const [owner, editor, commenter, viewer] = await Promise.all(
    ["Owner", "Editor", "Commenter", "Viewer"].map((n) => signUp(`${n} ${crypto.randomUUID().slice(0, 4)}`)),
  );
  const room = await createRoom(owner!);
  for (const [person, role] of [
    [editor, "editor"],
    [commenter, "commenter"],
    [viewer, "viewer"],
  ] as const) {
    const res = await owner!.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: person!.user!.email, role } });
    expect(res.status).toBe(200);
  }
  return { room, owner: owner!, editor: editor!, commenter: commenter!, viewer: viewer! };
}

export async function startThread(person: Browser, room: string, body: Record<string, unknown>) {
  return person.fetch(`/api/rooms/${room}/threads`, { method: "POST", json: body });
}

/** An anchor on a document of its own: enough for routes that only store it. */
export const someAnchor = () => {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, "text");
  const t = doc.getText("t");
  return { start: encodePosition(Y.createRelativePositionFromTypeIndex(t, 0)), end: encodePosition(Y.createRelativePositionFromTypeIndex(t, 4, -1)) };
};
