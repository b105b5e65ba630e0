/** `/api/rooms/*`: rooms, link sharing and members. Every change of access reaches open sockets. */
import { Hono } from "hono";
import { EXTERNAL_USER_PREFIX, requireSession } from "../auth/session";
import { roleThroughToken } from "../domain/api-tokens";
import { atLeast, type Role } from "../domain/rooms";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { roomStub } from "../objects";
import { findUser, findUserByEmail } from "../storage/accounts";
import { deleteInvitationOf } from "../storage/invitations";
import { deleteMember, deleteRoom, insertRoom, listMembers, listRoomsForUser, type Member, memberRoles, type RoomRow, updateRoom } from "../storage/rooms";
import type { MemberJson, RoomJson } from "../wire/rest";
import { spendBudget } from "./budgets";
import { jsonWithETag } from "./etag";
import { files } from "./files";
import { history } from "./history";
import { invite, roomInvitations } from "./invitations";
import { addMember, pushPolicy } from "./members";
import { isoTime } from "./params";
import { loadRoom } from "./room-access";
import { destroyRoom } from "./room-deletion";
import { roomStats } from "./room-stats";
import { createRoomBody, putMemberBody, updateRoomBody } from "./schemas/rooms";
import { threads } from "./threads";
import { jsonBody } from "./validate";
import { versions } from "./versions";
import { webhooks } from "./webhooks";

const roomJson = (room: RoomRow, role: Role): RoomJson => ({
  id: room.id,
  title: room.title,
  ownerId: room.owner_id,
  generalAccess: room.general_access,
  kind: room.kind,
  incarnation: room.incarnation,
  role,
  createdAt: isoTime(room.created_at),
  updatedAt: isoTime(room.updated_at),
  // Document figures as of the last snapshot: D1 is not written per edit.
  seq: room.seq,
  documentBytes: room.doc_bytes,
  editedAt: isoTime(room.edited_at),
  lastSnapshot: room.snapshot_seq === null ? null : { seq: room.snapshot_seq, at: isoTime(room.snapshot_at) },
});

/** A member as `reader` sees them: addresses only for the owner, who shares by address; the rest see names. */
const memberJsonFor = ({ user, role }: Member, reader: Role): MemberJson => ({ user: reader === "owner" ? user : { id: user.id, name: user.name }, role });

export const rooms = new Hono<AppEnv>()
  .use(requireSession)
  .post("/", jsonBody(createRoomBody), async (c) => {
    const body = c.req.valid("json");
    const { user } = c.var.session;
    if (user.id.startsWith(EXTERNAL_USER_PREFIX)) {
      throw new ApiError("forbidden", "users of an external issuer cannot own rooms: grant rooms in their tokens instead");
    }
    // Creating a room makes its creator the owner, a right no API token passes on.
    if (c.var.session.apiToken !== undefined) throw new ApiError("forbidden", "API tokens cannot create rooms");
    await spendBudget(c.env.DB, "rooms", user.id);
    const id = body.id ?? crypto.randomUUID();
    const title = body.title || "Untitled";
    const kind = body.kind ?? null;
    const incarnation = crypto.randomUUID();
    const now = Date.now();
    if (!(await insertRoom(c.env.DB, { id, title, ownerId: user.id, kind, incarnation }, now))) throw new ApiError("room_exists", "a room with this id exists");
    try {
      // Clears the tombstone a deleted room of the same id left in its object.
      await roomStub(c.env, id).create();
    } catch (err) {
      await deleteRoom(c.env.DB, id);
      throw err;
    }
    const room: RoomRow = {
      id,
      title,
      owner_id: user.id,
      general_access: "none",
      kind,
      incarnation,
      created_at: now,
      updated_at: now,
      deleting_at: null,
      seq: 0,
      doc_bytes: 0,
      edited_at: null,
      snapshot_seq: null,
      snapshot_at: null,
    };
    return c.json({ room: roomJson(room, "owner") }, 201);
  })
  .get("/", async (c) => {
    const { user, apiToken } = c.var.session;
    const rows = await listRoomsForUser(c.env.DB, user.id);
    // An API token sees the rooms it may act in, with the role it acts with.
    const listed = rows.flatMap((r) => {
      const role = roleThroughToken(r.owner_id === user.id ? "owner" : r.member_role!, apiToken, r.id);
      return role === null ? [] : [roomJson(r, role)];
    });
    return jsonWithETag(c, { rooms: listed });
  })
  .get("/:id", async (c) => {
    const { room, role } = await loadRoom(c, "viewer");
    return jsonWithETag(c, { room: roomJson(room, role) });
  })
  .patch("/:id", jsonBody(updateRoomBody), async (c) => {
    const { title, generalAccess } = c.req.valid("json");
    // Editors may rename; only the owner decides who gets in.
    const { room, role } = await loadRoom(c, generalAccess === undefined ? "editor" : "owner");
    const now = Date.now();
    await updateRoom(c.env.DB, room.id, { title, generalAccess }, now);
    const updated: RoomRow = { ...room, title: title ?? room.title, general_access: generalAccess ?? room.general_access, updated_at: now };
    if (generalAccess !== undefined && generalAccess !== room.general_access) await pushPolicy(c.env, updated);
    return c.json({ room: roomJson(updated, role) });
  })
  .delete("/:id", async (c) => {
    const { room } = await loadRoom(c, "owner", { deleting: true });
    await destroyRoom(c.env, room.id, Date.now());
    return c.body(null, 204);
  })
  .get("/:id/stats", async (c) => {
    const { room, role } = await loadRoom(c, "viewer");
    return c.json({ stats: await roomStats(c.env, room.id, { withConnections: atLeast(role, "editor") }) });
  })
  .get("/:id/members", async (c) => {
    const { room, role } = await loadRoom(c, "viewer");
    const members = await listMembers(c.env.DB, room);
    return c.json({ members: members.map((m) => memberJsonFor(m, role)) });
  })
  .put("/:id/members", jsonBody(putMemberBody), async (c) => {
    const { email, role } = c.req.valid("json");
    const { room } = await loadRoom(c, "owner");
    await spendBudget(c.env.DB, "members", c.var.session.user.id);
    // Both looked up whatever the answer, so its timing does not tell who has an account.
    const [user, members] = await Promise.all([findUserByEmail(c.env.DB, email), memberRoles(c.env.DB, room.id)]);
    if (user?.id === room.owner_id) throw new ApiError("bad_request", "the owner's role cannot change");
    // An address nobody has proven gets an invitation, whether or not an account claims it:
    // the answer does not tell which. A member keeps being changed directly: the owner sees them listed.
    if (!user || (user.email_verified_at === null && !Object.hasOwn(members, user.id))) {
      return c.json({ invitation: await invite(c, room, email, role) }, 202);
    }
    const now = Date.now();
    await deleteInvitationOf(c.env.DB, room.id, email);
    return c.json({ member: await addMember(c.env, c.executionCtx, room, user, role, c.var.session.user.id, now) });
  })
  .delete("/:id/members/:userId", async (c) => {
    const { room } = await loadRoom(c, "owner");
    await spendBudget(c.env.DB, "members", c.var.session.user.id);
    const userId = c.req.param("userId");
    if (!(await deleteMember(c.env.DB, room.id, userId))) {
      throw new ApiError((await findUser(c.env.DB, userId)) ? "not_found" : "user_not_found", "not a member of this room");
    }
    await pushPolicy(c.env, room);
    return c.body(null, 204);
  })
  .route("/", roomInvitations)
  .route("/", versions)
  .route("/", history)
  .route("/", threads)
  .route("/", webhooks)
  .route("/", files);
