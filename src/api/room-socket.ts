/**
 * `GET /rooms/:roomId`: with `Upgrade: websocket`, authorize and hand the socket to the room's
 * object, or to the relay a hot room names; a browser navigating there gets the room's page instead (the page itself asks the
 * API who may see what, so it is the same static file for everyone).
 */
import { Hono } from "hono";
import * as v from "valibot";
import { authorizeRoom } from "../auth/access";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { ACCESS_HEADER, RELAY_HEADER, relayStub, roomObject } from "../objects";
import { servePage, wantsHtml } from "./pages";
import { parseRoomId } from "./room-id";
import { roomSocketQuery } from "./schemas/rooms";
import { invalidInput } from "./validate";

export const roomSocket = new Hono<AppEnv>().get("/:roomId", async (c) => {
  const roomId = parseRoomId(c.req.param("roomId"));
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
    if (wantsHtml(c)) return servePage(c, "room.html");
    throw new ApiError("upgrade_required", "this URL is a WebSocket endpoint: connect with Upgrade: websocket");
  }
  const options = v.safeParse(roomSocketQuery, c.req.query(), { abortEarly: true });
  if (!options.success) throw invalidInput(options.issues);
  const { access, objectName, incarnation } = await authorizeRoom(c, roomId);
  // A client holding a copy of one life of the room (the pages' offline copy) names it, so
  // that copy never merges into a room created since under the same id.
  const expected = options.output.incarnation;
  if (expected !== undefined && incarnation !== undefined && expected !== incarnation) {
    throw new ApiError("room_not_found", "the room of this id was deleted: this one is another");
  }
  // Only identity the Worker verified crosses into the room: a client-sent copy is replaced.
  const headers = new Headers(c.req.raw.headers);
  headers.set(ACCESS_HEADER, JSON.stringify(access));
  const upgrade = new Request(c.req.raw, { headers });
  const answer = await roomObject(c.env, objectName).fetch(upgrade.clone());
  // A hot room names the relay that takes this socket (docs/scale.md): same upgrade, same access.
  const relay = answer.headers.get(RELAY_HEADER);
  if (relay === null) return answer;
  return relayStub(c.env, objectName, Number(relay)).fetch(upgrade);
});
