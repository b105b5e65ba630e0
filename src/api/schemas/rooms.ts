/** Bodies of `/api/rooms/*` (creating and changing rooms, and their members) and a room socket's options. */
import * as v from "valibot";
import { email, generalAccess, memberRole, requestedRoomId, text, title } from "./fields";

/** A room's kind is a short lower-case label of the app's choosing. */
const KIND = /^[a-z][a-z0-9-]{0,31}$/;

export const createRoomBody = v.object({
  id: v.optional(requestedRoomId),
  title: v.optional(title),
  kind: v.optional(v.pipe(text(32), v.regex(KIND, 'must be a lower-case label such as "document" (a-z, 0-9, -)'))),
});

export const updateRoomBody = v.object({
  title: v.optional(v.pipe(title, v.nonEmpty("must not be empty"))),
  generalAccess: v.optional(generalAccess),
});

export const putMemberBody = v.object({ email, role: memberRole });

const flag = v.optional(v.picklist(["0", "1"], "must be 0 or 1"));
const shortText = v.optional(v.pipe(v.string("must be a string"), v.maxLength(64, "must be at most 64 characters")));

/**
 * `GET /rooms/:id` with `Upgrade: websocket`: the socket's options (docs/api.md, "Room sockets";
 * docs/protocol.md). The Worker checks `incarnation`; the room (or its relay) reads `acks`,
 * `events` and `tab` from the URL passed on, once checked here. Other parameters are ignored,
 * as a stock provider may add its own.
 */
export const roomSocketQuery = v.object({ incarnation: shortText, acks: flag, events: flag, tab: shortText });
