/** Rooms, their members, versions, content, live figures and webhooks (docs/api.md, docs/webhooks.md). */
import type { Json } from "../../../src/document/document-json";
import type {
  AuthorshipJson,
  DeliveryJson,
  DiffJson,
  FileJson,
  HistoryEntryJson,
  InvitationJson,
  MemberJson,
  RoomJson,
  VersionJson,
  WebhookJson,
} from "../../../src/wire/rest";
import type { Transport } from "./http";
import type { CreateRoomBody, NewVersionBody, NewWebhookBody, PutMemberBody, RoomStatsJson, UpdateRoomBody } from "./server-types";

/** A document as JSON: one key per root type (docs/api.md, "JSON of a document"). */
export type DocumentJson = Record<string, Json>;

/** A webhook as registered or re-keyed: its signing secret is shown this once. */
export interface WebhookWithSecret {
  webhook: WebhookJson;
  secret: string;
}

const room = (id: string) => `/api/rooms/${encodeURIComponent(id)}`;
const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());

export function roomsApi(http: Transport) {
  return {
    /** Rooms I own or am a member of, most recently edited first. */
    list: async () => (await http.json<{ rooms: RoomJson[] }>("/api/rooms")).rooms,
    create: async (body: CreateRoomBody = {}) => (await http.json<{ room: RoomJson }>("/api/rooms", { method: "POST", json: body })).room,
    get: async (id: string) => (await http.json<{ room: RoomJson }>(room(id))).room,
    update: async (id: string, body: UpdateRoomBody) => (await http.json<{ room: RoomJson }>(room(id), { method: "PATCH", json: body })).room,
    delete: async (id: string): Promise<void> => void (await http.send(room(id), { method: "DELETE" })),
    /** Live figures of the room's object. */
    stats: async (id: string) => (await http.json<{ stats: RoomStatsJson }>(`${room(id)}/stats`)).stats,
  };
}

export function membersApi(http: Transport) {
  return {
    list: async (roomId: string) => (await http.json<{ members: MemberJson[] }>(`${room(roomId)}/members`)).members,
    /**
     * Shares the room with an address, or changes a member's role: a member when the address
     * is a proven account's, otherwise an invitation mailed to it (the answer does not tell
     * whether an account exists).
     */
    put: (roomId: string, body: PutMemberBody) =>
      http.json<{ member: MemberJson } | { invitation: InvitationJson }>(`${room(roomId)}/members`, { method: "PUT", json: body }),
    remove: async (roomId: string, userId: string): Promise<void> =>
      void (await http.send(`${room(roomId)}/members/${encodeURIComponent(userId)}`, { method: "DELETE" })),
  };
}

export function versionsApi(http: Transport) {
  const version = (roomId: string, seq: number | "current") => `${room(roomId)}/versions/${seq}`;
  return {
    /** Newest first. */
    list: async (roomId: string) => (await http.json<{ versions: VersionJson[] }>(`${room(roomId)}/versions`)).versions,
    /** Names the document as it is now. */
    create: async (roomId: string, body: NewVersionBody) =>
      (await http.json<{ version: VersionJson }>(`${room(roomId)}/versions`, { method: "POST", json: body })).version,
    /** The version as a Yjs update (`Y.applyUpdate` it into an empty doc). */
    get: async (roomId: string, seq: number) => bytesOf(await http.send(version(roomId, seq))),
    getJson: (roomId: string, seq: number) => http.json<DocumentJson>(version(roomId, seq), { query: { format: "json" } }),
    /** Makes the version (or the document right after any edit still in the history) the document's content, live for everyone. */
    restore: async (roomId: string, seq: number) => (await http.json<{ version: VersionJson }>(`${version(roomId, seq)}/restore`, { method: "POST" })).version,
    /** A page of the timeline, newest first; pass `next` as `before` for the page after. */
    history: (roomId: string, page: { before?: number; limit?: number } = {}) =>
      http.json<{ entries: HistoryEntryJson[]; next: number | null }>(`${room(roomId)}/history`, { query: { before: page.before, limit: page.limit } }),
    /** What was inserted and deleted, by whom, between two edits (`"current"`: the latest). */
    diff: async (roomId: string, from: number | "current", to: number | "current", root?: string) =>
      (await http.json<{ diff: DiffJson }>(`${version(roomId, from)}/diff/${to}`, { query: { root } })).diff,
    /** Who wrote each block of the document as it is now, from the whole history. */
    authorship: async (roomId: string, root?: string) =>
      (await http.json<{ authorship: AuthorshipJson }>(`${room(roomId)}/authorship`, { query: { root } })).authorship,
  };
}

export function contentApi(http: Transport) {
  return {
    /** The live document as a Yjs update. */
    get: async (roomId: string) => bytesOf(await http.send(`${room(roomId)}/content`)),
    getJson: (roomId: string) => http.json<DocumentJson>(`${room(roomId)}/content`, { query: { format: "json" } }),
    /** Applies a Yjs update (v1) as an edit of mine; answers the room's sequence number after it. */
    apply: async (roomId: string, update: Uint8Array) => (await http.json<{ seq: number }>(`${room(roomId)}/content`, { method: "POST", bytes: update })).seq,
  };
}

export function webhooksApi(http: Transport) {
  const hooks = (roomId: string) => `${room(roomId)}/webhooks`;
  const hook = (roomId: string, hookId: string) => `${hooks(roomId)}/${encodeURIComponent(hookId)}`;
  return {
    list: async (roomId: string) => (await http.json<{ webhooks: WebhookJson[] }>(hooks(roomId))).webhooks,
    create: (roomId: string, body: NewWebhookBody) => http.json<WebhookWithSecret>(hooks(roomId), { method: "POST", json: body }),
    get: async (roomId: string, hookId: string) => (await http.json<{ webhook: WebhookJson }>(hook(roomId, hookId))).webhook,
    delete: async (roomId: string, hookId: string): Promise<void> => void (await http.send(hook(roomId, hookId), { method: "DELETE" })),
    /** A new signing secret; the previous one keeps working for a while (`previousSecretExpiresAt`). */
    rotateSecret: (roomId: string, hookId: string) => http.json<WebhookWithSecret>(`${hook(roomId, hookId)}/secret`, { method: "POST" }),
    deliveries: async (roomId: string, hookId: string, opts: { limit?: number } = {}) =>
      (await http.json<{ deliveries: DeliveryJson[] }>(`${hook(roomId, hookId)}/deliveries`, { query: { limit: opts.limit } })).deliveries,
  };
}

/** The room's files as its editors list them. */
export interface FileListJson {
  files: FileJson[];
  usedBytes: number;
  quotaBytes: number;
}

export function filesApi(http: Transport) {
  const files = (roomId: string) => `${room(roomId)}/files`;
  return {
    /**
     * Uploads a file (its type is decided by the server from the bytes); the answer's `url`
     * is what a document or board refers to it by.
     */
    upload: async (roomId: string, file: Blob | Uint8Array, opts: { name?: string; contentType?: string } = {}) =>
      (
        await http.json<{ file: FileJson }>(files(roomId), {
          method: "POST",
          bytes: file,
          contentType: opts.contentType ?? (file instanceof Blob && file.type ? file.type : undefined),
          query: { name: opts.name ?? (typeof File !== "undefined" && file instanceof File ? file.name : undefined) },
        })
      ).file,
    list: (roomId: string) => http.json<FileListJson>(files(roomId)),
    get: async (roomId: string, fileId: string) => bytesOf(await http.send(`${files(roomId)}/${encodeURIComponent(fileId)}`)),
    delete: async (roomId: string, fileId: string): Promise<void> =>
      void (await http.send(`${files(roomId)}/${encodeURIComponent(fileId)}`, { method: "DELETE" })),
  };
}
