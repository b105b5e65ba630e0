/** The API's one error shape, `{ error: { code, message } }`, as an Error a program branches on by `code`. */
import type { ErrorCode } from "./server-types";

export type { ErrorCode };

export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    /** The HTTP status (0: the request never got an answer). */
    readonly status: number,
    /** The API's error code (docs/api.md); "internal" when the answer carried none. */
    readonly code: ErrorCode,
    message: string,
    /** Seconds to wait, from `Retry-After` (429 and 503 answers), else null. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

/** The error an answer that is not 2xx stands for. */
export async function errorOf(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as { error?: { code?: ErrorCode; message?: string } } | null;
  const retry = res.headers.get("Retry-After");
  return new ApiError(
    res.status,
    body?.error?.code ?? "internal",
    body?.error?.message ?? `request failed (${res.status})`,
    retry === null ? null : Number(retry),
  );
}
