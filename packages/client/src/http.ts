/**
 * How the client talks HTTP: the server's origin, credentials (a bearer token, the browser's
 * cookies, or a cookie jar outside browsers), JSON and binary bodies, errors as `ApiError`,
 * and a 401 answered by one session refresh and one retry.
 */
import { CookieJar } from "./cookie-jar";
import { errorOf } from "./errors";
import { sessionRefresher } from "./session";

export interface ClientOptions {
  /**
   * The server's origin, such as `https://rooms.example.com`. A page served by the server
   * itself may leave it out: requests then go to the page's own origin.
   */
  baseUrl?: string;
  /**
   * A bearer token (an API token, or one your backend minted): sent as `Authorization:
   * Bearer <token>` on every request, and on room sockets where the platform allows headers.
   */
  auth?: { token: string };
  /**
   * Keep the session cookies that sign-in sets in this client and send them back. Browsers
   * keep cookies themselves; the default is true where there is no `document` (Node).
   */
  cookies?: boolean;
  /** The `fetch` to use; by default the platform's. */
  fetch?: typeof fetch;
  /** Called when a request was refused and refreshing the session did not help: signed out. */
  onSignedOut?: () => void;
}

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RequestOptions {
  method?: Method;
  json?: unknown;
  bytes?: Uint8Array | Blob;
  /** The type of `bytes` (default `application/octet-stream`). */
  contentType?: string;
  query?: Record<string, string | number | boolean | undefined>;
}

export interface Transport {
  /** The server's origin ("" for the page's own). */
  readonly baseUrl: string;
  /** Whether requests carry a bearer token the app gave (which the client cannot refresh). */
  readonly hasToken: boolean;
  /** Sends a request and returns the answer; throws `ApiError` for an error answer. */
  send(path: string, req?: RequestOptions): Promise<Response>;
  /** `send`, answering the parsed JSON (undefined for 204). */
  json<T>(path: string, req?: RequestOptions): Promise<T>;
  /** The headers a socket to `path` needs outside a browser (token, cookies). */
  socketHeaders(path: string): Record<string, string>;
  /** Refreshes the session once across callers and tabs; false when it is over. */
  refreshSession(): Promise<boolean>;
  /** Forgets this client's cookies (after signing out). */
  forgetCookies(): void;
}

const withQuery = (path: string, query: RequestOptions["query"]): string => {
  const pairs = Object.entries(query ?? {}).filter((pair): pair is [string, string | number | boolean] => pair[1] !== undefined);
  if (pairs.length === 0) return path;
  return `${path}?${new URLSearchParams(pairs.map(([k, v]) => [k, String(v)])).toString()}`;
};

export function createTransport(opts: ClientOptions = {}): Transport {
  const baseUrl = (opts.baseUrl ?? "").replace(/\/+$/, "");
  const fetchFn = opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const jar = (opts.cookies ?? typeof document === "undefined") ? new CookieJar() : null;

  const credentials = (path: string): Record<string, string> => {
    const headers: Record<string, string> = {};
    if (opts.auth) headers.Authorization = `Bearer ${opts.auth.token}`;
    const cookie = jar?.header(path.split("?")[0]!);
    if (cookie) headers.Cookie = cookie;
    return headers;
  };

  const raw = async (path: string, req: RequestOptions = {}): Promise<Response> => {
    const contentType: Record<string, string> =
      req.json !== undefined ? { "Content-Type": "application/json" } : req.bytes ? { "Content-Type": req.contentType ?? "application/octet-stream" } : {};
    const res = await fetchFn(`${baseUrl}${path}`, {
      method: req.method ?? "GET",
      headers: { ...contentType, ...credentials(path) },
      body: req.json !== undefined ? JSON.stringify(req.json) : (req.bytes as BodyInit | undefined),
      credentials: "same-origin",
    });
    jar?.store(res.headers.getSetCookie?.() ?? []);
    return res;
  };

  const refreshSession = sessionRefresher({
    stillSignedIn: async () => (await raw("/api/me")).ok,
    refresh: async () => (await raw("/api/auth/refresh", { method: "POST" })).ok,
  });

  const send = async (path: string, req: RequestOptions = {}): Promise<Response> => {
    const target = withQuery(path, req.query);
    let res = await raw(target, req);
    // A token the caller gave is theirs to renew; a cookie session is refreshed here, once.
    if (res.status === 401 && !opts.auth && !path.startsWith("/api/auth/")) {
      if (!(await refreshSession())) {
        opts.onSignedOut?.();
        throw await errorOf(res);
      }
      res = await raw(target, req);
    }
    if (!res.ok) throw await errorOf(res);
    return res;
  };

  return {
    baseUrl,
    hasToken: opts.auth !== undefined,
    send,
    async json<T>(path: string, req?: RequestOptions) {
      const res = await send(path, req);
      return (res.status === 204 ? undefined : await res.json()) as T;
    },
    socketHeaders: credentials,
    refreshSession,
    forgetCookies: () => jar?.clear(),
  };
}
