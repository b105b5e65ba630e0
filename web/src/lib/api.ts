/**
 * The HTTP API from a page: JSON in and out, the error shape `{ error: { code, message } }`
 * as an `ApiError`, and an expired access cookie refreshed once before giving up.
 */
import { goToSignIn, refreshSession } from "./session";

export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

interface Request {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  json?: unknown;
  bytes?: Uint8Array<ArrayBuffer>;
  /** A file, sent as it is (its own Content-Type). */
  file?: Blob;
}

function headersOf(req: Request): Record<string, string> {
  if (req.json !== undefined) return { "Content-Type": "application/json" };
  if (req.bytes) return { "Content-Type": "application/octet-stream" };
  if (req.file) return { "Content-Type": req.file.type || "application/octet-stream" };
  return {};
}

/**
 * Calls the API and returns the response; throws `ApiError` for error answers. A 401 is
 * retried once after a refresh; if the session is over the visitor goes to sign in.
 */
export async function call(path: string, req: Request = {}): Promise<Response> {
  const send = () =>
    fetch(path, {
      method: req.method ?? "GET",
      headers: headersOf(req),
      body: req.json !== undefined ? JSON.stringify(req.json) : (req.bytes ?? req.file),
    });
  let res = await send();
  if (res.status === 401 && !path.startsWith("/api/auth/")) {
    if (!(await refreshSession())) {
      goToSignIn();
      throw await errorOf(res);
    }
    res = await send();
  }
  if (!res.ok) throw await errorOf(res);
  return res;
}

/** `call`, answering the parsed JSON body. */
export async function api<T>(path: string, req: Request = {}): Promise<T> {
  const res = await call(path, req);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

async function errorOf(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  const retry = res.headers.get("Retry-After");
  return new ApiError(
    res.status,
    body?.error?.code ?? "internal",
    body?.error?.message ?? `request failed (${res.status})`,
    retry === null ? null : Number(retry),
  );
}
