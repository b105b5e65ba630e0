import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Every error the HTTP API can answer with. Clients branch on `code`, never on `message`. */
export type ErrorCode =
  | "bad_request"
  | "invalid_room_id"
  | "upgrade_required"
  | "not_found"
  | "internal";

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  invalid_room_id: 400,
  upgrade_required: 426,
  not_found: 404,
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
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The body of every error response: `{"error":{"code","message"}}`. */
export function errorBody(code: ErrorCode, message: string) {
  return { error: { code, message } };
}
