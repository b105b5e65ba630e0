/** `?limit=` and `?unread=` of `GET /api/notifications`. */
import * as v from "valibot";
import { limit } from "./fields";

export const notificationsQuery = v.object({
  limit: limit(50, 100),
  /** 1: only unread ones. */
  unread: v.optional(v.picklist(["0", "1"], "must be 0 or 1")),
});
