/**
 * Conditional GETs. Content and metadata may change at any moment, so they are
 * revalidated on every use (`no-cache`) and answered 304 when their ETag still matches;
 * a version's bytes never change, so they may be cached for good. Everything is `private`:
 * responses depend on who asks, and shared caches must never keep them.
 */
import type { Context } from "hono";

export const REVALIDATE = "private, no-cache";
export const IMMUTABLE = "private, max-age=31536000, immutable";

/** Whether the request's If-None-Match names `etag` (weak or strong, or `*`). */
export function matches(c: Context, etag: string): boolean {
  const header = c.req.header("If-None-Match");
  if (!header) return false;
  return header.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t === etag || t === `W/${etag}`;
  });
}

/** 304 with the validators a 200 would carry. */
export function notModified(c: Context, etag: string, cacheControl: string): Response {
  return c.body(null, 304, { ETag: etag, "Cache-Control": cacheControl });
}

/** A JSON answer validated by a digest of its own body: correct whatever it is built from. */
export async function jsonWithETag(c: Context, data: unknown): Promise<Response> {
  const body = JSON.stringify(data);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body)));
  const etag = `"${Array.from(digest.subarray(0, 12), (b) => b.toString(16).padStart(2, "0")).join("")}"`;
  if (matches(c, etag)) return notModified(c, etag, REVALIDATE);
  return c.body(body, 200, { "Content-Type": "application/json", ETag: etag, "Cache-Control": REVALIDATE });
}
