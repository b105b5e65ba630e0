/** Signing up and sharing rooms over real HTTP, and a stock provider that presents the cookies. */
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { DevServer } from "./dev-server";
import { mailedLink, tokenOfLink } from "./outbox";

type ProviderOptions = NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>;

/** What a client needs of a server: its page origin and WebSocket base. */
type Site = Pick<DevServer, "url" | "wsUrl">;

export interface Account {
  user: { id: string; email: string; name: string };
  /** The Cookie header a browser would send to /rooms and /api. */
  cookie: string;
}

async function call(server: Site, path: string, method: string, body: unknown, cookie?: string): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method,
    headers: { "Content-Type": "application/json", Origin: server.url, ...(cookie ? { Cookie: cookie } : {}) },
    body: JSON.stringify(body),
  });
}

/** Signs up and confirms the address with the mailed link (rooms are shared by address only with confirmed accounts). */
export async function signUp(server: Site, name: string): Promise<Account> {
  const email = `${name.toLowerCase()}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const res = await call(server, "/api/auth/signup", "POST", { email, name, password: "correct horse battery" });
  if (res.status !== 201) throw new Error(`signup: ${res.status} ${await res.text()}`);
  const verified = await call(server, "/api/auth/verify", "POST", { token: tokenOfLink(await mailedLink(server, email, "/verify")) });
  if (verified.status !== 200) throw new Error(`verify: ${verified.status} ${await verified.text()}`);
  // Only the access cookie (Path=/) goes to sockets and the API; the refresh cookie stays on /api/auth.
  const access = res.headers.getSetCookie().find((c) => c.startsWith("__Host-er_access="))!;
  return { user: ((await res.json()) as Account).user, cookie: access.split(";")[0]! };
}

export async function createRoom(server: Site, owner: Account, id: string): Promise<void> {
  const res = await call(server, "/api/rooms", "POST", { id, title: id }, owner.cookie);
  if (res.status !== 201) throw new Error(`create room: ${res.status} ${await res.text()}`);
}

export async function share(server: Site, owner: Account, room: string, email: string, role: "editor" | "viewer"): Promise<void> {
  const res = await call(server, `/api/rooms/${room}/members`, "PUT", { email, role }, owner.cookie);
  if (res.status !== 200) throw new Error(`share: ${res.status} ${await res.text()}`);
}

/** Lets every signed-in account edit the room (general access), as a team's open document. */
export async function openToEditors(server: Site, owner: Account, room: string): Promise<void> {
  const res = await call(server, `/api/rooms/${room}`, "PATCH", { generalAccess: "editor" }, owner.cookie);
  if (res.status !== 200) throw new Error(`general access: ${res.status} ${await res.text()}`);
}

export interface ConnectOptions {
  doc?: Y.Doc;
  params?: Record<string, string>;
  /** Where the provider connects (the room name is appended); by default this Worker's `/rooms`. */
  serverUrl?: string;
  /** Whether the socket offers permessage-deflate, as browsers do (the `ws` default: true). */
  perMessageDeflate?: boolean;
}

/**
 * A stock y-websocket provider whose socket carries the account's cookie (if any) and the
 * page's Origin.
 */
export function connect(server: Site, account: Account, room: string, opts: ConnectOptions = {}) {
  const doc = opts.doc ?? new Y.Doc();
  const headers = { Origin: server.url, ...(account.cookie ? { Cookie: account.cookie } : {}) };
  class BrowserLikeWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers, perMessageDeflate: opts.perMessageDeflate ?? true });
    }
  }
  const provider = new WebsocketProvider(opts.serverUrl ?? `${server.wsUrl}/rooms`, room, doc, {
    WebSocketPolyfill: BrowserLikeWebSocket as unknown as ProviderOptions["WebSocketPolyfill"],
    disableBc: true,
    params: opts.params,
  });
  provider.awareness.setLocalStateField("user", { name: account.user.name });
  return { doc, provider, text: doc.getText("content") };
}

export function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + ms;
    const poll = () => {
      if (check()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 20);
    };
    poll();
  });
}

/** Attempts a socket handshake; resolves 101 when it opens, else the HTTP status it was refused with. */
export function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const timer = setTimeout(() => (ws.terminate(), reject(new Error("handshake timed out"))), 10_000);
    ws.on("open", () => {
      clearTimeout(timer);
      ws.close();
      resolve(101);
    });
    ws.on("unexpected-response", (_req, res) => {
      clearTimeout(timer);
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on("error", () => {});
  });
}
