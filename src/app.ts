/** The Hono app: routes mounted in the order a request meets them, and the one error handler. */

import { Hono } from "hono";
import { accountDeletion } from "./api/account-deletion";
import { auth, me } from "./api/auth";
import { devOutbox } from "./api/dev-outbox";
import { verification } from "./api/email-verification";
import { invitations } from "./api/invitations";
import { notifications } from "./api/notifications";
import { oidc } from "./api/oidc";
import { ops } from "./api/ops";
import { pages } from "./api/pages";
import { passwords } from "./api/password";
import { preferences, unsubscribe } from "./api/preferences";
import { roomSocket } from "./api/room-socket";
import { rooms } from "./api/rooms";
import { tokens } from "./api/tokens";
import { refuseSecretsInUrl } from "./auth/api-tokens";
import { originGuard } from "./auth/origin";
import type { AppEnv } from "./env";
import { ApiError, errorBody, statusOf } from "./errors";
import { logEvent } from "./log";

export const app = new Hono<AppEnv>()
  .get("/healthz", (c) => c.json({ ok: true }))
  .use(refuseSecretsInUrl)
  .use("/api/*", originGuard)
  .route("/api/auth/oidc", oidc)
  .route("/api/auth", auth)
  .route("/api/auth", verification)
  .route("/api/auth", passwords)
  .route("/api/invitations", invitations)
  .route("/api/me", me)
  .route("/api/me", accountDeletion)
  .route("/api/me/preferences", preferences)
  .route("/api/mail", unsubscribe)
  .route("/api/rooms", rooms)
  .route("/api/notifications", notifications)
  .route("/api/tokens", tokens)
  .route("/api/ops", ops)
  .route("/api/dev", devOutbox)
  .route("/rooms", roomSocket)
  .route("/", pages);

app.notFound((c) => c.json(errorBody("not_found", `no route for ${c.req.method} ${c.req.path}`), 404));

app.onError((err, c) => {
  if (err instanceof ApiError) {
    for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
    return c.json(errorBody(err.code, err.message), statusOf(err.code));
  }
  // Never a stack trace or internal detail in the response; the log line carries the cause.
  logEvent("error", "unhandled_error", { method: c.req.method, path: c.req.path, error: String(err) });
  return c.json(errorBody("internal", "internal error"), 500);
});
