/**
 * The server's own types the client package exposes: request bodies as the valibot schemas
 * accept them (InferInput), the error codes, and a room's live figures as the room computes
 * them. This file is read only by packages/client/scripts/derive-types.ts (with the Worker's
 * tsconfig, where these modules type-check), which writes them out as plain types into
 * packages/client/src/server-types.ts, so the published package needs neither valibot nor
 * the Worker.
 */
import type * as v from "valibot";
import type { roomStats } from "../../../src/api/room-stats";
import type { changeEmailBody, changePasswordBody, deleteAccountBody, forgotBody, loginBody, resetBody, signupBody } from "../../../src/api/schemas/auth";
import type { preferencesBody } from "../../../src/api/schemas/preferences";
import type { createRoomBody, putMemberBody, updateRoomBody } from "../../../src/api/schemas/rooms";
import type { commentBody, newThreadBody, resolveBody } from "../../../src/api/schemas/threads";
import type { newTokenBody } from "../../../src/api/schemas/tokens";
import type { newVersionBody } from "../../../src/api/schemas/versions";
import type { newWebhookBody } from "../../../src/api/schemas/webhooks";
import type { ErrorCode as ServerErrorCode } from "../../../src/errors";

/** Every `error.code` the HTTP API answers with. */
export type ErrorCode = ServerErrorCode;

/** `POST /api/auth/signup`. */
export type SignupBody = v.InferInput<typeof signupBody>;
/** `POST /api/auth/login`. */
export type LoginBody = v.InferInput<typeof loginBody>;
/** `POST /api/auth/forgot`. */
export type ForgotBody = v.InferInput<typeof forgotBody>;
/** `POST /api/auth/reset`. */
export type ResetBody = v.InferInput<typeof resetBody>;
/** `POST /api/auth/password`. */
export type ChangePasswordBody = v.InferInput<typeof changePasswordBody>;
/** `POST /api/auth/email`. */
export type ChangeEmailBody = v.InferInput<typeof changeEmailBody>;
/** `PATCH /api/me/preferences`. */
export type PreferencesBody = v.InferInput<typeof preferencesBody>;
/** `DELETE /api/me`. */
export type DeleteAccountBody = v.InferInput<typeof deleteAccountBody>;
/** `POST /api/tokens`. */
export type NewTokenBody = v.InferInput<typeof newTokenBody>;
/** `POST /api/rooms`. */
export type CreateRoomBody = v.InferInput<typeof createRoomBody>;
/** `PATCH /api/rooms/:id`. */
export type UpdateRoomBody = v.InferInput<typeof updateRoomBody>;
/** `PUT /api/rooms/:id/members`. */
export type PutMemberBody = v.InferInput<typeof putMemberBody>;
/** `POST /api/rooms/:id/threads`. */
export type NewThreadBody = v.InferInput<typeof newThreadBody>;
/** A reply, or a comment's new text. */
export type CommentBody = v.InferInput<typeof commentBody>;
/** `PATCH /api/rooms/:id/threads/:threadId`. */
export type ResolveBody = v.InferInput<typeof resolveBody>;
/** `POST /api/rooms/:id/versions`. */
export type NewVersionBody = v.InferInput<typeof newVersionBody>;
/** `POST /api/rooms/:id/webhooks`. */
export type NewWebhookBody = v.InferInput<typeof newWebhookBody>;

type Stats = Awaited<ReturnType<typeof roomStats>>;
type StatsWithConnections = Extract<Stats, { recentConnections: unknown }>;
/** `GET /api/rooms/:id/stats`: `recentConnections` for owners and editors only. */
export type RoomStatsJson = Omit<StatsWithConnections, "recentConnections"> & Partial<Pick<StatsWithConnections, "recentConnections">>;
