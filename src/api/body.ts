/** Reading JSON request bodies: one place for content type, size and shape errors. */
import type { Context } from "hono";
import { ApiError } from "../errors";

const MAX_JSON_BYTES = 64 * 1024;

/** The request's JSON object body; 415 for another content type, 413 too large, 400 malformed. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const type = c.req.header("Content-Type") ?? "";
  if (!/^application\/json\b/i.test(type)) throw new ApiError("unsupported_media_type", "send a JSON body with Content-Type: application/json");
  const tooLarge = () => new ApiError("payload_too_large", `JSON bodies are limited to ${MAX_JSON_BYTES} bytes`);
  // Refuse a declared oversize before reading it; count bytes of what was actually sent.
  if (Number(c.req.header("Content-Length") ?? 0) > MAX_JSON_BYTES) throw tooLarge();
  const bytes = await c.req.arrayBuffer();
  if (bytes.byteLength > MAX_JSON_BYTES) throw tooLarge();
  const text = new TextDecoder().decode(bytes);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new ApiError("invalid_json", "the body is not valid JSON", { cause: err });
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new ApiError("invalid_json", "the body must be a JSON object");
  return body as Record<string, unknown>;
}

/** A string field, trimmed; undefined when absent, 400 when present but not a string or too long. */
export function optionalString(body: Record<string, unknown>, field: string, maxLength: number): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new ApiError("bad_request", `${field} must be a string`);
  const trimmed = value.trim();
  if (trimmed.length > maxLength) throw new ApiError("bad_request", `${field} must be at most ${maxLength} characters`);
  return trimmed;
}

export function requiredString(body: Record<string, unknown>, field: string, maxLength: number): string {
  const value = optionalString(body, field, maxLength);
  if (value === undefined || value === "") throw new ApiError("bad_request", `${field} is required`);
  return value;
}

export function oneOf<T extends string>(body: Record<string, unknown>, field: string, allowed: readonly T[]): T | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new ApiError("bad_request", `${field} must be one of ${allowed.join(", ")}`);
  return value as T;
}
