/**
 * `/api/rooms/:id/versions` and `/api/rooms/:id/content`: a room's history and its
 * document over HTTP. Viewers read; editors name versions, restore them and send edits.
 * Mounted inside the rooms routes, which require a session.
 */
import { type Context, Hono } from "hono";
import { readLimits } from "../config";
import { documentJson } from "../document/document-json";
import { InvalidUpdateError, validateUpdate } from "../document/update";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { logEvent } from "../log";
import { roomStub } from "../objects";
import { readSnapshot } from "../storage/snapshots";
import { findVersion, listVersions, type VersionRow } from "../storage/versions";
import type { VersionJson } from "../wire/rest";
import { readBinary } from "./body";
import { IMMUTABLE, jsonWithETag, matches, notModified, REVALIDATE } from "./etag";
import { historyMissError } from "./history";
import { loadRoom } from "./room-access";
import { seqParams } from "./schemas/history";
import { type Format, formatQuery, newVersionBody } from "./schemas/versions";
import { jsonBody, pathParams, query } from "./validate";

/** Durable Object calls carry at most 32 MiB: an imported update must fit in one. */
const MAX_RPC_BYTES = 30 * 1024 * 1024;

const versionJson = (v: VersionRow): VersionJson => ({
  seq: v.seq,
  createdAt: new Date(v.created_at).toISOString(),
  bytes: v.doc_bytes,
  storedBytes: v.bytes,
  kind: v.kind,
  label: v.label,
  createdBy: v.created_by,
});

/** A Yjs state update in the requested format. */
function documentResponse(c: Context, state: Uint8Array, format: Format, headers: Record<string, string>): Response {
  if (format === "json") return c.json(documentJson(state), 200, headers);
  return c.body(state as Uint8Array<ArrayBuffer>, 200, { ...headers, "Content-Type": "application/octet-stream" });
}

/** Live content's ETag: the room's creation (a room made again under the same id starts over) and sequence number. */
const contentETag = (createdAt: number, seq: number, format: Format) => `"c${createdAt}s${seq}${format === "json" ? "-json" : ""}"`;

/** The sequence number a client's If-None-Match says it holds in this format of this room. */
function knownSeq(c: Context, createdAt: number, format: Format): number | undefined {
  for (const [, created, seq, json] of (c.req.header("If-None-Match") ?? "").matchAll(/"c(\d+)s(\d+)(-json)?"/g)) {
    if (Number(created) === createdAt && (json ? "json" : "yjs") === format) return Number(seq);
  }
  return undefined;
}

/** Turns a failed write of the room's object into a clear, retryable answer; the log keeps the cause. */
function unavailable(what: string) {
  return (err: unknown): never => {
    logEvent("error", "room_call_failed", { what, error: String(err) });
    throw new ApiError("unavailable", `${what} could not be stored right now: try again`, { cause: err, headers: { "Retry-After": "10" } });
  };
}

export const versions = new Hono<AppEnv>()
  .get("/:id/versions", async (c) => {
    const { room } = await loadRoom(c, "viewer");
    return jsonWithETag(c, { versions: (await listVersions(c.env.DB, room.id)).map(versionJson) });
  })
  .post("/:id/versions", jsonBody(newVersionBody), async (c) => {
    const { label } = c.req.valid("json");
    const { room } = await loadRoom(c, "editor");
    const version = await roomStub(c.env, room.id).snapshot(label, c.var.session.user.id).catch(unavailable("the version"));
    return c.json({ version: versionJson(version) }, 201);
  })
  .get("/:id/versions/:seq", pathParams(seqParams), query(formatQuery), async (c) => {
    const { seq } = c.req.valid("param");
    const { format } = c.req.valid("query");
    const { room } = await loadRoom(c, "viewer");
    const version = await findVersion(c.env.DB, room.id, seq);
    const suffix = format === "json" ? "-json" : "";
    // Any other edit still in the history is rebuilt by the room; a room made again under
    // this id starts over, hence its creation in the tag.
    const etag = version ? `"${version.checksum}${suffix}"` : `"e${room.created_at}s${seq}${suffix}"`;
    if (matches(c, etag)) return notModified(c, etag, IMMUTABLE);
    let state: Uint8Array;
    if (version) state = await readSnapshot(c.env.SNAPSHOTS, version.r2_key, version.checksum);
    else {
      const point = await roomStub(c.env, room.id).stateAt(seq);
      if (!point.ok) throw historyMissError(point);
      state = point.state;
    }
    return documentResponse(c, state, format, { ETag: etag, "Cache-Control": IMMUTABLE });
  })
  .post("/:id/versions/:seq/restore", pathParams(seqParams), async (c) => {
    const { seq } = c.req.valid("param");
    const { room } = await loadRoom(c, "editor");
    const by = c.var.session.user.id;
    const stub = roomStub(c.env, room.id);
    const version = await findVersion(c.env.DB, room.id, seq);
    // A version restores from its snapshot; any other edit still in the history, from the room's rebuild of it.
    const result = version
      ? await stub.restore({ seq, state: await readSnapshot(c.env.SNAPSHOTS, version.r2_key, version.checksum) }, by).catch(unavailable("the restore"))
      : await stub.restoreEdit(seq, by).catch(unavailable("the restore"));
    if (!result.ok) {
      if (result.reason === "document_too_large") throw new ApiError("document_too_large", "restoring this point would exceed the room's document size limit");
      throw historyMissError(result);
    }
    return c.json({ version: versionJson(result.version) }, 201);
  })
  .get("/:id/content", query(formatQuery), async (c) => {
    const { format } = c.req.valid("query");
    const { room } = await loadRoom(c, "viewer");
    const { seq, update } = await roomStub(c.env, room.id).content(knownSeq(c, room.created_at, format));
    const etag = contentETag(room.created_at, seq, format);
    if (update === null) return notModified(c, etag, REVALIDATE);
    return documentResponse(c, update, format, { ETag: etag, "Cache-Control": REVALIDATE });
  })
  .post("/:id/content", async (c) => {
    const { room } = await loadRoom(c, "editor");
    const update = await readBinary(c, Math.min(readLimits(c.env).maxDocumentBytes, MAX_RPC_BYTES));
    try {
      validateUpdate(update);
    } catch (err) {
      if (err instanceof InvalidUpdateError) throw new ApiError("invalid_update", "the body is not a Yjs update (v1 encoding)", { cause: err });
      throw err;
    }
    const result = await roomStub(c.env, room.id).edit(update, c.var.session.user.id);
    if (!result.ok) {
      if (result.reason === "document_too_large") throw new ApiError("document_too_large", "this edit would exceed the room's document size limit");
      throw new ApiError("invalid_update", "the update could not be applied to this document");
    }
    return c.json({ seq: result.seq });
  });
