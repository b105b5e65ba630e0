/** Reading request bodies: one place for content type and size errors, and malformed JSON. */
import type { Context } from "hono";
import { ApiError } from "../errors";

const MAX_JSON_BYTES = 64 * 1024;

/** The request's JSON object body; 415 for another content type, 413 too large, 400 malformed. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const bytes = await readBody(c, /^application\/json\b/i, "a JSON body with Content-Type: application/json", MAX_JSON_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new ApiError("invalid_json", "the body is not valid JSON", { cause: err });
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new ApiError("invalid_json", "the body must be a JSON object");
  return body as Record<string, unknown>;
}

/** The request's `application/octet-stream` body, at most `maxBytes`; 415 and 413 as for JSON. */
export async function readBinary(c: Context, maxBytes: number): Promise<Uint8Array> {
  return readBody(c, /^application\/octet-stream\b/i, "a binary body with Content-Type: application/octet-stream", maxBytes);
}

/** Room for a multipart envelope (boundaries, part headers) around the file itself. */
const MULTIPART_OVERHEAD = 16 * 1024;

/**
 * An uploaded file: either the raw bytes as the body (any Content-Type; the name from
 * `?name=`) or `multipart/form-data` with a `file` field (as a browser form sends it). 413
 * past `maxBytes`, checked on the declared length and again on what arrived; 400 without a
 * file.
 */
export async function readUpload(c: Context, maxBytes: number): Promise<{ bytes: Uint8Array; name: string | null }> {
  const multipart = /^multipart\/form-data\b/i.test(c.req.header("Content-Type") ?? "");
  const tooLarge = () => new ApiError("payload_too_large", `a file may have at most ${maxBytes} bytes`);
  const limit = multipart ? maxBytes + MULTIPART_OVERHEAD : maxBytes;
  if (Number(c.req.header("Content-Length") ?? 0) > limit) throw tooLarge();
  const body = await readCapped(c.req.raw, limit);
  if (body === null) throw tooLarge();
  if (!multipart) {
    if (body.byteLength === 0) throw new ApiError("bad_request", "the body is empty: send the file's bytes");
    return { bytes: body, name: null };
  }
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "Content-Type": c.req.header("Content-Type")! } }).formData();
  } catch (err) {
    throw new ApiError("bad_request", "the multipart body does not parse", { cause: err });
  }
  const file = form.get("file");
  if (file === null || typeof file === "string") throw new ApiError("bad_request", "send the file in a field named file");
  if (file.size > maxBytes) throw tooLarge();
  return { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name || null };
}

/** The request's body, or null as soon as it passes `limit` bytes (a chunked body has no declared length). */
async function readCapped(request: Request, limit: number): Promise<Uint8Array | null> {
  if (request.body === null) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

async function readBody(c: Context, type: RegExp, expected: string, maxBytes: number): Promise<Uint8Array> {
  if (!type.test(c.req.header("Content-Type") ?? "")) throw new ApiError("unsupported_media_type", `send ${expected}`);
  const tooLarge = () => new ApiError("payload_too_large", `this body is limited to ${maxBytes} bytes`);
  // Refuse a declared oversize before reading it; count bytes of what was actually sent.
  if (Number(c.req.header("Content-Length") ?? 0) > maxBytes) throw tooLarge();
  const bytes = await c.req.arrayBuffer();
  if (bytes.byteLength > maxBytes) throw tooLarge();
  return new Uint8Array(bytes);
}
