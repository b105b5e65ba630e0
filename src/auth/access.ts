/**
 * The single seam that decides who opens a room socket and what they may do there.
 * The room trusts only what this function returns: the Worker strips any client-supplied
 * copy of the access header before forwarding (see forwardToRoom).
 */
import type { Context } from "hono";
import type { AppEnv } from "../env";

export type Role = "owner" | "editor" | "viewer";

export interface RoomAccess {
  user: { id: string; name: string };
  role: Role;
}

/** Editors and owners change the document; viewers receive it and may send presence. */
export function canEdit(role: Role): boolean {
  return role === "owner" || role === "editor";
}

/**
 * Decides the caller's access to `roomId`, or throws an ApiError.
 * Until accounts exist, every caller is an anonymous editor.
 */
export async function authorizeRoom(_c: Context<AppEnv>, _roomId: string): Promise<RoomAccess> {
  return { user: { id: `anon-${crypto.randomUUID()}`, name: "Anonymous" }, role: "editor" };
}
