/**
 * `/api/rooms/:id/files`: files in a room (docs/api.md, "Files"). Editors upload and list,
 * whoever may read the room fetches. A file is served from our own origin, so nothing that
 * could run script is ever served as what it is: the type is decided from the bytes, only
 * images are inline, everything else is a download, and every answer is sandboxed.
 * Mounted inside the rooms routes, which require a session.
 */
import { Hono } from "hono";
import * as v from "valibot";
import { readFileLimits } from "../config";
import { filePath, isInlineImage, sniffContentType } from "../domain/files";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { deleteFiles, type FileRow, fileKey, findFile, insertFileWithinQuota, listFiles, type NewFile, putFileObject } from "../storage/files";
import type { FileJson } from "../wire/rest";
import { readUpload } from "./body";
import { spendBudget } from "./budgets";
import { matches, notModified, REVALIDATE } from "./etag";
import { isoTime } from "./params";
import { loadRoom } from "./room-access";
import { fileIdParam, fileName, uploadQuery } from "./schemas/files";
import { invalidInput, query } from "./validate";

const fileJson = (f: FileRow | NewFile): FileJson => ({
  id: f.id,
  url: filePath(f.room_id, f.id),
  contentType: f.content_type,
  bytes: f.bytes,
  name: f.name,
  createdBy: f.created_by,
  createdAt: isoTime(f.created_at),
});

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

function fileIdOf(raw: string | undefined): string {
  const result = v.safeParse(fileIdParam, raw);
  // An id that cannot exist is answered like one that does not.
  if (!result.success) throw new ApiError("file_not_found", "no such file in this room");
  return result.output;
}

/** `Content-Disposition` with the name in both forms browsers read (RFC 6266). */
function disposition(kind: "inline" | "attachment", name: string | null): string {
  if (name === null) return kind;
  const plain = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `${kind}; filename="${plain}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export const files = new Hono<AppEnv>()
  .post("/:id/files", query(uploadQuery), async (c) => {
    const { room } = await loadRoom(c, "editor");
    const limits = readFileLimits(c.env);
    const userId = c.var.session.user.id;
    await spendBudget(c.env.DB, "files", userId);
    const upload = await readUpload(c, limits.maxFileBytes);
    const named = upload.name === null ? null : v.safeParse(fileName, upload.name);
    if (named && !named.success) throw invalidInput(named.issues);
    const contentType = sniffContentType(upload.bytes);
    if (!limits.types.has(contentType)) {
      throw new ApiError("unsupported_media_type", `this room does not take ${contentType} files (allowed: ${[...limits.types].join(", ")})`);
    }
    const file: NewFile = {
      room_id: room.id,
      id: await sha256Hex(upload.bytes),
      content_type: contentType,
      bytes: upload.bytes.byteLength,
      name: named?.output ?? c.req.valid("query").name ?? null,
      created_by: userId,
      created_at: Date.now(),
    };
    const existing = await findFile(c.env.DB, room.id, file.id);
    if (existing) return c.json({ file: fileJson(existing) }, 200);
    // The object first: a row never points at bytes that are not there. The same bytes
    // under the same key are harmless if the quota then refuses the row.
    await putFileObject(c.env.SNAPSHOTS, file, upload.bytes);
    const outcome = await insertFileWithinQuota(c.env.DB, file, limits.roomQuotaBytes);
    if (outcome === "over_quota") {
      await c.env.SNAPSHOTS.delete(fileKey(room.id, file.id));
      throw new ApiError("quota_exceeded", `this room's files may take at most ${limits.roomQuotaBytes} bytes`);
    }
    if (outcome === "exists") return c.json({ file: fileJson((await findFile(c.env.DB, room.id, file.id)) ?? file) }, 200);
    return c.json({ file: fileJson(file) }, 201);
  })
  .get("/:id/files", async (c) => {
    const { room } = await loadRoom(c, "editor");
    const { files: rows, usedBytes } = await listFiles(c.env.DB, room.id);
    return c.json({ files: rows.map(fileJson), usedBytes, quotaBytes: readFileLimits(c.env).roomQuotaBytes });
  })
  .get("/:id/files/:fileId", async (c) => {
    const { room } = await loadRoom(c, "viewer");
    const id = fileIdOf(c.req.param("fileId"));
    const row = await findFile(c.env.DB, room.id, id);
    if (row === null) throw new ApiError("file_not_found", "no such file in this room");
    // Revalidated on each use: whoever lost access must not keep reading from a cache.
    const etag = `"${row.id}"`;
    if (matches(c, etag)) return notModified(c, etag, REVALIDATE);
    const object = await c.env.SNAPSHOTS.get(fileKey(room.id, row.id));
    if (object === null) throw new ApiError("file_not_found", "no such file in this room");
    const inline = isInlineImage(row.content_type);
    return c.body(object.body, 200, {
      "Content-Type": row.content_type === "text/plain" ? "text/plain; charset=utf-8" : row.content_type,
      "Content-Length": String(row.bytes),
      "Content-Disposition": disposition(inline ? "inline" : "attachment", row.name),
      ETag: etag,
      "Cache-Control": REVALIDATE,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cross-Origin-Resource-Policy": "same-origin",
    });
  })
  .delete("/:id/files/:fileId", async (c) => {
    const { room } = await loadRoom(c, "editor");
    const id = fileIdOf(c.req.param("fileId"));
    if ((await findFile(c.env.DB, room.id, id)) === null) throw new ApiError("file_not_found", "no such file in this room");
    await deleteFiles(c.env.DB, c.env.SNAPSHOTS, room.id, [id]);
    return c.body(null, 204);
  });
