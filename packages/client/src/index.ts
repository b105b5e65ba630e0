/**
 * @edge-rooms/client: the typed REST client (`createClient`) and rooms on the stock
 * y-websocket provider (`openRoom`). docs/client.md describes every option and event.
 */

export { CLOSE, type CloseCode } from "../../../src/wire/close-codes";
export type { CommentJson, Person as Author, ThreadJson } from "../../../src/wire/comments";
export type {
  ApiTokenJson,
  AuthorJson,
  AuthorshipJson,
  ChangeJson,
  DeliveryJson,
  DiffJson,
  FileJson,
  GeneralAccess,
  HistoryEntryJson,
  InvitationJson,
  MemberJson,
  NotificationJson,
  OidcProviderJson,
  PreferencesJson,
  Role,
  RoomJson,
  UserJson,
  VersionJson,
  WebhookJson,
} from "../../../src/wire/rest";
export { type Client, type ClientOptions, createClient } from "./client";
export { type CloseAction, type ConnectionState, closeAction } from "./close-meaning";
export { ApiError, type ErrorCode } from "./errors";
export type { Method, RequestOptions, Transport } from "./http";
export { othersPresent, type Presence, presenceOf } from "./presence";
export {
  type Cursor,
  cursorOf,
  drawsCaret,
  MAX_SELECTION,
  MAX_TEXT,
  type Person,
  type Pointer,
  personOf,
  pointerOf,
  type RelativePositionJson,
  selectionOf,
} from "./presence-shape";
export { backoffCeiling, jitteredDelay } from "./reconnect";
export type { AccountJson, TokenWithSecret } from "./rest-account";
export type { ListThreadsOptions, NotificationsPage, ThreadsPage } from "./rest-comments";
export type { DocumentJson, FileListJson, WebhookWithSecret } from "./rest-rooms";
export { type OpenRoomOptions, openRoom, type Room, type RoomEnding, type RoomEvents } from "./room";
export { type CommentEvent, listenToRoomEvents } from "./room-events";
export { type SaveState, type SaveStatus, trackSaves } from "./save-status";
export type {
  ChangeEmailBody,
  ChangePasswordBody,
  CommentBody,
  CreateRoomBody,
  ForgotBody,
  LoginBody,
  NewThreadBody,
  NewTokenBody,
  NewVersionBody,
  NewWebhookBody,
  PutMemberBody,
  ResetBody,
  ResolveBody,
  RoomStatsJson,
  SignupBody,
  UpdateRoomBody,
} from "./server-types";
export type { HeaderWebSocket } from "./socket";
