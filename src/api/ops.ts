/** `/api/ops/*`: operator views of rooms, for any room, behind the operator token. */
import { Hono } from "hono";
import { requireOperator } from "../auth/operator";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { findRoom } from "../storage/rooms";
import { parseRoomId } from "./room-id";
import { roomStats } from "./room-stats";

export const ops = new Hono<AppEnv>().use(requireOperator).get("/rooms/:id/stats", async (c) => {
  // Looked up first: asking an object that does not exist would create it, with storage.
  const room = await findRoom(c.env.DB, parseRoomId(c.req.param("id")));
  if (!room) throw new ApiError("room_not_found", "no such room");
  return c.json({
    room: { id: room.id, ownerId: room.owner_id, deleting: room.deleting_at !== null },
    stats: await roomStats(c.env, room.id, { withConnections: true }),
  });
});
