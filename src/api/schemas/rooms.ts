/** Bodies of `/api/rooms/*`: creating and changing rooms, and their members. */
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
