/** A room shared the way most room tests need it: an owner, an editor and a viewer, each signed up on their own. */
import { expect } from "vitest";
import { type Browser, createRoom, signUp } from "./browser";

export interface SharedRoom {
  owner: Browser;
  editor: Browser;
  viewer: Browser;
  room: string;
}

/** Names of the three people, where a test asserts them. */
export interface SharedRoomNames {
  owner: string;
  editor: string;
  viewer: string;
}

/** Signs up an owner, an editor and a viewer, and creates the owner's room shared with the other two. */
export async function sharedRoom(names: SharedRoomNames = { owner: "Owner", editor: "Editor", viewer: "Viewer" }): Promise<SharedRoom> {
  const [owner, editor, viewer] = await Promise.all([signUp(names.owner), signUp(names.editor), signUp(names.viewer)]);
  const room = await createRoom(owner);
  for (const [who, role] of [
    [editor, "editor"],
    [viewer, "viewer"],
  ] as const) {
    const res = await owner.fetch(`/api/rooms/${room}/members`, { method: "PUT", json: { email: who.user!.email, role } });
    expect(res.status, await res.clone().text()).toBe(200);
  }
  return { owner, editor, viewer, room };
}
