/**
 * The browser pages: static HTML that Vite built into the asset store (web/dist), served by
 * the Worker so that each carries the security headers below. The scripts and styles they
 * load live under /assets/ and are served by the asset store without running the Worker.
 */
import { type Context, Hono } from "hono";
import type { AppEnv } from "../env";

export type Page = "index.html" | "signin.html" | "room.html" | "account.html";

/**
 * Pages run only our own bundled code: no inline script or style, no third-party origin.
 * `connect-src 'self'` covers the same-origin ws:/wss: room sockets. Styles that scripts
 * set (remote carets' colours) go through the CSSOM, which style-src does not restrict.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const PAGE_HEADERS: Record<string, string> = {
  "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  "X-Content-Type-Options": "nosniff",
  // Room ids are in URLs: links followed from a document must not carry them to other sites.
  "Referrer-Policy": "same-origin",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
  // A deploy changes the hashed asset names a page refers to: always revalidate the page.
  "Cache-Control": "no-cache",
};

/** Whether the caller is a browser navigating (it asks for HTML), not an API or socket client. */
export function wantsHtml(c: Context): boolean {
  return (c.req.header("Accept") ?? "").includes("text/html");
}

/** One page from the asset store with the page headers; conditional requests pass through (304). */
export async function servePage(c: Context<AppEnv>, page: Page): Promise<Response> {
  const url = new URL(`/${page}`, c.req.url);
  const asset = await c.env.ASSETS.fetch(new Request(url, { method: c.req.method, headers: c.req.raw.headers }));
  // The pages are part of the build: a missing one means `npm run build` did not run.
  if (asset.status === 404) throw new Error(`page ${page} is missing from the assets: run npm run build`);
  const res = new Response(asset.body, asset);
  for (const [name, value] of Object.entries(PAGE_HEADERS)) res.headers.set(name, value);
  return res;
}

/**
 * `/` (the rooms list), `/signin`, and the account page at the paths mailed links open
 * (`/verify`, `/reset`, `/invitation`), at `/forgot` and at `/account` (the signed-in person's
 * settings); the room page answers at `/rooms/:id`,
 * see room-socket.ts.
 */
export const pages = new Hono<AppEnv>()
  .get("/", (c) => servePage(c, "index.html"))
  .get("/signin", (c) => servePage(c, "signin.html"))
  .on("GET", ["/verify", "/forgot", "/reset", "/invitation", "/account"], (c) => servePage(c, "account.html"));
