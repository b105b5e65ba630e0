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

async function readBody(c: Context, type: RegExp, expected: string, maxBytes: number): Promise<Uint8Array> {
  if (!type.test(c.req.header("Content-Type") ?? "")) throw new ApiError("unsupported_media_type", `send ${expected}`);
  const tooLarge = () => new ApiError("payload_too_large", `this body is limited to ${maxBytes} bytes`);
  // Refuse a declared oversize before reading it; count bytes of what was actually sent.
  if (Number(c.req.header("Content-Length") ?? 0) > maxBytes) throw tooLarge();
  const bytes = await c.req.arrayBuffer();
  if (bytes.byteLength > maxBytes) throw tooLarge();
  return new Uint8Array(bytes);
}
