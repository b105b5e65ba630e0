/**
 * A minimal browser for tests: sends the page's Origin, keeps cookies by name and Path
 * (as a browser would: the refresh cookie only goes to /api/auth), honours deletions.
 */
import { exports } from "cloudflare:workers";
import { BASE } from "./client";
import { verifyEmail } from "./outbox";

interface Cookie {
  value: string;
  path: string;
}

export class Browser {
  readonly cookies = new Map<string, Cookie>();
  user: { id: string; email: string; name: string } | undefined;

  constructor(readonly origin: string = BASE) {}

  cookieHeader(path: string): string {
    return [...this.cookies]
      .filter(([, c]) => path === c.path || path.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`))
      .map(([name, c]) => `${name}=${c.value}`)
      .join("; ");
  }

  async fetch(
    path: string,
    init: { method?: string; json?: unknown; body?: Uint8Array<ArrayBuffer>; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const headers = new Headers(init.headers);
    if (!headers.has("Origin") && init.method && init.method !== "GET") headers.set("Origin", this.origin);
    const cookie = this.cookieHeader(path);
    if (cookie && !headers.has("Cookie")) headers.set("Cookie", cookie);
    if (init.json !== undefined) headers.set("Content-Type", "application/json");
    const res = await exports.default.fetch(`${BASE}${path}`, {
      method: init.method ?? "GET",
      headers,
      body: init.json === undefined ? init.body : JSON.stringify(init.json),
      // A redirect is the test's to look at (and its cookies to keep), as a browser sees it.
      redirect: "manual",
    });
    for (const line of res.headers.getSetCookie()) this.#store(line);
    return res;
  }

  /** Headers for a WebSocket upgrade from this browser's page. */
  socketHeaders(): Record<string, string> {
    return { Origin: this.origin, Cookie: this.cookieHeader("/rooms") };
  }

  #store(line: string): void {
    const [pair, ...attributes] = line.split(";").map((s) => s.trim());
    const eq = pair!.indexOf("=");
    const name = pair!.slice(0, eq);
    const attr = new Map(attributes.map((a) => [a.split("=")[0]!.toLowerCase(), a.split("=").slice(1).join("=")]));
    if (attr.get("max-age") === "0" || (attr.has("expires") && Date.parse(attr.get("expires")!) < Date.now())) {
      this.cookies.delete(name);
    } else {
      this.cookies.set(name, { value: pair!.slice(eq + 1), path: attr.get("path") ?? "/" });
    }
  }
}

/** The password every test account signs up with. */
export const PASSWORD = "correct horse battery";

/** An address no account has yet. */
export const uniqueEmail = () => `u-${crypto.randomUUID().slice(0, 8)}@example.com`;

/** The `error.code` of an API error response (its body stays readable). */
export async function errorCode(res: Response): Promise<string> {
  return ((await res.clone().json()) as { error: { code: string } }).error.code;
}

/** Tries a socket upgrade and returns the HTTP status (101 on success). */
export async function upgradeStatus(room: string, headers: Record<string, string>): Promise<number> {
  const res = await exports.default.fetch(`${BASE}/rooms/${room}`, { headers: { Upgrade: "websocket", ...headers } });
  if (res.webSocket) {
    res.webSocket.accept();
    res.webSocket.close(1000);
  }
  return res.status;
}

let accounts = 0;

const hex16 = () => crypto.getRandomValues(new Uint16Array(1))[0]!.toString(16);
/** An address in a network of its own (a random IPv6 /64): sign-ups are budgeted per network. */
export const ownNetwork = () => `2001:db8:${hex16()}:${hex16()}::1`;

/**
 * Signs up a new user, each from a network of their own, and returns their browser with
 * session cookies. The address is confirmed through the mailed link (people share rooms by
 * address only with confirmed accounts) unless `verified` is false.
 */
export async function signUp(name = `User ${++accounts}`, { verified = true } = {}): Promise<Browser> {
  const browser = new Browser();
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}.${crypto.randomUUID().slice(0, 8)}@example.com`;
  const headers = { "CF-Connecting-IP": ownNetwork() };
  const res = await browser.fetch("/api/auth/signup", { method: "POST", json: { email, name, password: "correct horse battery" }, headers });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${await res.text()}`);
  browser.user = ((await res.json()) as { user: Browser["user"] }).user;
  if (verified) await verifyEmail(browser);
  return browser;
}

/** Creates a room owned by `owner` and returns its id. */
export async function createRoom(owner: Browser, body: { id?: string; title?: string } = {}): Promise<string> {
  const res = await owner.fetch("/api/rooms", { method: "POST", json: body });
  if (res.status !== 201) throw new Error(`room creation failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { room: { id: string } }).room.id;
}
