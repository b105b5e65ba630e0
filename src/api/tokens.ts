/**
 * `/api/tokens`: the API tokens a signed-in person gives their programs (docs/api.md, "API
 * tokens"). The secret is shown once, when the token is made; only its hash is stored.
 * Revoking a token refuses its next request and closes its open sockets at once.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { policyOf } from "../auth/access";
import { newTokenSecret } from "../auth/api-tokens";
import { requireSignedInPerson } from "../auth/session";
import { MAX_TOKENS_PER_ACCOUNT } from "../domain/api-tokens";
import { canShare, resolveRole } from "../domain/rooms";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { logEvent } from "../log";
import { countLiveTokens, deleteToken, insertToken, listTokens, type TokenRow } from "../storage/api-tokens";
import { findRoomForUser } from "../storage/rooms";
import type { ApiTokenJson } from "../wire/rest";
import { spendBudget } from "./budgets";
import { isoTime } from "./params";
import { newTokenBody } from "./schemas/tokens";
import { closeTokenSockets } from "./session-sockets";
import { jsonBody } from "./validate";

const DAY_MS = 24 * 60 * 60 * 1000;

const tokenJson = (t: TokenRow): ApiTokenJson => ({
  id: t.id,
  name: t.name,
  role: t.role,
  roomId: t.room_id,
  createdAt: isoTime(t.created_at),
  expiresAt: isoTime(t.expires_at),
  lastUsedAt: isoTime(t.last_used_at),
});

/** The room a room token is for: only someone who may share it (its owner) may give one out. */
async function roomToShare(c: Context<AppEnv>, roomId: string): Promise<string> {
  const userId = c.var.session.user.id;
  const room = await findRoomForUser(c.env.DB, roomId, userId);
  if (room === null || room.deleting_at !== null) throw new ApiError("room_not_found", "no such room");
  if (!canShare(resolveRole(policyOf(room, userId), userId))) throw new ApiError("forbidden", "only the room's owner gives out tokens for it");
  return room.id;
}

export const tokens = new Hono<AppEnv>()
  .use(requireSignedInPerson)
  .post("/", jsonBody(newTokenBody), async (c) => {
    const { name, role, roomId, expiresInDays } = c.req.valid("json");
    const userId = c.var.session.user.id;
    const room = roomId === undefined ? null : await roomToShare(c, roomId);
    const now = Date.now();
    if ((await countLiveTokens(c.env.DB, userId, now)) >= MAX_TOKENS_PER_ACCOUNT) {
      throw new ApiError("too_many_tokens", `an account holds at most ${MAX_TOKENS_PER_ACCOUNT} unexpired tokens: revoke one first`);
    }
    await spendBudget(c.env.DB, "tokens", userId, now);
    const id = crypto.randomUUID();
    const { secret, hash } = await newTokenSecret(id);
    const token: TokenRow = { id, user_id: userId, name, role, room_id: room, created_at: now, expires_at: now + expiresInDays * DAY_MS, last_used_at: null };
    await insertToken(c.env.DB, { ...token, secret_hash: hash });
    // Ids and the scope only: the secret never reaches a log.
    logEvent("info", "api_token_created", { user: userId, token: id, role, room: room ?? undefined });
    return c.json({ token: tokenJson(token), secret }, 201);
  })
  .get("/", async (c) => c.json({ tokens: (await listTokens(c.env.DB, c.var.session.user.id)).map(tokenJson) }))
  .delete("/:tokenId", async (c) => {
    const token = await deleteToken(c.env.DB, c.var.session.user.id, c.req.param("tokenId"));
    if (token === null) throw new ApiError("not_found", "you have no API token of this id");
    await closeTokenSockets(c.env, token);
    logEvent("info", "api_token_revoked", { user: token.user_id, token: token.id });
    return c.body(null, 204);
  });
