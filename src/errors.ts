import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Every error the HTTP API can answer with. Clients branch on `code`, never on `message`. */
export type ErrorCode =
  | "bad_request"
  | "invalid_json"
  | "unsupported_media_type"
  | "payload_too_large"
  | "invalid_room_id"
  | "upgrade_required"
  | "unauthorized"
  | "invalid_credentials"
  | "reauthentication_required"
  | "invalid_token"
  | "email_unverified"
  | "forbidden"
  | "forbidden_origin"
  | "not_found"
  | "room_not_found"
  | "version_not_found"
  | "thread_not_found"
  | "comment_not_found"
  | "webhook_not_found"
  | "file_not_found"
  | "invalid_update"
  | "document_too_large"
  | "history_range_too_large"
  | "history_damaged"
  | "user_not_found"
  | "email_taken"
  | "room_exists"
  | "too_many_webhooks"
  | "too_many_tokens"
  | "quota_exceeded"
  | "too_many_requests"
  | "room_full"
  | "too_many_connections"
  | "unavailable"
  | "misconfigured"
  | "internal";

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  invalid_json: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  invalid_room_id: 400,
  upgrade_required: 426,
  unauthorized: 401,
  invalid_credentials: 401,
  reauthentication_required: 403,
  invalid_token: 400,
  email_unverified: 403,
  forbidden: 403,
  forbidden_origin: 403,
  not_found: 404,
  room_not_found: 404,
  version_not_found: 404,
  thread_not_found: 404,
  comment_not_found: 404,
  webhook_not_found: 404,
  file_not_found: 404,
  invalid_update: 400,
  document_too_large: 413,
  history_range_too_large: 422,
  history_damaged: 500,
  user_not_found: 404,
  email_taken: 409,
  room_exists: 409,
  too_many_webhooks: 409,
  too_many_tokens: 409,
  quota_exceeded: 413,
  too_many_requests: 429,
  room_full: 503,
  too_many_connections: 429,
  unavailable: 503,
  misconfigured: 500,
  internal: 500,
};

/** Maps an error code to its HTTP status: the one place that decides it. */
export function statusOf(code: ErrorCode): ContentfulStatusCode {
  return STATUS[code];
}

/** A request error with a stable code; `onError` turns it into the one JSON error shape. */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(message, options);
    this.headers = options?.headers ?? {};
  }

  /** Extra response headers, e.g. Retry-After on 429. */
  readonly headers: Record<string, string>;
}

/** The body of every error response: `{"error":{"code","message"}}`. */
export function errorBody(code: ErrorCode, message: string) {
  return { error: { code, message } };
}

/**
 * An error as a Response in the one shape, for the Durable Objects, which answer upgrades
 * outside the Hono app (and so outside its onError).
 */
export const errorResponse = (code: ErrorCode, message: string, retryAfter?: string) =>
  Response.json(errorBody(code, message), { status: statusOf(code), headers: retryAfter === undefined ? undefined : { "Retry-After": retryAfter } });
